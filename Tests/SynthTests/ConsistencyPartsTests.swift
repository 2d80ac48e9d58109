@testable import Audit
import Foundation
import Job
import Routing
import Synth
import XCTest

/// The consistency analysis cut into parts (run side by side in `Audit.run`) gives what one
/// run over every member gives: the same findings in the same order and the same scores in
/// member order, for any number of parts, on a synthetic day whose members range from a few
/// routes to thousands (the parts are cut by routes, so a part may hold one member or none).
final class ConsistencyPartsTests: XCTestCase {
    func testPartsJoinedEqualOneRun() throws {
        let options = SynthOptions(seed: 5, members: 40, routes: 8_000)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ixaudit-consistency-parts-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try SyntheticDay.generate(options, into: directory)
        let job = try JobFile.load(path: directory + "/job.yaml", date: options.date, requireFiles: true)
        let reconstruction = Reconstruction()
        reconstruction.run(job.sources.map(\.input))
        let inputs = AuditInputs(job: job, members: try job.memberDirectory(), policy: ImportPolicy(name: "none"),
                                 rib: reconstruction.rib, reconstruction: reconstruction.summary, simulation: [])
        let whole = ConsistencyAnalysis.run(inputs)
        XCTAssertFalse(whole.findings.isEmpty, "the day plants consistency events")
        XCTAssertGreaterThan(whole.scores.count, 10)
        for count in [2, 3, 7, 60] {
            let parts = ConsistencyAnalysis.parts(inputs, count: count)
            XCTAssertEqual(parts.count, count)
            let joined = ConsistencyAnalysis.join(parts.map { $0() })
            XCTAssertEqual(joined.findings, whole.findings, "\(count) parts")
            XCTAssertEqual(joined.scores, whole.scores, "\(count) parts")
        }
    }
}
