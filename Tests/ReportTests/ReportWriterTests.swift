@testable import Audit
import BGP
import Foundation
import Job
@testable import Report
@testable import Routing
import XCTest

/// The report's files are written side by side, yet listed in one order, the same bytes on
/// every run; a file that cannot be written stops the report with the first failure in that
/// order, and only once every part has ended, leaving no temporary file behind.
final class ReportWriterTests: XCTestCase {
    static let memberCount = 40

    func testTheFilesAreListedInOneOrderAndAreTheSameOnEveryRun() throws {
        let day = Self.day()
        let first = try Self.directory(), second = try Self.directory()
        defer {
            try? FileManager.default.removeItem(atPath: first)
            try? FileManager.default.removeItem(atPath: second)
        }
        let written = try ReportWriter.write(day, into: first)
        XCTAssertEqual(try ReportWriter.write(day, into: second), written)

        var expected = ["findings.csv", "checks.csv"]
        for category in Category.allCases.map(\.rawValue) {
            expected += ["\(category).csv", "\(category)-routes.csv.gz", "\(category).md", "\(category).html"]
        }
        expected += ["members.csv", "announcements.csv.gz", "sessions.csv", "export-matrix.csv.gz", "community-sets.csv"]
        expected += written.filter { $0.hasPrefix("charts/") }
        for member in day.members.members { expected += ["reviews/AS\(member.asn).md", "reviews/AS\(member.asn).html"] }
        expected += ["index.md", "index.html", "run.json"]
        XCTAssertEqual(written, expected)
        XCTAssertFalse(written.filter { $0.hasPrefix("charts/") }.isEmpty)

        XCTAssertEqual(try Self.files(in: first), Set(written), "every file listed, nothing else")
        for file in written {
            XCTAssertEqual(FileManager.default.contents(atPath: "\(first)/\(file)"), FileManager.default.contents(atPath: "\(second)/\(file)"), file)
        }
    }

    func testTheFirstFailureInOrderIsThrownOnceEveryPartHasEnded() throws {
        let day = Self.day()
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // A directory where a file should go: its rename fails, late in the report and at its end.
        let blocked = "reviews/AS\(day.members.members[3].asn).html"
        for path in [blocked, "index.md"] {
            try FileManager.default.createDirectory(atPath: "\(directory)/\(path)", withIntermediateDirectories: true)
        }
        XCTAssertThrowsError(try ReportWriter.write(day, into: directory)) { error in
            XCTAssertTrue("\(error)".contains("\(directory)/\(blocked)"), "the first failure in the report's order: \(error)")
        }
        let after = try Self.files(in: directory)
        XCTAssertEqual(after.filter { $0.contains(".tmp-") }, [], "no temporary file is left")
        Thread.sleep(forTimeInterval: 0.2)
        XCTAssertEqual(try Self.files(in: directory), after, "nothing is still being written")
    }

    /// A small day: members with a session and routes each, findings of every category.
    static func day() -> DayReport {
        var members: [Member] = []
        let rib = AdjRIBIn()
        let attributes = rib.attributes.intern(PageBudgetTests.pathAttributes([65000, 3356, 15169]))
        var findings: [Finding] = []
        for n in 0..<memberCount {
            let asn = ASN(UInt32(65_000 + n))
            let address = IPAddress(ipv4: 0xB9010F00 &+ UInt32(n))
            members.append(Member(asn: asn, name: n % 7 == 0 ? "=Member, \"\(n)\"" : "Member \(n)", ipv4: [address]))
            let session = rib.session(SessionID(source: "rs1", peerAddress: address, peerASN: asn), partial: false)
            for r in 0..<50 {
                let prefix = Prefix(address: IPAddress(ipv4: 0x0A00_0000 &+ UInt32(n * 50 + r) << 8), length: 24)
                rib.announce(session, RouteKey(prefix: prefix), attributes: attributes, at: 1_795_219_200)
            }
        }
        for (n, check) in Check.all.enumerated() {
            let member = members[n % memberCount]
            findings.append(Finding(check, member: member.asn, memberName: member.name, source: "rs1",
                                    prefix: Prefix(address: IPAddress(ipv4: 0x0C00_0000 &+ UInt32(n) << 8), length: 24),
                                    evidence: "evidence \(n)", count: n,
                                    routes: [AffectedRoute(source: "rs1", prefix: Prefix("12.0.0.0/24")!, detail: "\(n)")],
                                    routesAffected: 1))
        }
        findings.sort { $0.severity > $1.severity }
        let runs = Check.all.map { CheckRun(check: $0, status: .ran, findings: 1) }
        let audit = AuditResult(findings: findings, checks: runs,
                                consistencyScores: members.map { MemberConsistency(asn: $0.asn, score: 0.5) }, traffic: nil)
        return DayReport(ixpName: "Small IX", date: "2026-11-21", jobFile: nil, policy: ImportPolicy(name: "smarthub-ix"),
                         members: MemberDirectory(members), rib: rib, reconstruction: ReconstructionSummary(), simulation: [],
                         audit: audit, inputFiles: [], timings: [], toolVersion: "test")
    }

    static func directory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The files under `directory`, relative to it.
    static func files(in directory: String) throws -> Set<String> {
        var files: Set<String> = []
        let enumerator = FileManager.default.enumerator(atPath: directory)
        while let path = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: "\(directory)/\(path)", isDirectory: &isDirectory), !isDirectory.boolValue { files.insert(path) }
        }
        return files
    }
}
