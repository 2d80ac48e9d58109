@testable import Audit
import BGP
import Job
import MRT
import Routing
import XCTest

/// route-flapping, session-reset, community-churn, address-family-missing and the scores.
final class ConsistencyStabilityTests: XCTestCase {
    typealias Day = ConsistencyDay
    let a = Day.a, b = Day.b
    let prefix = "193.0.0.0/21"
    lazy var pathA = Day.attributes([3216, 64500], nextHop: "185.1.15.21", communities: "8960:8960")

    /// A has `prefix` in rs1's RIB and withdraws and announces it again `times` times, at
    /// 1000 s, 2000 s, ... (withdrawn) and 100 s later each time (back).
    func flappingDay(_ times: Int) -> Day {
        var day = Day()
        day.rib("rs1", a, prefix, pathA)
        for n in 1...times {
            day.withdraw("rs1", after: UInt32(n * 1000), a, [prefix])
            day.announce("rs1", after: UInt32(n * 1000 + 100), a, [prefix], pathA)
        }
        return day
    }

    func testFourFlapsAreRouteFlapping() throws {
        // Threshold 4: four withdrawals each followed by the announcement again is flapping.
        // One finding for the session, count 1 route; the route's own count is its 4 flaps.
        let findings = try flappingDay(4).run().findings.filter { $0.check == .routeFlapping }
        XCTAssertEqual(findings.count, 1)
        let finding = try XCTUnwrap(findings.first)
        XCTAssertEqual(finding.count, 1)
        XCTAssertEqual(finding.source, "rs1 185.1.15.21")
        XCTAssertEqual(finding.prefix, Prefix(prefix))
        XCTAssertEqual(finding.evidence, "1 route (193.0.0.0/21) withdrawn and announced again at least 4 times; the most: "
            + "193.0.0.0/21, withdrawn and announced again 4 times, present at the end of the day")
        XCTAssertEqual(finding.routes.map(\.count), [4])
        XCTAssertEqual(finding.firstSeen, Day.start - 600)
        XCTAssertEqual(finding.lastSeen, Day.start + 4100)
    }

    func testFlappingRoutesOfOneSessionAreOneFinding() throws {
        // A's rs1 session: 193.0.0.0/21 flaps 4 times, 193.0.8.0/23 6 times, 193.0.16.0/22
        // twice (below the threshold). Expected: one finding, count 2, the most 193.0.8.0/23
        // with 6; the routes carry 4 and 6.
        var day = Day()
        let flaps = ["193.0.0.0/21": 4, "193.0.8.0/23": 6, "193.0.16.0/22": 2]
        for (p, times) in flaps {
            day.rib("rs1", a, p, pathA)
            for n in 1...times {
                day.withdraw("rs1", after: UInt32(n * 1000), a, [p])
                day.announce("rs1", after: UInt32(n * 1000 + 100), a, [p], pathA)
            }
        }
        let findings = try day.run().findings.filter { $0.check == .routeFlapping }
        XCTAssertEqual(findings.count, 1)
        let finding = try XCTUnwrap(findings.first)
        XCTAssertEqual(finding.count, 2)
        XCTAssertEqual(finding.routes.map(\.prefix), [Prefix("193.0.0.0/21")!, Prefix("193.0.8.0/23")!])
        XCTAssertEqual(finding.routes.map(\.count), [4, 6])
        XCTAssertTrue(finding.evidence.contains("the most: 193.0.8.0/23, withdrawn and announced again 6 times"), finding.evidence)
    }

    func testThreeFlapsAreNot() throws {
        // Near miss: three flaps stay below the threshold.
        XCTAssertTrue(try flappingDay(3).run().findings.filter { $0.check == .routeFlapping }.isEmpty)
    }

    func testReturnsAfterSessionResetsAreNotFlaps() throws {
        // A's rs1 session drops at 1000, 2000, 3000 and 4000 s and is back 50 s later each time,
        // announcing the prefix again. The route came back four times, but the resets explain
        // all four: no route-flapping; one session-reset finding counting 4, first 1000 s, last 4000 s.
        var day = Day()
        day.rib("rs1", a, prefix, pathA)
        for n in 1...4 {
            day.reset("rs1", a, down: UInt32(n * 1000), up: UInt32(n * 1000 + 50))
            day.announce("rs1", after: UInt32(n * 1000 + 60), a, [prefix], pathA)
        }
        let inputs = try day.inputs()
        let record = try XCTUnwrap(inputs.rib.sessions[SessionID(source: "rs1", peerAddress: a.address, peerASN: a.asn)]?
            .routes[RouteKey(prefix: Prefix(prefix)!)])
        XCTAssertEqual(record.flaps, 4)
        XCTAssertEqual(record.withdrawalFlaps, 0)
        let findings = ConsistencyAnalysis.run(inputs).findings.filter { $0.severity >= .warning }
        XCTAssertEqual(findings.map(\.check), [.sessionReset])
        let reset = try XCTUnwrap(findings.first)
        XCTAssertEqual(reset.count, 4)
        XCTAssertEqual(reset.source, "rs1 185.1.15.21")
        XCTAssertEqual(reset.firstSeen, Day.start + 1000)
        XCTAssertEqual(reset.lastSeen, Day.start + 4000)
        XCTAssertTrue(reset.evidence.hasPrefix("left Established 4 times (2026-11-21 00:16:40 UTC, 2026-11-21 00:33:20 UTC,"),
                      reset.evidence)
        XCTAssertTrue(reset.evidence.hasSuffix("up at the end of the day with 1 IPv4 and 0 IPv6 routes"), reset.evidence)
    }

