@testable import Audit
import Job
import RouteServer
import Routing
import XCTest

/// The attribute sweep judges the sets in parts side by side; whatever the number of parts,
/// its findings are those of one pass over the sets, on the planted day (bogon and
/// transit-free ASNs, foreign next hops and first ASes, AS_SETs, OTC, control communities
/// among its sets, and sets only updates carried).
final class AttributeSweepPartsTests: XCTestCase {
    func testFindingsDoNotDependOnTheParts() throws {
        let d = try PlantedDay.shared()
        let members = try d.job.memberDirectory()
        let policy = try ImportPolicy.preset("smarthub-ix", directory: PlantedTruthAuditTests.policyDirectory)
        let inputs = AuditInputs(job: d.job, members: members, policy: policy, rib: d.day.rib, reconstruction: d.day.summary,
                                 simulation: [])
        let sessions = RoutesOfTheDay.sessions(inputs)
        let judge = LeakAnalysis.judge(inputs, withOtherSweeps: true)
        let one = AttributeSweep.findings(inputs, sessions: sessions, judge: judge, parts: 1)
        XCTAssertGreaterThan(Set(one.map(\.check.id)).count, 4, "the planted day offends against several attribute checks")
        XCTAssertGreaterThan(one.reduce(0) { $0 + $1.routes.count }, 10)
        for parts in [2, 3, 8, 1_000] {
            XCTAssertEqual(AttributeSweep.findings(inputs, sessions: sessions, judge: judge, parts: parts), one, "\(parts) parts")
        }
    }
}
