import Foundation
import XCTest

/// `ixaudit synth` then `ixaudit members` on what it wrote: the path a new user takes.
final class MembersEndToEndTests: XCTestCase {
    func testMembersOfASyntheticDayAccountForEveryRoute() throws {
        let directory = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let day = directory.appendingPathComponent("day").path
        let synth = try Harness.ixaudit(["synth", "--out", day, "--members", "12", "--routes", "2000",
                                         "--update-interval", "3600", "--seed", "7"])
        XCTAssertEqual(synth.status, 0, synth.stderr)
        let out = directory.appendingPathComponent("members").path
        let members = try Harness.ixaudit(["members", "--config", day + "/job.yaml", "--date", "2026-11-21", "--out", out])
        XCTAssertEqual(members.status, 0, members.stderr)
        XCTAssertTrue(members.stderr.contains("0 malformed"), members.stderr)

        let sessions = try Harness.csv(out + "/sessions.csv")
        let announcements = try Harness.csv(out + "/announcements.csv.gz")
        XCTAssertGreaterThan(sessions.count, 12)
        // Every session of the synthetic day is a member's, on the addresses the IX assigned,
        // but the one truth.json plants from an address the IX assigned to nobody (S7).
        let truth = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: day + "/truth.json"))) as? [String: Any]
        let plantedS7 = (truth?["anomalies"] as? [[String: Any]] ?? []).filter { $0["check"] as? String == "session-address" }
            .map { "\($0["asn"]!)" }
        XCTAssertEqual(plantedS7.count, 1)
        XCTAssertEqual(Set(sessions.filter { $0["match"] != "member" }.map { $0["peer_asn"]! }), Set(plantedS7))
        XCTAssertEqual(Set(sessions.filter { $0["match"] != "member" }.map { $0["match"]! }), ["address not assigned by the IX (S7)"])
        // The route counts of sessions.csv add up to the rows of announcements.csv.
        let counted = sessions.reduce(0) { $0 + Int($1["ipv4_routes"]!)! + Int($1["ipv6_routes"]!)! }
        XCTAssertEqual(counted, announcements.count)
        // Each row names a member and a prefix of its family.
        for row in announcements.prefix(200) {
            XCTAssertFalse(row["member_name"]!.isEmpty)
            XCTAssertEqual(row["prefix"]!.contains(":"), row["family"] == "ipv6")
        }
        // The planted session resets show up as resets.
        let resets = truth?["session_resets"] as? [[String: Any]] ?? []
        XCTAssertFalse(resets.isEmpty, "truth.json lists the planted resets")
        XCTAssertGreaterThanOrEqual(sessions.reduce(0) { $0 + Int($1["resets"]!)! }, resets.count)
    }

    func testStateAtAMomentHasFewerUpdates() throws {
        let directory = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let day = directory.appendingPathComponent("day").path
        XCTAssertEqual(try Harness.ixaudit(["synth", "--out", day, "--members", "8", "--routes", "500",
                                            "--update-interval", "3600"]).status, 0)
        let morning = try Harness.ixaudit(["members", "--config", day + "/job.yaml", "--date", "2026-11-21",
                                           "--at", "2026-11-21T06:00:00Z", "--out", directory.appendingPathComponent("m").path])
        XCTAssertEqual(morning.status, 0, morning.stderr)
        let rows = try Harness.csv(directory.appendingPathComponent("m/sessions.csv").path)
        // Nothing after 06:00 was applied: no session's last update is later.
        for row in rows where !row["last_update"]!.isEmpty {
            XCTAssertLessThanOrEqual(row["last_update"]!, "2026-11-21T06:00:00Z")
        }
    }

    func testSessionsOnAddressesTheIXDidNotAssignAreListedAsS7() throws {
        // The member list says AS59689 peers from 37.49.236.200; the IX sample shows it on
        // 37.49.236.188 and 2001:7f8:54::188: both sessions are listed, marked S7, not dropped.
        let directory = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let sample = Harness.packageRoot.appendingPathComponent("data/sample/ris-rrc-ix-updates.20160811.1600.gz").path
        let run = try Harness.ixaudit(["members", "--updates", "rrc=" + sample, "--member", "59689,Example,37.49.236.200",
                                       "--member", "8218,Neotelecoms,37.49.232.7,37.49.236.1", "--out", directory.path])
        XCTAssertEqual(run.status, 0, run.stderr)
        let sessions = try Harness.csv(directory.appendingPathComponent("sessions.csv").path)
        XCTAssertEqual(sessions.count, 40, "every session of the sample is listed")
        let s7 = sessions.filter { $0["peer_asn"] == "59689" }
        XCTAssertEqual(s7.map { $0["match"]! }, ["address not assigned by the IX (S7)", "address not assigned by the IX (S7)"])
        XCTAssertEqual(sessions.filter { $0["match"] == "member" }.map { $0["peer_address"]! }.sorted(), ["37.49.232.7", "37.49.236.1"])
    }

    /// A small RFC 4180 reader for the project's own output (no quoted line breaks there).
}
