@testable import Audit
import BGP
import MRT
import Routing
import XCTest

/// rs-prefix-set, session-prefix-set and source-prefix-set on hand-built days: each with one
/// input that triggers it and a near miss that must not.
final class ConsistencyPrefixSetTests: XCTestCase {
    typealias Day = ConsistencyDay
    let a = Day.a, b = Day.b
    lazy var pathA = Day.attributes([3216, 64500], nextHop: "185.1.15.21")
    lazy var pathB = Day.attributes([8359], nextHop: "185.1.15.30")

    func testAPrefixOnOneRouteServerOnly() throws {
        // A: 193.0.0.0/21 on rs1 and rs2 (consistent), 193.0.8.0/23 on rs1 only.
        // Expected: one rs-prefix-set finding, for 193.0.8.0/23, seen on rs1, missing on rs2.
        var day = Day()
        day.rib(["rs1", "rs2"], a, "193.0.0.0/21", pathA)
        day.rib("rs1", a, "193.0.8.0/23", pathA)
        let findings = try day.run().findings.filter { $0.check == .rsPrefixSet }
        XCTAssertEqual(findings.map(\.prefix), [Prefix("193.0.8.0/23")])
        let finding = try XCTUnwrap(findings.first)
        XCTAssertEqual(finding.member, ASN(3216))
        XCTAssertEqual(finding.memberName, "Alpha")
        XCTAssertEqual(finding.source, "rs1")
        XCTAssertEqual(finding.count, 1)
        XCTAssertTrue(finding.evidence.hasPrefix("1 prefix (193.0.8.0/23) on some of the route servers only"), finding.evidence)
        XCTAssertTrue(finding.evidence.contains("missing on rs2 (rs2 185.1.15.21 up with 1 IPv4"), finding.evidence)
        XCTAssertTrue(finding.evidence.contains("AS path 3216 64500"), finding.evidence)
        XCTAssertEqual(finding.firstSeen, Day.start - 600, "the RIB's originated time")
    }

    func testAMemberMissingManyPrefixesOnOneRouteServerIsOneFinding() throws {
        // A: 193.0.0.0/21 on both; seven /24s of 193.0.8.0/21 on rs1 only. Expected: one
        // rs-prefix-set finding, count 7, five examples and "2 more", every prefix among its routes.
        var day = Day()
        day.rib(["rs1", "rs2"], a, "193.0.0.0/21", pathA)
        let missing = (8..<15).map { "193.0.\($0).0/24" }
        for p in missing { day.rib("rs1", a, p, pathA) }
        let findings = try day.run().findings.filter { $0.check == .rsPrefixSet }
        XCTAssertEqual(findings.count, 1)
        let finding = try XCTUnwrap(findings.first)
        XCTAssertEqual(finding.count, 7)
        XCTAssertEqual(finding.routesAffected, 7)
        XCTAssertEqual(finding.routes.map(\.prefix), missing.map { Prefix($0)! })
        XCTAssertTrue(finding.evidence.hasPrefix("7 prefixes (193.0.8.0/24, 193.0.9.0/24, 193.0.10.0/24, 193.0.11.0/24, "
            + "193.0.12.0/24 and 2 more)"), finding.evidence)
    }

    func testNoRouteServerSessionOfTheFamilyNoFinding() throws {
        // Near miss: A's IPv6 prefix is on rs1 only, but A has no IPv6 session with rs2 at all.
        // Its IPv4 prefix is on both. Expected: no rs-prefix-set finding.
        var day = Day()
        day.rib(["rs1", "rs2"], a, "193.0.0.0/21", pathA)
        day.rib("rs1", Day.aV6, "2001:db8:100::/48", Day.attributes([3216], nextHop: "2001:7f8:7a::21"))
        XCTAssertTrue(try day.run().findings.filter { $0.check == .rsPrefixSet }.isEmpty)
    }

    func testASessionDownAtTheEndIsNotAPrefixSetFinding() throws {
        // Near miss: both prefixes on rs1 and rs2, then A's rs2 session drops at 01:00 and does
        // not come back. The missing routes are the reset's: session-reset, not rs-prefix-set.
        var day = Day()
        day.rib(["rs1", "rs2"], a, "193.0.0.0/21", pathA)
        day.rib(["rs1", "rs2"], a, "193.0.8.0/23", pathA)
        day.reset("rs2", a, down: 3600, up: nil)
        let findings = try day.run().findings.filter { $0.severity >= .warning }
        XCTAssertEqual(findings.map(\.check), [.sessionReset])
    }

    func testASourceWithoutRIBDumpMissesNothing() throws {
        // rs1 has a RIB dump with both prefixes; rs2 has only updates (partial state), in which
        // A announces 193.0.0.0/21 again and 193.0.16.0/22, new. 193.0.8.0/23 may well be on
        // rs2 since before the first update: not judged missing. 193.0.16.0/22 is on rs2 and
        // missing on rs1, whose state is complete: one finding, source rs2.
        var day = Day()
        day.rib("rs1", a, "193.0.0.0/21", pathA)
        day.rib("rs1", a, "193.0.8.0/23", pathA)
        day.announce("rs2", after: 100, a, ["193.0.0.0/21", "193.0.16.0/22"], pathA)
        let findings = try day.run().findings.filter { $0.check == .rsPrefixSet }
        XCTAssertEqual(findings.map(\.prefix), [Prefix("193.0.16.0/22")])
        XCTAssertEqual(findings.first?.source, "rs2")
    }

