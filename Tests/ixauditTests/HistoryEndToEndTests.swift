import Foundation
import GRDB
import XCTest

/// `ixaudit report --history` on the sample day. The night before is made from the sample
/// day's own record, edited in the database: two of its findings taken out (so they are new
/// on 2026-11-21) and one that the day does not have put in (so it is resolved).
final class HistoryEndToEndTests: XCTestCase {
    let job = Harness.packageRoot.appendingPathComponent("data/sample/job.yaml").path

    func report(_ out: String, history: String, _ extra: [String] = []) throws -> RunResult {
        try Harness.ixaudit(["report", "--config", job, "--date", "2026-11-21", "--out", out, "--history", history, "--quiet"] + extra)
    }

    /// Copies the recorded 2026-11-21 as 2026-11-20 without two findings of `severity` and
    /// with one more.
    func makePreviousNight(_ history: String, severity: String) throws {
        let queue = try DatabaseQueue(path: history)
        try queue.write { db in
            try db.execute(sql: "INSERT INTO night SELECT '2026-11-20', ixp, job, tool_version, recorded_at FROM night WHERE date = '2026-11-21'")
            try db.execute(sql: "INSERT INTO finding SELECT '2026-11-20', check_id, member_asn, finding_key, severity, category, member_name, other_asn, prefix, source, count, routes_affected, evidence FROM finding WHERE night = '2026-11-21'")
            try db.execute(sql: """
                DELETE FROM finding WHERE night = '2026-11-20' AND rowid IN
                  (SELECT rowid FROM finding WHERE night = '2026-11-20' AND severity = ? ORDER BY check_id, member_asn, finding_key LIMIT 2)
                """, arguments: [severity])
            try db.execute(sql: """
                INSERT INTO finding VALUES ('2026-11-20', 'peer-leak', 64999, '192.0.2.0/24 AS64998', 'error', 'leaks', 'Gone Ltd',
                  64998, '192.0.2.0/24', 'rs1', 1, 1, 'fixed since')
                """)
        }
    }

    func testTheSecondNightShowsTwoNewAndOneResolvedAndFailsOnNewErrors() throws {
        let directory = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("report").path, history = directory.appendingPathComponent("history.sqlite").path

        // The first night is the baseline: nothing is new, so new:error does not fire.
        var result = try report(out, history: history, ["--fail-on", "new:error"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(try Harness.text(out + "/index.md").contains("The first night in the history"))

        try makePreviousNight(history, severity: "error")
        result = try report(out, history: history, ["--fail-on", "new:error"])
        XCTAssertEqual(result.status, 1, "two new errors: \(result.stderr)")
        let index = try Harness.text(out + "/index.md")
        XCTAssertTrue(index.contains("Compared with 2026-11-20: **2 new** (2 error, 0 warning, 0 notice, 0 info), **1 resolved**"), index)
        XCTAssertTrue(index.contains("Gone Ltd"))
        let indexHTML = try Harness.text(out + "/index.html")
        XCTAssertTrue(indexHTML.contains("<h2 id=\"since-the-previous-night\">Since the previous night</h2>"), indexHTML)
        XCTAssertTrue(indexHTML.contains("Compared with 2026-11-20: <strong>2 new</strong> (2 error, 0 warning, 0 notice, 0 info), "
            + "<strong>1 resolved</strong>"), indexHTML)
        XCTAssertTrue(indexHTML.contains("Gone Ltd"))
        let findings = try Harness.csv(out + "/findings.csv")
        XCTAssertEqual(findings.filter { $0["status"] == "new" }.count, 2)
        XCTAssertEqual(findings.filter { $0["status"] == "ongoing" }.count, findings.count - 2)
        XCTAssertEqual(Set(findings.filter { $0["status"] == "ongoing" }.map { $0["first_seen_night"] }), ["2026-11-20"])
        // The review page of a member with a new finding says so.
        let member = findings.first { $0["status"] == "new" }!["member_asn"]!
        XCTAssertTrue(try Harness.text("\(out)/reviews/AS\(member).md").contains("## Since the previous night"))
        XCTAssertTrue(try Harness.text("\(out)/reviews/AS\(member).html").contains(">Since the previous night</h2>"))

        // A rerun of the night replaces its record: the same answer, the same rows.
        let queue = try DatabaseQueue(path: history)
        let rows = try queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM finding") }
        result = try report(out, history: history, ["--fail-on", "new:error"])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(try queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM finding") }, rows)
        XCTAssertEqual(try queue.read { try String.fetchAll($0, sql: "SELECT date FROM night ORDER BY date") }, ["2026-11-20", "2026-11-21"])
        XCTAssertEqual(try queue.read { try Int.fetchOne($0, sql: "PRAGMA user_version") }, 2)
    }

    func testNewWarningsDoNotFailNewError() throws {
        let directory = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("report").path, history = directory.appendingPathComponent("history.sqlite").path
        XCTAssertEqual(try report(out, history: history).status, 0)
        try makePreviousNight(history, severity: "warning")
        XCTAssertEqual(try report(out, history: history, ["--fail-on", "new:error"]).status, 0)
        XCTAssertEqual(try report(out, history: history, ["--fail-on", "new:warning"]).status, 1)
        XCTAssertEqual(try report(out, history: history, ["--fail-on", "error"]).status, 1, "the plain form counts every finding")
    }

    func testAHistoryThatIsNotADatabaseLeavesTheReportAsItWas() throws {
        let directory = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("report").path
        var result = try Harness.ixaudit(["report", "--config", job, "--date", "2026-11-21", "--out", out, "--quiet"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertFalse(try Harness.text(out + "/findings.csv").contains("status"), "without a history findings.csv is as before")
        let before = try Data(contentsOf: URL(fileURLWithPath: out + "/index.md"))
        let text = directory.appendingPathComponent("notes.txt").path
        try Data(String(repeating: "these are notes, not a database\n", count: 10).utf8).write(to: URL(fileURLWithPath: text))
        for bad in [text, directory.path] {
            result = try report(out, history: bad)
            XCTAssertEqual(result.status, 2, result.stderr)
            XCTAssertTrue(result.stderr.contains("history \(bad):"), result.stderr)
            XCTAssertTrue(result.stderr.contains("the report was not written"), result.stderr)
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: out + "/index.md")), before)
        }
        XCTAssertEqual(try report(out, history: text + ".missing", ["--fail-on", "new:error"]).status, 0, "a new file is created")
        XCTAssertEqual(try Harness.ixaudit(["report", "--config", job, "--date", "2026-11-21", "--out", out, "--quiet",
                                            "--fail-on", "new:error"]).status, 2, "new: needs a history")
    }
}
