import Audit
import BGP
import Foundation
import Job
import RouteServer
import Routing
import Synth
import XCTest

/// The whole audit over the planted day finds what truth.json lists and nothing else at
/// warning or above: every planted anomaly is found (recall), and the ordinary day around
/// them is clean (precision). Findings and truth entries are compared by check, member,
/// prefix and other member; a finding of a check planted route by route (`perRoute`) is
/// compared by each of its routes' prefixes, as each was a finding of its own before
/// findings were gathered per member.
final class PlantedTruthAuditTests: XCTestCase {
    func testAuditFindsExactlyTheTruth() throws {
        let d = try PlantedDay.shared()
        let job = d.job
        let members = try job.memberDirectory()
        let policy = try ImportPolicy.preset("smarthub-ix", directory: Self.policyDirectory)
        let simulation = RouteServerSimulation.run(rib: d.day.rib, job: job, members: members, policy: policy)
        let inputs = AuditInputs(job: job, members: members, policy: policy, rib: d.day.rib, reconstruction: d.day.summary,
                                 simulation: simulation, relationships: try ASRelationships.load(path: try XCTUnwrap(job.inputs.relationships)),
                                 rpki: try ROASet.load(path: try XCTUnwrap(job.inputs.rpki)),
                                 irr: try RouteObjectSet.load(path: try XCTUnwrap(job.inputs.irr)),
                                 flows: [try FlowReader(path: try XCTUnwrap(job.inputs.flows))], peeringLANs: try job.peeringLANs())
        let result = Audit.run(inputs)
        XCTAssertEqual(result.checks.filter { !$0.ran }.map(\.check.id.description), ["source-prefix-set", "rs-filter-mismatch"],
                       "every check runs but the other-source one and rs-filter-mismatch (the synthetic route servers drop what they reject; the job sets no reject_tags)")

        func key(_ check: String, _ asn: ASN?, _ prefix: Prefix?, _ other: ASN?) -> String {
            "\(check) AS\(asn.map { "\($0)" } ?? "?") \(prefix?.description ?? "-") \(other.map { "AS\($0)" } ?? "-")"
        }
        let expected = Set(d.anomalies.map { key($0.check, $0.asn, $0.prefix, $0.otherASN) })
        let found = Set(result.findings(atLeast: .warning).flatMap { finding -> [String] in
            let check = finding.check.id.description
            guard Self.perRoute.contains(check), !finding.routes.isEmpty else {
                return [key(check, finding.member, finding.prefix, finding.otherMember)]
            }
            return finding.routes.map { key(check, finding.member, $0.prefix, finding.otherMember) }
        })
        XCTAssertGreaterThan(expected.count, 30)
        XCTAssertEqual(found.subtracting(expected).sorted(), [], "found but not planted")
        XCTAssertEqual(expected.subtracting(found).sorted(), [], "planted but not found")
    }

    /// The checks truth.json lists route by route; the others it lists once per member (and
    /// cause) with the first prefix, as their findings name it.
    static let perRoute: Set<String> = [
        "bogon-prefix", "default-route", "prefix-too-long", "prefix-too-short", "rpki-invalid", "irr-unregistered",
        "rs-prefix-set", "session-prefix-set", "source-prefix-set", "as-path-mismatch", "prepend-mismatch",
        "med-mismatch", "community-mismatch", "route-flapping", "community-churn",
    ]

    /// data/policies, from this file's place in the repository.
    static let policyDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("data/policies").path
}
