@testable import Audit
import BGP
import Job
import MRT
import Routing
import XCTest

/// rs-session-missing (S1) on hand-built days of SmartHub IX (rs1, rs2): a member with
/// sessions on some route servers only is a finding; the check does not run, and says why,
/// when a route server has no complete night. The expected answer is in each case's comment.
final class ConsistencySessionTests: XCTestCase {
    typealias Day = ConsistencyDay
    let a = Day.a, b = Day.b
    lazy var pathA = Day.attributes([3216, 64500], nextHop: "185.1.15.21")
    lazy var pathB = Day.attributes([8359], nextHop: "185.1.15.30")

    func sessionFindings(_ day: Day) throws -> [Finding] {
        try day.run().findings.filter { $0.check == .rsSessionMissing }
    }

    func testAMemberWithSessionsOnRS1Only() throws {
        // A (AS3216) has its IPv4 session with rs1 only, announcing 193.0.0.0/21 and
        // 193.0.8.0/23; B has sessions with both. Expected: one rs-session-missing finding for
        // A, count 1 (rs2, IPv4), 2 prefixes affected, source rs1; none for B; and no
        // rs-prefix-set finding (it compares only route servers where A has a session).
        var day = Day()
        day.rib("rs1", a, "193.0.0.0/21", pathA)
        day.rib("rs1", a, "193.0.8.0/23", pathA)
        day.rib(["rs1", "rs2"], b, "194.0.0.0/16", pathB)
        let all = try day.run().findings
        let findings = all.filter { $0.check == .rsSessionMissing }
        XCTAssertEqual(findings.map(\.member), [ASN(3216)])
        let finding = try XCTUnwrap(findings.first)
        XCTAssertEqual(finding.severity, .warning)
        XCTAssertEqual(finding.clause, "S1")
        XCTAssertEqual(finding.source, "rs1")
        XCTAssertEqual(finding.count, 1)
        XCTAssertEqual(finding.routesAffected, 2)
        XCTAssertEqual(finding.evidence, "IPv4: sessions with rs1 (rs1 185.1.15.21 up with 2 IPv4 and 0 IPv6 routes), none with rs2; "
            + "so 2 of its IPv4 prefixes at the route servers are on none of those it has no session with")
        XCTAssertFalse(all.contains { $0.check == .rsPrefixSet })
    }

    func testAFamilyOnOneRouteServerOnly() throws {
        // A: IPv4 with rs1 and rs2, IPv6 (2001:7f8:7a::21) with rs1 only. Expected: one finding,
        // about IPv6 only, count 1, 1 prefix (the IPv6 one).
        var day = Day()
        day.rib(["rs1", "rs2"], a, "193.0.0.0/21", pathA)
        day.rib("rs1", Day.aV6, "2001:db8:100::/48", Day.attributes([3216], nextHop: "2001:7f8:7a::21"))
        day.rib(["rs1", "rs2"], b, "194.0.0.0/16", pathB)
        let finding = try XCTUnwrap(try sessionFindings(day).first)
        XCTAssertEqual(finding.count, 1)
        XCTAssertEqual(finding.routesAffected, 1)
        XCTAssertTrue(finding.evidence.hasPrefix("IPv6: sessions with rs1 (rs1 2001:7f8:7a::21 up with 0 IPv4 and 1 IPv6 routes), none with rs2"),
                      finding.evidence)
        XCTAssertFalse(finding.evidence.contains("IPv4:"), finding.evidence)
    }

    func testASessionWithoutRoutesOrDownIsASession() throws {
        // Near misses: A has a session with rs2 in its peer table but announces nothing there
        // (rs-prefix-set's business), B's rs2 session goes down at 01:00 (session-reset's).
        // Expected: no rs-session-missing finding.
        var day = Day()
        day.rib("rs1", a, "193.0.0.0/21", pathA)
        day.session("rs2", a)
        day.rib(["rs1", "rs2"], b, "194.0.0.0/16", pathB)
        day.reset("rs2", b, down: 3600, up: nil)
        XCTAssertEqual(try sessionFindings(day).count, 0)
        XCTAssertTrue(try day.run().findings.contains { $0.check == .rsPrefixSet && $0.member == ASN(3216) })
    }

    func testARouteServerWithoutRIBDumpMakesTheCheckNotRun() throws {
        // rs2 has updates only this night (its RIB dump missing): A's absence there cannot be
        // told from a session that sent nothing. Expected: no finding, and the check not run
        // with a reason naming rs2 and the missing RIB dump; rs-prefix-set still runs.
        var day = Day()
        day.rib("rs1", a, "193.0.0.0/21", pathA)
        day.rib("rs1", b, "194.0.0.0/16", pathB)
        day.announce("rs2", after: 100, b, ["194.0.0.0/16"], pathB)
        let result = Audit.run(try day.inputs())
        XCTAssertFalse(result.findings.contains { $0.check == .rsSessionMissing })
        let run = try XCTUnwrap(result.checks.first { $0.check == .rsSessionMissing })
        guard case let .notRun(reason) = run.status else { return XCTFail("rs-session-missing ran without rs2's RIB dump") }
        XCTAssertEqual(reason, "rs2: no RIB dump this night (updates only), so a session that sent nothing cannot be told from no session")
        XCTAssertTrue(result.checks.first { $0.check == .rsPrefixSet }?.ran ?? false)
    }

    func testARouteServerWithoutDataMakesTheCheckNotRun() throws {
        // The job gives rs2 as a source, but nothing of it could be read this night (no file):
        // with rs1's data alone the check must not say "ran, 0". Expected: not run, naming rs2.
        var day = Day()
        day.rib("rs1", a, "193.0.0.0/21", pathA)
        var inputs = try day.inputs()
        inputs.job.sources.append(SourceConfig(label: "rs2"))
        let result = Audit.run(inputs)
        let run = try XCTUnwrap(result.checks.first { $0.check == .rsSessionMissing })
        guard case let .notRun(reason) = run.status else { return XCTFail("rs-session-missing ran without rs2's data") }
        XCTAssertTrue(reason.contains("fewer than two route servers have data"), reason)
        XCTAssertEqual(inputs.routeServerGaps, ["rs2: no session in its data this night (missing or empty files)"])
        XCTAssertFalse(result.findings.contains { $0.check == .rsSessionMissing })
    }
}
