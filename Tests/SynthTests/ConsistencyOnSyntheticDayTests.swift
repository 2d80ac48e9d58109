import Audit
import BGP
import Foundation
import Job
import MRT
import RouteServer
import Routing
import Synth
import XCTest

/// The consistency analysis against a synthetic day's planted events (60 members, 20,000
/// routes): every planted session reset, rs1/rs2 difference and flapping route is found by its
/// check, and nothing else of the consistency category is found at warning or above — the
/// background churn (flaps, attribute changes, routes withdrawn or announced during the day)
/// stays below warning.
final class ConsistencyOnSyntheticDayTests: XCTestCase {
    static let options = SynthOptions(seed: 11, members: 60, routes: 20_000)

    func testEveryPlantedEventIsFoundAndNothingElse() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ixaudit-synth-consistency-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let report = try SyntheticDay.generate(Self.options, into: directory)
        let job = try JobFile.load(path: directory + "/job.yaml", date: Self.options.date, requireFiles: true)
        let reconstruction = Reconstruction()
        reconstruction.run(job.sources.map(\.input))
        let inputs = AuditInputs(job: job, members: try job.memberDirectory(), policy: ImportPolicy(name: "none"),
                                 rib: reconstruction.rib, reconstruction: reconstruction.summary, simulation: [])
        let findings = ConsistencyAnalysis.run(inputs).findings.filter { $0.category == .consistency && $0.severity >= .warning }

        // What each planted event must be found as: check id, member, and the prefix or, for a
        // reset, the session ("rs1 185.1.15.21").
        let planted = report.planted
        var expected: Set<Key> = []
        for reset in planted.sessionResets {
            expected.insert(Key(check: Check.sessionReset.id.description, asn: reset.asn, subject: "\(reset.source) \(reset.peerAddress)"))
        }
        for difference in planted.routeServerDifferences {
            expected.insert(Key(check: difference.checkID, asn: difference.asn, subject: difference.prefix.description))
        }
        for route in planted.flappingRoutes {
            expected.insert(Key(check: Check.routeFlapping.id.description, asn: route.asn, subject: route.prefix.description))
        }
        XCTAssertFalse(planted.sessionResets.isEmpty)
        XCTAssertFalse(planted.routeServerDifferences.isEmpty)
        XCTAssertFalse(planted.flappingRoutes.isEmpty)

        // A finding stands for all its routes: each is judged, as each was a finding of its own
        // before findings were gathered per member and session. A reset has no route: its session.
        let found = findings.flatMap { finding in
            let check = finding.check.id.description
            guard !finding.routes.isEmpty else { return [Key(check: check, asn: finding.member!, subject: finding.source)] }
            return Set(finding.routes.map(\.prefix)).sorted().map { Key(check: check, asn: finding.member!, subject: $0.description) }
        }
        let truePositives = found.filter { expected.contains($0) }.count
        let recalled = expected.filter { Set(found).contains($0) }
        let precision = findings.isEmpty ? 1 : Double(truePositives) / Double(found.count)
        let recall = Double(recalled.count) / Double(expected.count)
        print("consistency at warning or above on the synthetic day: \(findings.count) findings of \(found.count) routes and sessions, "
            + "\(expected.count) planted events; "
            + "precision \(precision), recall \(recall)")
        for key in Set(found).subtracting(expected).sorted() { print("  not planted: \(key)") }
        for key in expected.subtracting(found).sorted() { print("  missed: \(key)") }
        XCTAssertEqual(precision, 1.0)
        XCTAssertEqual(recall, 1.0)
    }

    struct Key: Hashable, Comparable, CustomStringConvertible {
        var check: String
        var asn: ASN
        var subject: String
        static func < (a: Key, b: Key) -> Bool { (a.check, a.asn.rawValue, a.subject) < (b.check, b.asn.rawValue, b.subject) }
        var description: String { "\(check) AS\(asn) \(subject)" }
    }
}
