import Foundation
import XCTest

/// `ixaudit explain` on the sample night (data/sample): the JSON answer against the
/// simulation's route-audience table, `--at`, and each refusal with exit 2.
final class ExplainEndToEndTests: XCTestCase {
    let job = Harness.packageRoot.appendingPathComponent("data/sample/job.yaml").path

    func explain(_ arguments: [String]) throws -> RunResult {
        try Harness.ixaudit(["explain"] + arguments + ["--config", job, "--date", "2026-11-21", "-q"])
    }

    func testTheJSONAnswerAgreesWithTheSimulationsAudience() throws {
        // AS32950's 33.215.51.0/24 carries 0:60936 8960:8960: open except AS60936. Of the 37
        // members with an IPv4 session on rs1: AS32950 is the sender, AS46247's IPv4 session is
        // closed over max-prefix, AS60936 is excluded; the 34 others get it.
        let run = try explain(["33.215.51.0/24", "--from", "32950", "--rs", "rs1", "--json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let all = try XCTUnwrap(JSONSerialization.jsonObject(with: run.stdout) as? [[String: Any]])
        XCTAssertEqual(all.count, 1)
        let receivers = try XCTUnwrap(all[0]["receivers"] as? [[String: Any]])
        var reasons: [String: [Int]] = [:]
        for r in receivers { reasons[r["reason"] as! String, default: []].append(r["receiver"] as! Int) }
        XCTAssertEqual(reasons["communities"], [60936])
        XCTAssertEqual(reasons["own-route"], [32950])
        XCTAssertEqual(reasons["session-closed"], [46247])
        // One verdict per receiving session: AS29391 has two IPv4 sessions, so 35 sessions of
        // the 34 members get it.
        XCTAssertEqual(reasons["exported"]?.count, 35)
        XCTAssertEqual(Set(reasons["exported"] ?? []).count, 34)
        XCTAssertEqual(reasons["exported"]?.filter { $0 == 29391 }.count, 2)

        // The simulation's route-audience table says the same of this route.
        let directory = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let sim = try Harness.ixaudit(["simulate", "--config", job, "--date", "2026-11-21", "--out", directory.path, "--uncompressed", "-q"])
        XCTAssertEqual(sim.status, 0, sim.stderr)
        let audience = try String(contentsOfFile: directory.path + "/route-audience.csv", encoding: .utf8)
            .components(separatedBy: "\r\n").filter { $0.hasPrefix("rs1,32950,185.1.15.14,33.215.51.0/24,") }
        XCTAssertEqual(audience, ["rs1,32950,185.1.15.14,33.215.51.0/24,0,0:60936 8960:8960,open except AS60936,34,non-receivers,60936"])
    }

    func testAtGivesTheStateOfThatMoment() throws {
        // AS5178 first announced 51.14.0.0/24 to rs1 at 14:02:14 (members' announcements.csv):
        // at noon no member had sent it, at 15:00 it had.
        let noon = try explain(["51.14.0.0/24", "--from", "5178", "--rs", "rs1", "--at", "2026-11-21T12:00:00Z"])
        XCTAssertEqual(noon.status, 2)
        XCTAssertTrue(noon.stderr.contains("no session of route server rs1 sent a route for 51.14.0.0/24"), noon.stderr)
        XCTAssertTrue(noon.stderr.contains("(in the state at --at 2026-11-21T12:00:00Z;"), noon.stderr)
        let later = try explain(["51.14.0.0/24", "--from", "5178", "--rs", "rs1", "--json", "--at", "2026-11-21T15:00:00Z"])
        XCTAssertEqual(later.status, 0, later.stderr)
        let all = try XCTUnwrap(JSONSerialization.jsonObject(with: later.stdout) as? [[String: Any]])
        XCTAssertEqual(all[0]["state_time"] as? Int, 1_795_273_200)
        XCTAssertEqual((all[0]["candidates"] as? [[String: Any]])?.first?["sender"] as? Int, 5178)
    }

    func testEachRefusalSaysWhatToGive() throws {
        let cases: [([String], String)] = [
            (["33.215.51.0/24", "--from", "32950", "--at", "2026-11-23T00:00:00Z"], "after the night's last record"),
            (["33.215.51.0/24", "--from", "32950", "--at", "2026-11-20T00:00:00Z"], "before the night's first record"),
            (["33.215.51.0/24", "--from", "32950", "--rs", "rs9"], "--rs rs9: not a route server of the job (route servers: rs1, rs2)"),
            (["33.215.51.0/24", "--from", "64999", "--rs", "rs1"], "--from AS64999 has no session on route server rs1"),
            (["33.215.51.0/24", "--from", "4943", "--rs", "rs1"], "AS4943 sent no route for 33.215.51.0/24 to rs1"),
            (["33.215.51.0/25", "--from", "32950", "--rs", "rs1"], "the member sent the covering 33.215.51.0/24"),
            (["33.215.51.0/33", "--from", "32950"], "not a prefix"),
            (["33.215.51.0/24", "--from", "32950", "--mode", "evaluate-all"], "runs BIRD"),
        ]
        for (arguments, message) in cases {
            let run = try explain(arguments)
            XCTAssertEqual(run.status, 2, arguments.joined(separator: " "))
            XCTAssertTrue(run.stderr.contains(message), "\(arguments): \(run.stderr)")
            XCTAssertTrue(run.stdout.isEmpty)
        }
    }
}