    func testASessionThatComesUpIsNoReset() throws {
        // Near miss: rs1 sees A's session come up (5 -> 6) during the day without leaving
        // Established before.
        var day = Day()
        day.rib("rs1", a, prefix, pathA)
        day.stateChange("rs1", a, after: 500, from: .openConfirm, to: .established)
        XCTAssertTrue(try day.run().findings.filter { $0.check == .sessionReset }.isEmpty)
    }

    func testOtherCommunitiesWhilePresentAreCommunityChurn() throws {
        // At 1000 s A announces the prefix again with 0:8960 instead of 8960:8960 (restricting
        // it to nobody) while it is present: one community-churn notice, count 1.
        var day = Day()
        day.rib("rs1", a, prefix, pathA)
        day.announce("rs1", after: 1000, a, [prefix], Day.attributes([3216, 64500], nextHop: "185.1.15.21", communities: "0:8960"))
        let findings = try day.run().findings.filter { $0.check == .communityChurn }
        XCTAssertEqual(findings.count, 1)
        XCTAssertEqual(findings.first?.severity, .notice)
        XCTAssertEqual(findings.first?.count, 1)
        XCTAssertEqual(findings.first?.source, "rs1 185.1.15.21")
        XCTAssertEqual(findings.first?.routes.map(\.detail),
                       ["announced again with other communities 1 time while present; last announced with 0:8960"])
    }

    func testAnotherMEDWhilePresentIsNoCommunityChurn() throws {
        // Near miss: the same communities with a MED added: an attribute change, not churn of communities.
        var day = Day()
        day.rib("rs1", a, prefix, pathA)
        day.announce("rs1", after: 1000, a, [prefix], Day.attributes([3216, 64500], nextHop: "185.1.15.21", med: 5, communities: "8960:8960"))
        let inputs = try day.inputs()
        let record = try XCTUnwrap(inputs.rib.sessions[SessionID(source: "rs1", peerAddress: a.address, peerASN: a.asn)]?
            .routes[RouteKey(prefix: Prefix(prefix)!)])
        XCTAssertEqual(record.attributeChanges, 1)
        XCTAssertEqual(record.communityChanges, 0)
        XCTAssertTrue(ConsistencyAnalysis.run(inputs).findings.filter { $0.check == .communityChurn }.isEmpty)
    }

    func testNoIPv6SessionWhileIPv6IsAssigned() throws {
        // B has 2001:7f8:7a::30 assigned but only an IPv4 session with routes on rs1.
        var day = Day()
        day.rib("rs1", b, "194.0.0.0/16", Day.attributes([8359], nextHop: "185.1.15.30"))
        let findings = try day.run().findings.filter { $0.check == .addressFamilyMissing }
        XCTAssertEqual(findings.map(\.member), [ASN(8359)])
        XCTAssertEqual(findings.first?.severity, .notice)
        XCTAssertEqual(findings.first?.evidence, "assigned IPv6 2001:7f8:7a::30 (route-server peering yes in the member list); "
            + "announces IPv4 routes to rs1, but no IPv6 session at any route server")
    }

    func testAnIPv6SessionWithoutRoutes() throws {
        // B's IPv6 session is in rs1's peer table but carries nothing all day.
        var day = Day()
        day.rib("rs1", b, "194.0.0.0/16", Day.attributes([8359], nextHop: "185.1.15.30"))
        day.session("rs1", Day.bV6)
        let findings = try day.run().findings.filter { $0.check == .addressFamilyMissing }
        XCTAssertEqual(findings.count, 1)
        XCTAssertTrue(findings.first?.evidence.hasSuffix("but IPv6 sessions rs1 2001:7f8:7a::30 carried no route all day") ?? false,
                      findings.first?.evidence ?? "")
    }

    func testBothFamiliesOrOneAssignedNoFinding() throws {
        // Near misses: B announces in both families; C (IPv4 only in the member list) in one;
        // A is assigned both but uses the route servers in neither.
        var day = Day()
        day.rib("rs1", b, "194.0.0.0/16", Day.attributes([8359], nextHop: "185.1.15.30"))
        day.rib("rs1", Day.bV6, "2001:db8:200::/48", Day.attributes([8359], nextHop: "2001:7f8:7a::30"))
        let c = BGPSpeaker(asn: ASN(8447), address: IPAddress("185.1.15.31")!)
        day.rib("rs1", c, "195.0.0.0/16", Day.attributes([8447], nextHop: "185.1.15.31"))
        let members = Day.members + [Member(asn: ASN(8447), name: "Charlie", ipv4: [c.address])]
        XCTAssertTrue(try day.run(members: members).findings.filter { $0.check == .addressFamilyMissing }.isEmpty)
    }

    func testScoresAreTheShareOfConsistentPrefixes() throws {
        // A: four prefixes on rs1, three of them on rs2 too: 3 of 4 consistent, 0.75.
        // B: one prefix on both: 1.0. Scores in ASN order.
        var day = Day()
        for p in ["193.0.0.0/21", "193.0.8.0/23", "193.0.10.0/23"] {
            day.rib(["rs1", "rs2"], a, p, pathA)
        }
        day.rib("rs1", a, "193.0.16.0/22", pathA)
        day.rib(["rs1", "rs2"], b, "194.0.0.0/16", Day.attributes([8359], nextHop: "185.1.15.30"))
        let scores = try day.run().scores
        XCTAssertEqual(scores, [MemberConsistency(asn: ASN(3216), score: 0.75, prefixes: 4, consistentPrefixes: 3),
                                MemberConsistency(asn: ASN(8359), score: 1, prefixes: 1, consistentPrefixes: 1)])
    }

    func testARouteRecordStaysTwentyBytes() {
        // 3M routes on the large day: the counters added for this analysis fit the padding.
        XCTAssertEqual(MemoryLayout<RouteRecord>.stride, 20)
    }
}
