import Audit
import BGP
import Foundation
import Job
import RouteServer
import Routing
import Synth
import XCTest

/// The whole audit over the realistic day (no flows) finds what truth.json lists and nothing
/// else at warning or above: real paths behind the members break no rule of the policy. A
/// finding that gathers routes is compared route by route, as `PlantedTruthAuditTests` does.
final class RealisticTruthAuditTests: XCTestCase {
    func testAuditFindsExactlyTheTruth() throws {
        let d = try RealisticDay.shared()
        let options = RealisticDay.options
        let job = try JobFile.load(path: d.directory + "/job.yaml", date: options.date, requireFiles: true)
        let rib = Reconstruction()
        rib.run(job.sources.map(\.input))
        let members = try job.memberDirectory()
        let policy = try ImportPolicy.preset("smarthub-ix", directory: PlantedTruthAuditTests.policyDirectory)
        let simulation = RouteServerSimulation.run(rib: rib.rib, job: job, members: members, policy: policy)
        let inputs = AuditInputs(job: job, members: members, policy: policy, rib: rib.rib, reconstruction: rib.summary,
                                 simulation: simulation, relationships: try ASRelationships.load(path: try XCTUnwrap(job.inputs.relationships)),
                                 rpki: try ROASet.load(path: try XCTUnwrap(job.inputs.rpki)),
                                 irr: try RouteObjectSet.load(path: try XCTUnwrap(job.inputs.irr)),
                                 flows: [], peeringLANs: try job.peeringLANs())
        let result = Audit.run(inputs)

        func key(_ check: String, _ asn: ASN?, _ prefix: Prefix?, _ other: ASN?) -> String {
            "\(check) AS\(asn.map { "\($0)" } ?? "?") \(prefix?.description ?? "-") \(other.map { "AS\($0)" } ?? "-")"
        }
        let expected = Set(d.report.planted.anomalies.map { key($0.check, $0.asn, $0.prefix, $0.otherASN) })
        let found = Set(result.findings(atLeast: .warning).flatMap { finding -> [String] in
            let check = finding.check.id.description
            guard PlantedTruthAuditTests.perRoute.contains(check), !finding.routes.isEmpty else {
                return [key(check, finding.member, finding.prefix, finding.otherMember)]
            }
            return finding.routes.map { key(check, finding.member, $0.prefix, finding.otherMember) }
        })
        XCTAssertGreaterThan(expected.count, 25)
        XCTAssertEqual(found.subtracting(expected).sorted(), [], "found but not planted")
        XCTAssertEqual(expected.subtracting(found).sorted(), [], "planted but not found")
    }
}
