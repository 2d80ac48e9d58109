import Foundation
import XCTest

/// `ixaudit simulate` on a synthetic SmartHub IX day, in each export mode.
final class SimulateEndToEndTests: XCTestCase {
    func testEveryModeWritesItsTablesAndPerClientGivesNoLessThanBest() throws {
        let directory = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let day = directory.appendingPathComponent("day").path
        XCTAssertEqual(try Harness.ixaudit(["synth", "--out", day, "--members", "12", "--routes", "2000",
                                            "--update-interval", "3600", "--seed", "3"]).status, 0)
        var received: [String: [String: Int]] = [:]
        for mode in ["best", "per-client", "add-path"] {
            let out = directory.appendingPathComponent(mode).path
            let policies = Harness.packageRoot.appendingPathComponent("data/policies").path
            let run = try Harness.ixaudit(["simulate", "--config", day + "/job.yaml", "--date", "2026-11-21", "--mode", mode,
                                           "--policy-directory", policies, "--out", out])
            XCTAssertEqual(run.status, 0, run.stderr)
            for table in ["export-matrix", "route-audience", "community-sets", "hidden-paths", "rejected"] {
                XCTAssertTrue(FileManager.default.fileExists(atPath: "\(out)/\(table).csv"), "\(mode): \(table).csv")
            }
            let matrix = try String(contentsOfFile: out + "/export-matrix.csv", encoding: .utf8)
                .components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }
            XCTAssertFalse(matrix.isEmpty)
            for row in matrix {
                let f = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                XCTAssertEqual(f[1], mode)
                XCTAssertNotEqual(f[2], f[4], "a route never goes back to its sender")
                received[mode, default: [:]][f[0] + " " + f[4], default: 0] += Int(f[6])!
            }
        }
        // Per-client gives each receiver its best among the routes allowed to it: never fewer
        // prefixes than best mode, where a blocked best route leaves the receiver nothing.
        for (receiver, count) in received["best"]! {
            XCTAssertGreaterThanOrEqual(received["per-client"]![receiver] ?? 0, count, receiver)
            XCTAssertGreaterThanOrEqual(received["add-path"]![receiver] ?? 0, received["per-client"]![receiver] ?? 0, receiver)
        }
    }
}
