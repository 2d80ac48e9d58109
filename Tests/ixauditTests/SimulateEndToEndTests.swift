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
            for table in ["export-matrix.csv.gz", "route-audience.csv.gz", "community-sets.csv", "hidden-paths.csv.gz", "rejected.csv.gz"] {
                XCTAssertTrue(FileManager.default.fileExists(atPath: "\(out)/\(table)"), "\(mode): \(table)")
            }
            let matrix = String(decoding: try Harness.gunzip(URL(fileURLWithPath: out + "/export-matrix.csv.gz")), as: UTF8.self)
                .components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }
            XCTAssertFalse(matrix.isEmpty)
            for row in matrix {
                let f = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                XCTAssertEqual(f[1], mode)
                XCTAssertTrue(f[6].contains(".") || f[6].contains(":"), "the receiving session's address: \(f[6])")
                received[mode, default: [:]][f[0] + " " + f[4] + " " + f[6], default: 0] += Int(f[7])!
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

final class ScenarioEndToEndTests: XCTestCase {
    func testAMemberLeavingLosesExactlyItsOwnRoutesEitherWay() throws {
        let directory = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let day = directory.appendingPathComponent("day").path
        XCTAssertEqual(try Harness.ixaudit(["synth", "--out", day, "--members", "10", "--routes", "1000",
                                            "--update-interval", "3600", "--seed", "5"]).status, 0)
        // The member that leaves: the first member with routes on rs1.
        let members = directory.appendingPathComponent("members").path
        XCTAssertEqual(try Harness.ixaudit(["members", "--config", day + "/job.yaml", "--date", "2026-11-21", "--out", members]).status, 0)
        let sessions = try String(contentsOfFile: members + "/sessions.csv", encoding: .utf8).components(separatedBy: "\r\n")
        let leaving = try XCTUnwrap(sessions.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
            .first { $0.count > 7 && $0[0] == "rs1" && Int($0[6])! > 0 }?[2])
        let scenario = directory.appendingPathComponent("leaves.yaml").path
        try "name: leaves\ndescription: a member leaves\nchanges:\n  - member_leaves: \(leaving)\n"
            .write(toFile: scenario, atomically: true, encoding: .utf8)
        let out = directory.appendingPathComponent("sim").path
        let run = try Harness.ixaudit(["simulate", "--config", day + "/job.yaml", "--date", "2026-11-21", "--scenario", scenario,
                                       "--policy-directory", Harness.packageRoot.appendingPathComponent("data/policies").path,
                                       "--out", out])
        XCTAssertEqual(run.status, 0, run.stderr)
        let rows = try Harness.text(out + "/scenario-diff.csv.gz").components(separatedBy: "\r\n")
            .dropFirst().filter { !$0.isEmpty }.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        XCTAssertFalse(rows.isEmpty)
        // Prefixes do not overlap between synthetic members: a leaving member's routes are
        // lost by every receiver, and it loses every route it received; nothing else changes.
        for row in rows {
            XCTAssertEqual(row[4], "lost", row.joined(separator: ","))
            XCTAssertTrue(row[1] == leaving || row[3] == leaving, row.joined(separator: ","))
        }
        let summary = try String(contentsOfFile: out + "/scenario-summary.md", encoding: .utf8)
        XCTAssertTrue(summary.contains("# Scenario leaves"))
        XCTAssertTrue(summary.contains("AS\(leaving)"))
    }
}
