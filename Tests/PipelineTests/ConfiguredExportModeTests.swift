import Foundation
import Pipeline
import Report
import XCTest

/// The report shows each route server in the export mode its job file gives it: with rs1
/// set to BIRD's `secondary` (per-client) and rs2 left at BIRD's default, export-matrix.csv
/// holds rs1's per-client rows and rs2's best rows, and a member's routes received count
/// rs1's per-client exports (at least its best ones: per-client never gives fewer).
final class ConfiguredExportModeTests: XCTestCase {
    var day: SampleDay!

    override func setUpWithError() throws { day = try SampleDay() }
    override func tearDown() { day.remove() }

    func testEachRouteServerIsReportedInItsConfiguredMode() throws {
        try day.editJob("      ipv4: 185.1.15.8\n", "      ipv4: 185.1.15.8\n      implementation: bird\n      secondary: true\n")
        let run = try DayRun.run(day.request(), to: .audit)
        let report = try XCTUnwrap(run.report(toolVersion: "test"))
        let out = day.directory + "/report"
        _ = try ReportWriter.write(report, into: out, tables: LargeTables(compressed: false))
        let rows = try String(contentsOfFile: out + "/export-matrix.csv", encoding: .utf8).split(separator: "\r\n").dropFirst()
        let modes = Set(rows.map { $0.split(separator: ",").prefix(2).joined(separator: ",") })
        XCTAssertEqual(modes, ["rs1,per-client", "rs2,best"])
        let rs1 = try XCTUnwrap(run.simulation.first { $0.routeServer == "rs1" })
        let perClient = rs1.exportMatrix(.perClient).reduce(0) { $0 + $1.routes }
        let best = rs1.exportMatrix(.best).reduce(0) { $0 + $1.routes }
        XCTAssertGreaterThan(perClient, best, "the sample day hides paths that per-client exports")
        // The file counts per receiving session (a member's routers each, its own routes to its
        // other routers too): the session matrix.
        let written = rows.filter { $0.hasPrefix("rs1,") }.reduce(0) { $0 + Int($1.split(separator: ",").last!)! }
        XCTAssertEqual(written, rs1.sessionExportMatrix(.perClient).reduce(0) { $0 + $1.routes })
    }
}