    func testAPrefixOnOneOfTwoConnectionsOnly() throws {
        // A has two IPv4 sessions with rs1 (.21 and .121): 193.0.0.0/21 on both, 193.0.8.0/23
        // on .21 only. Expected: one session-prefix-set finding for 193.0.8.0/23, seen on
        // "rs1 185.1.15.21", missing on "rs1 185.1.15.121".
        var day = Day()
        day.rib("rs1", a, "193.0.0.0/21", pathA)
        day.rib("rs1", Day.aSecond, "193.0.0.0/21", Day.attributes([3216, 64500], nextHop: "185.1.15.121"))
        day.rib("rs1", a, "193.0.8.0/23", pathA)
        let findings = try day.run().findings
        let partial = findings.filter { $0.check == .sessionPrefixSet }
        XCTAssertEqual(partial.map(\.prefix), [Prefix("193.0.8.0/23")])
        XCTAssertEqual(partial.first?.source, "rs1")
        XCTAssertEqual(partial.first?.routes.map(\.source), ["rs1 185.1.15.21"])
        XCTAssertTrue(partial.first?.evidence.contains("missing on rs1 185.1.15.121") ?? false, partial.first?.evidence ?? "")
        XCTAssertFalse(findings.contains { $0.check == .rsPrefixSet }, "one route server: nothing to compare across servers")
    }

    func testTwoConnectionsWithTheSamePrefixesNoFinding() throws {
        // Near miss: both connections carry both prefixes, with different next hops (two routers).
        var day = Day()
        for prefix in ["193.0.0.0/21", "193.0.8.0/23"] {
            day.rib("rs1", a, prefix, pathA)
            day.rib("rs1", Day.aSecond, prefix, Day.attributes([3216, 64500], nextHop: "185.1.15.121"))
        }
        XCTAssertTrue(try day.run().findings.filter { $0.severity >= .warning }.isEmpty)
    }

    func testAPrefixMissingAtAnotherSourceOrOnlyThere() throws {
        // A on rs1 and at the collector "ams-ix": 193.0.0.0/21 at both, 193.0.8.0/23 on rs1
        // only, 193.0.16.0/22 at the collector only. Expected: one source-prefix-set finding
        // for A and ams-ix, count 2: 193.0.8.0/23 (missing there) and 193.0.16.0/22 (only there).
        var day = Day()
        day.rib(["rs1", "ams-ix"], a, "193.0.0.0/21", pathA)
        day.rib("rs1", a, "193.0.8.0/23", pathA)
        day.rib("ams-ix", a, "193.0.16.0/22", pathA)
        let findings = try day.run().findings.filter { $0.check == .sourcePrefixSet }
        XCTAssertEqual(findings.map(\.source), ["ams-ix"])
        let routes = try XCTUnwrap(findings.first?.routes)
        XCTAssertEqual(routes.map(\.prefix), [Prefix("193.0.8.0/23")!, Prefix("193.0.16.0/22")!])
        XCTAssertEqual(routes.map(\.source), ["rs1", "ams-ix"], "where each prefix is")
        XCTAssertTrue(routes[0].detail.hasPrefix("announced to the route servers (rs1), not at ams-ix"), routes[0].detail)
        XCTAssertTrue(routes[1].detail.contains("to none of the route servers (rs1)"), routes[1].detail)
    }

    func testTheSamePrefixesAtAnotherSourceNoFinding() throws {
        // Near miss: the same two prefixes on rs1 and at the collector; B, not present at the
        // collector, is not compared with it.
        var day = Day()
        day.rib(["rs1", "ams-ix"], a, "193.0.0.0/21", pathA)
        day.rib(["rs1", "ams-ix"], a, "193.0.8.0/23", pathA)
        day.rib("rs1", b, "194.0.0.0/16", pathB)
        XCTAssertTrue(try day.run().findings.filter { $0.severity >= .warning }.isEmpty)
    }

    func testSessionsOfNonMembersAreNotJudged() throws {
        // AS64999 is not in the member list: its prefix on rs1 only is not a finding.
        var day = Day()
        let stranger = BGPSpeaker(asn: ASN(64999), address: IPAddress("185.1.15.99")!)
        day.rib(["rs1", "rs2"], stranger, "195.0.0.0/16", Day.attributes([64999], nextHop: "185.1.15.99"))
        day.rib("rs1", stranger, "195.1.0.0/16", Day.attributes([64999], nextHop: "185.1.15.99"))
        let result = try day.run()
        XCTAssertTrue(result.findings.isEmpty)
        XCTAssertTrue(result.scores.isEmpty)
    }
}
