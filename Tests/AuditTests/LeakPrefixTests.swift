@testable import Audit
import BGP
import RouteServer
import XCTest

/// The leak checks that read the prefix: the smarthub-ix policy's bogon-prefix (S4),
/// prefix-length (S3: /8 to /24, /16 to /48) and default-route (S4) rules.
final class LeakPrefixTests: XCTestCase {
    let a = LeakDay.a
    let clean = LeakDay.attributes([3216, 3333], nextHop: "185.1.15.21")

    func testABogonPrefixIsOneFindingPerMemberOverBothRouteServers() throws {
        // A sends 10.1.0.0/16 (inside 10.0.0.0/8) to rs1 and rs2, and 193.0.0.0/21 (a near miss).
        // One finding: count 1 prefix, two routes (one per route server), sources "rs1;rs2",
        // the policy's clause S4.
        var day = LeakDay()
        for source in ["rs1", "rs2"] {
            day.rib(a, "10.1.0.0/16", clean, on: source)
            day.rib(a, "193.0.0.0/21", clean, on: source)
        }
        let findings = LeakDay.findings(LeakAnalysis.run(try day.inputs()), .bogonPrefix)
        XCTAssertEqual(findings.count, 1)
        let finding = try XCTUnwrap(findings.first)
        XCTAssertEqual(finding.member, ASN(3216))
        XCTAssertEqual(finding.memberName, "Alpha")
        XCTAssertEqual(finding.prefix, Prefix("10.1.0.0/16"))
        XCTAssertEqual(finding.count, 1)
        XCTAssertEqual(finding.routes.map(\.source), ["rs1 185.1.15.21", "rs2 185.1.15.21"])
        XCTAssertEqual(finding.source, "rs1;rs2")
        XCTAssertEqual(finding.clause, "S4")
        XCTAssertTrue(finding.evidence.contains("inside 10.0.0.0/8"), finding.evidence)
        XCTAssertTrue(finding.evidence.contains("AS path 3216 3333"), finding.evidence)
        XCTAssertEqual(finding.firstSeen, LeakDay.start - 600, "the RIB entry's originated time")
    }

    func testTheDefaultRouteIsReportedOnceAsADefaultRoute() throws {
        // 0.0.0.0/0 is also shorter than /8; only default-route is reported for it.
        var day = LeakDay()
        day.rib(a, "0.0.0.0/0", clean)
        let findings = LeakAnalysis.run(try day.inputs())
        XCTAssertEqual(LeakDay.findings(findings, .defaultRoute).map(\.prefix), [Prefix("0.0.0.0/0")])
        XCTAssertEqual(LeakDay.findings(findings, .prefixTooShort).count, 0)
    }

    func testPrefixLengthsAgainstThePolicyLimits() throws {
        // IPv4 /8.../24: /25 is too long, /7 too short; /24 and /8 are the near misses.
        // IPv6 /16.../48: /49 is too long, /48 passes.
        var day = LeakDay()
        for prefix in ["193.0.0.0/25", "193.0.1.0/24", "6.0.0.0/7", "9.0.0.0/8"] { day.rib(a, prefix, clean) }
        let v6 = LeakDay.attributes([3216, 3333], nextHop: "2001:7f8:7a::21")
        day.rib(LeakDay.aV6, "2001:67c:2e8::/49", v6)
        day.rib(LeakDay.aV6, "2001:67c:2e9::/48", v6)
        let findings = LeakAnalysis.run(try day.inputs())
        XCTAssertEqual(LeakDay.findings(findings, .prefixTooLong).count, 1, "one finding for the member")
        XCTAssertEqual(LeakDay.prefixes(LeakDay.findings(findings, .prefixTooLong)), [Prefix("193.0.0.0/25")!, Prefix("2001:67c:2e8::/49")!])
        XCTAssertEqual(LeakDay.findings(findings, .prefixTooLong).first?.clause, "S3", "the policy's clause, not the check's")
        XCTAssertEqual(LeakDay.prefixes(LeakDay.findings(findings, .prefixTooShort)), [Prefix("6.0.0.0/7")!])
    }

    func testALeakWithdrawnDuringTheDayIsStillFound() throws {
        // A announces 10.1.0.0/16 at +3600 and withdraws it at +4800: gone at the end of the day,
        // still a finding, first and last seen at those times.
        var day = LeakDay()
        day.rib(a, "193.0.0.0/21", clean)
        day.announce(after: 3600, a, ["10.1.0.0/16"], clean)
        day.withdraw(after: 4800, a, ["10.1.0.0/16"])
        let finding = try XCTUnwrap(LeakDay.findings(LeakAnalysis.run(try day.inputs()), .bogonPrefix).first)
        XCTAssertEqual(finding.firstSeen, LeakDay.start + 3600)
        XCTAssertEqual(finding.lastSeen, LeakDay.start + 4800)
        XCTAssertTrue(finding.evidence.contains("withdrawn during the day"), finding.evidence)
    }

    func testAPolicyWithoutTheRuleChecksNothing() throws {
        var day = LeakDay()
        day.rib(a, "10.1.0.0/16", clean)
        var policy = try LeakDay.smarthubPolicy()
        policy.bogonPrefix = nil
        XCTAssertEqual(LeakDay.findings(LeakAnalysis.run(try day.inputs(policy: policy)), .bogonPrefix).count, 0)
    }
}
