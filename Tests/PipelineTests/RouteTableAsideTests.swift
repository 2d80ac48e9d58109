import Foundation
import Pipeline
import Report
import Routing
import XCTest

/// The report starts its route table as the reconstruction ends (`DayRun.run`'s
/// `reconstructed`), so the table is written while the route servers are simulated and the
/// checks run, all reading the same RIB. The table is the same bytes as one written after
/// the day, and the day's results are those of a run without it (run under ThreadSanitizer by
/// `make test-tsan`).
final class RouteTableAsideTests: XCTestCase {
    var day: SampleDay!

    override func setUpWithError() throws { day = try SampleDay() }
    override func tearDown() { day.remove() }

    func testTheRouteTableWrittenBesideTheAnalysesIsTheSame() throws {
        let aside = day.directory + "/aside", after = day.directory + "/after"
        for directory in [aside, after] { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        var started: TableWriting?
        let run = try DayRun.run(day.request(), to: .audit) { inputs, reconstruction in
            started = AnnouncementsTable.writing(reconstruction.rib, members: inputs.members, into: aside, tables: LargeTables(compressed: false))
        }
        let table = try XCTUnwrap(started, "started as the reconstruction ended")
        XCTAssertEqual(try table.finish(), "announcements.csv")
        XCTAssertEqual(try AnnouncementsTable.writing(run.reconstruction.rib, members: run.inputs.members, into: after,
                                                      tables: LargeTables(compressed: false)).finish(), "announcements.csv")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: aside + "/announcements.csv"))
        XCTAssertEqual(bytes, try Data(contentsOf: URL(fileURLWithPath: after + "/announcements.csv")))
        XCTAssertGreaterThan(bytes.split(separator: 10).count, 1_000, "the sample day's routes")

        let plain = try DayRun.run(day.request(), to: .audit)
        XCTAssertEqual(run.audit?.findings, plain.audit?.findings)
        XCTAssertEqual(run.simulation.map(\.hiddenPaths.count), plain.simulation.map(\.hiddenPaths.count))
    }
}
