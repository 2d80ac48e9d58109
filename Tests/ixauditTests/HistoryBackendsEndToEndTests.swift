import Foundation
import GRDB
import XCTest

/// `ixaudit report --history` and `ixaudit history` on the sample day, with the history in
/// SQLite and in PostgreSQL: the same two-night scenario must give the same answers. The
/// PostgreSQL server is the one IXAUDIT_POSTGRES_URL names (`make test-postgres` starts a
/// throwaway cluster); without it those tests skip and say why. The ones about a server
/// that does not answer run always.
final class HistoryBackendsEndToEndTests: XCTestCase {
    let job = Harness.packageRoot.appendingPathComponent("data/sample/job.yaml").path
    var directory: URL!
    var databases: [String] = []

    override func setUpWithError() throws { directory = try Harness.temporaryDirectory() }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
        for name in databases { _ = try? Postgres.psql(Postgres.server(), "DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
    }

    func report(_ out: String, history: String, _ extra: [String] = []) throws -> RunResult {
        try Harness.ixaudit(["report", "--config", job, "--date", "2026-11-21", "--out", out, "--history", history, "--quiet"] + extra)
    }

    /// A history: an SQLite file in the test's directory, or a new PostgreSQL database.
    func history(_ kind: Postgres.Kind) throws -> Postgres.History {
        switch kind {
        case .sqlite: return .sqlite(directory.appendingPathComponent("history.sqlite").path)
        case .postgres:
            let name = "ixaudit_e2e_\(UUID().uuidString.prefix(8).lowercased())"
            try Postgres.psql(Postgres.server(), "CREATE DATABASE \(name)")
            databases.append(name)
            return .postgres(Postgres.url(try Postgres.server(), database: name))
        }
    }

    /// What one history gives for the scenario of HistoryEndToEndTests: the sample day
    /// recorded, a previous night made of it in SQL (two errors taken out, one finding put in),
    /// the day run again, and the three `history` questions.
    struct Outcome: Equatable {
        var statuses: [Int32] = []
        var changesLine = ""
        var findings: [String] = []
        var member = "", check = "", finding = ""
    }

    func scenario(_ history: Postgres.History, out: String) throws -> Outcome {
        var outcome = Outcome()
        outcome.statuses.append(try report(out, history: history.location, ["--fail-on", "new:error"]).status)
        for statement in [
            "INSERT INTO night SELECT '2026-11-20', ixp, job, tool_version, recorded_at FROM night WHERE date = '2026-11-21'",
            """
            INSERT INTO finding SELECT '2026-11-20', check_id, member_asn, finding_key, severity, category, member_name, other_asn,
              prefix, source, count, routes_affected, evidence FROM finding WHERE night = '2026-11-21'
            """,
            """
            INSERT INTO member_night SELECT '2026-11-20', member_asn, member_name, sessions, routes - 1, ipv4_prefixes,
              ipv6_prefixes, routes_received, reach FROM member_night WHERE night = '2026-11-21'
            """,
            """
            DELETE FROM finding WHERE night = '2026-11-20' AND (check_id, member_asn, finding_key) IN
              (SELECT check_id, member_asn, finding_key FROM finding WHERE night = '2026-11-20' AND severity = 'error'
               ORDER BY check_id, member_asn, finding_key LIMIT 2)
            """,
            """
            INSERT INTO finding VALUES ('2026-11-20', 'peer-leak', 64999, '192.0.2.0/24 AS64998', 'error', 'leaks', 'Gone Ltd',
              64998, '192.0.2.0/24', 'rs1', 1, 1, 'fixed since')
            """,
        ] { try history.execute(statement) }
        let second = try report(out, history: history.location, ["--fail-on", "new:error"])
        outcome.statuses.append(second.status)
        XCTAssertEqual(second.status, 1, second.stderr)
        let index = try Harness.text(out + "/index.md")
        outcome.changesLine = index.split(separator: "\n").first { $0.hasPrefix("Compared with") }.map(String.init) ?? ""
        outcome.findings = try Harness.csv(out + "/findings.csv").map {
            [$0["check"]!, $0["member_asn"]!, $0["prefix"]!, $0["status"]!, $0["first_seen_night"]!].joined(separator: " ")
        }
        outcome.statuses.append(try report(out, history: history.location, ["--fail-on", "new:error"]).status)
        outcome.statuses.append(try report(out, history: history.location, ["--fail-on", "new:notice"]).status)
        let new = try Harness.csv(out + "/findings.csv").first { $0["status"] == "new" }!
        let key = try history.query("""
            SELECT check_id || ' ' || member_asn || ' ' || finding_key FROM finding
            WHERE night = '2026-11-21' AND check_id = '\(new["check"]!)' AND member_asn = \(new["member_asn"]!)
            ORDER BY finding_key LIMIT 1
            """)[0][0]
        for (question, into) in [(["--member", new["member_asn"]!], \Outcome.member), (["--check", new["check"]!], \Outcome.check),
                                 (["--finding", key], \Outcome.finding)] {
            let result = try Harness.ixaudit(["history", "--history", history.location, "--format", "csv"] + question)
            XCTAssertEqual(result.status, 0, result.stderr)
            outcome[keyPath: into] = result.stdoutText
        }
        return outcome
    }

    func testSQLiteAndPostgreSQLGiveTheSameTwoNights() throws {
        let postgres = try history(.postgres)
        let fromSQLite = try scenario(try history(.sqlite), out: directory.appendingPathComponent("sqlite").path)
        let fromPostgres = try scenario(postgres, out: directory.appendingPathComponent("postgres").path)
        XCTAssertEqual(fromSQLite.statuses, [0, 1, 1, 1])
        XCTAssertTrue(fromSQLite.changesLine.contains("**2 new** (2 error, 0 warning, 0 notice, 0 info), **1 resolved**"),
                      fromSQLite.changesLine)
        XCTAssertEqual(fromSQLite.findings.filter { $0.contains(" new ") }.count, 2)
        XCTAssertEqual(fromSQLite.finding.split(separator: "\r\n").map { $0.split(separator: ",").prefix(2).joined(separator: ",") },
                       ["night,present", "2026-11-20,no", "2026-11-21,yes"])
        XCTAssertTrue(fromSQLite.check.hasSuffix(",1\r\n"), "one of the check's findings is new on the 21st: \(fromSQLite.check)")
        XCTAssertEqual(fromPostgres, fromSQLite)
    }

    /// The three panels of docs/history.md, as written there, on the PostgreSQL history of the
    /// two nights: their numbers are the report's.
    func testTheGrafanaPanelsCountWhatTheReportShows() throws {
        let history = try history(.postgres)
        let out = directory.appendingPathComponent("report").path
        _ = try scenario(history, out: out)
        let panels = try Self.panels()
        XCTAssertEqual(panels.map(\.title), ["findings per severity per night", "routes per member", "new findings per night"])

        let findings = try Harness.csv(out + "/findings.csv")
        var expected: [[String]] = []
        for severity in ["error", "notice", "warning", "info"].sorted() {
            let count = findings.filter { $0["severity"] == severity }.count
            // The 20th: the 21st's findings, two errors fewer and one more.
            let before = severity == "error" ? count - 1 : count
            if before > 0 { expected.append(["2026-11-20", severity, "\(before)"]) }
            if count > 0 { expected.append(["2026-11-21", severity, "\(count)"]) }
        }
        XCTAssertEqual(try history.query(panels[0].sql), expected.sorted { $0.lexicographicallyPrecedes($1) })
        XCTAssertEqual(expected.last?.last.flatMap(Int.init).map { $0 > 0 }, true)

        var routes: [String: Int] = [:]
        for session in try Harness.csv(out + "/sessions.csv") where !(session["member_asn"] ?? "").isEmpty {
            routes[session["member_asn"]!, default: 0] += Int(session["ipv4_routes"]!)! + Int(session["ipv6_routes"]!)!
        }
        let members = try Harness.csv(out + "/members.csv")
        let perMember = try history.query(panels[1].sql)
        XCTAssertEqual(perMember.count, 2 * members.count)
        for member in members {
            let asn = member["member_asn"]!
            let rows = perMember.filter { $0[1].hasPrefix("AS\(asn) ") }
            XCTAssertEqual(rows.map { $0[0] }, ["2026-11-20", "2026-11-21"])
            XCTAssertEqual(rows.map { Int($0[2])! }, [(routes[asn] ?? 0) - 1, routes[asn] ?? 0], "AS\(asn)")
        }
        XCTAssertGreaterThan(routes.values.reduce(0, +), 1000)

        XCTAssertEqual(try history.query(panels[2].sql), [["2026-11-21", "error", "2"]])
    }

    /// Every `### Panel:` of docs/history.md and the SQL block under it.
    static func panels() throws -> [(title: String, sql: String)] {
        let text = try Harness.text(Harness.packageRoot.appendingPathComponent("docs/history.md").path)
        return text.components(separatedBy: "### Panel: ").dropFirst().map { section in
            let title = String(section.prefix { $0 != "\n" })
            let sql = section.components(separatedBy: "```sql\n")[1].components(separatedBy: "```")[0]
            return (title, sql)
        }
    }

    /// A server that does not answer (a port nothing listens on) and a URL libpq cannot read
    /// end the run with 2 before anything is published; the password is never printed.
    func testAnUnusableServerLeavesTheReportAsItWas() throws {
        let out = directory.appendingPathComponent("report").path
        let first = try Harness.ixaudit(["report", "--config", job, "--date", "2026-11-21", "--out", out, "--quiet"])
        XCTAssertEqual(first.status, 0, first.stderr)
        let before = try Data(contentsOf: URL(fileURLWithPath: out + "/index.md"))
        let port = try Postgres.closedPort()
        for (url, says) in [("postgres://ixaudit:s3cret@127.0.0.1:\(port)/ixaudit", "no PostgreSQL server answers"),
                            ("postgresql://ixaudit:s3cret@127.0.0.1:port/ixaudit", "not a usable PostgreSQL URL")] {
            let result = try report(out, history: url)
            XCTAssertEqual(result.status, 2, result.stderr)
            XCTAssertTrue(result.stderr.contains(says), result.stderr)
            XCTAssertTrue(result.stderr.contains("(the report was not written)"), result.stderr)
            XCTAssertFalse(result.stderr.contains("s3cret"), result.stderr)
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: out + "/index.md")), before)
        }
    }

    /// The server refuses a row in the middle of recording the night (a trigger stands in for
    /// a full disk or a dropped connection): nothing is published and the night keeps its
    /// previous record, whole.
    func testARecordRefusedMidwayPublishesNothing() throws {
        let history = try history(.postgres)
        let out = directory.appendingPathComponent("report").path
        XCTAssertEqual(try report(out, history: history.location).status, 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: out + "/index.md"))
        let rows = try history.query("SELECT count(*), min(recorded_at) FROM finding JOIN night ON date = night")
        try history.execute("""
            CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN IF NEW.severity = 'notice' THEN RAISE EXCEPTION 'refused for the test'; END IF; RETURN NEW; END $$;
            CREATE TRIGGER refuse BEFORE INSERT ON finding FOR EACH ROW EXECUTE FUNCTION refuse();
            """)
        let result = try report(out, history: history.location, ["--uncompressed"])
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertTrue(result.stderr.contains("refused for the test"), result.stderr)
        XCTAssertTrue(result.stderr.contains("(the report was not written)"), result.stderr)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: out + "/index.md")), before)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out + "/announcements.csv"), "the uncompressed run was not published")
        XCTAssertEqual(try history.query("SELECT count(*), min(recorded_at) FROM finding JOIN night ON date = night"), rows)
    }

    func testHistoryNamesWhatItCannotAnswer() throws {
        let missing = directory.appendingPathComponent("nothing.sqlite").path
        var result = try Harness.ixaudit(["history", "--history", missing, "--member", "64500"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("history \(missing): no such file"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: missing), "history never creates a database")

        let sqlite = try history(.sqlite)
        _ = try DatabaseQueue(path: sqlite.location)
        result = try Harness.ixaudit(["history", "--history", sqlite.location, "--check", "peer-leak"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("no night recorded yet"), result.stderr)

        let out = directory.appendingPathComponent("report").path
        XCTAssertEqual(try report(out, history: sqlite.location).status, 0)
        // The job file's history: a copy of the sample job naming it, read with --config.
        let jobCopy = directory.appendingPathComponent("job.yaml")
        try (try Harness.text(job) + "\nhistory: history.sqlite\n").write(to: jobCopy, atomically: true, encoding: .utf8)
        for (question, says) in [(["--member", "AS64999"], "AS64999 is in no recorded night"),
                                 (["--check", "peer-leek"], "no finding of check peer-leek"),
                                 (["--finding", "peer-leak 64500 10.0.0.0/8"], "no finding peer-leak AS64500 10.0.0.0/8")] {
            result = try Harness.ixaudit(["history", "--config", jobCopy.path] + question)
            XCTAssertEqual(result.status, 2, "\(question)")
            XCTAssertTrue(result.stderr.contains(says), result.stderr)
        }
        result = try Harness.ixaudit(["history", "--config", jobCopy.path, "--check", "peer-leak"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdoutText.hasPrefix("## peer-leak, night by night\n"), result.stdoutText)
        XCTAssertTrue(result.stdoutText.contains("| 2026-11-21 |"), result.stdoutText)
        XCTAssertEqual(try Harness.ixaudit(["history", "--history", sqlite.location]).status, 2, "one question is needed")
    }
}
