import BGP
import Job
import Routing
import RouteServer
import XCTest

/// `Explainer` on routes with action communities, each answer worked out by hand on the five
/// members of `FiveMemberTestCase` (A AS3216 .21, B AS8359 .30, C AS8447 .31, D AS8342 .32,
/// E AS196608 .40; rs1 AS8960, smarthub-ix policy: IPv4 /8-/24, IPv6 /16-/48; arouteserver
/// profile with its default action communities and the blackhole next hops 185.1.15.66 and
/// 2001:7f8:7a::66). Each what the simulation does too: `ExplainTests` compares them on every pair.
final class ExplainActionTests: FiveMemberTestCase {
    var scheme: CommunityScheme {
        var s = CommunityScheme.defaults(profile: .arouteserver, routeServerASN: ASN(8960))
        s.actions.blackhole?.nextHopIPv4 = IPAddress("185.1.15.66")
        s.actions.blackhole?.nextHopIPv6 = IPAddress("2001:7f8:7a::66")
        return s
    }

    /// Through the entry `ixaudit explain` uses: the import check with the scheme's blackhole settings.
    func explain(_ rib: RouteServerRIB, _ prefix: String, from: ASN, to: ASN? = nil, mode: ExportMode = .best,
                 scheme: CommunityScheme? = nil) throws -> Explanation {
        try Explainer.explain(rib, policy: policy, members: nil, scheme: scheme ?? self.scheme, implementation: .bird(secondary: true),
                              query: ExplainQuery(prefix: Prefix(prefix)!, from: from, to: to, mode: mode), stateTime: 0)
    }

    func outcome(_ e: Explanation, _ receiver: ASN) -> ReceiverOutcome { e.receivers.first { $0.receiver == receiver.rawValue }! }

    func testATaggedBlackholeHostRouteIsExportedWithTheBlackholeNextHop() throws {
        var (rib, s) = builder()
        // A's 193.0.0.1/32 carries 65535:666: the blackhole settings allow up to /32, so it
        // passes prefix_length and every other member gets it with next hop 185.1.15.66 (the
        // path unchanged: no prepend community). C's 193.0.0.2/32 has no tag: /32 is longer
        // than /24, rejected. Same in IPv6: B's 2001:db8::1/128 tagged goes out with
        // 2001:7f8:7a::66.
        rib.route(s[0], "193.0.0.1/32", communities: "65535:666")
        rib.route(s[2], "193.0.0.2/32")
        let b6 = rib.session(8359, "2001:7f8:7a::30")
        rib.session(8447, "2001:7f8:7a::31")
        rib.route(b6, "2a02:8380::1/128", communities: "65535:666")
        let tagged = try explain(rib.rib, "193.0.0.1/32", from: a)
        XCTAssertTrue(tagged.candidates[0].accepted)
        XCTAssertEqual(tagged.receivers.filter(\.exported).map(\.receiver), [8342, 8359, 8447, 196_608])
        XCTAssertEqual(outcome(tagged, b).sentNextHop, "185.1.15.66")
        XCTAssertNil(outcome(tagged, b).sentPath)
        let untagged = try explain(rib.rib, "193.0.0.2/32", from: c, to: b)
        XCTAssertEqual(untagged.receivers[0].reason, .importRejected)
        XCTAssertTrue(untagged.receivers[0].detail.contains("prefix-too-long"), untagged.receivers[0].detail)
        let v6 = try explain(rib.rib, "2a02:8380::1/128", from: b, to: c)
        XCTAssertTrue(v6.receivers[0].exported, v6.receivers[0].detail)
        XCTAssertEqual(v6.receivers[0].sentNextHop, "2001:7f8:7a::66")
    }

    func testNoExportIsNamedAsTheCommunityThatKeepsTheRouteFromEveryMember() throws {
        var (rib, s) = builder()
        // A's 193.0.0.0/24 carries NO_EXPORT (65535:65281): every member is refused, and the
        // community is named (not an empty block-all). Without it C would get the route (the
        // only one of the prefix, open).
        rib.route(s[0], "193.0.0.0/24", communities: "65535:65281")
        let e = try explain(rib.rib, "193.0.0.0/24", from: a)
        XCTAssertEqual(e.receivers.filter(\.exported).count, 0)
        let toC = outcome(e, c)
        XCTAssertEqual(toC.reason, .communities)
        XCTAssertEqual(toC.detail, "65535:65281 (NO_EXPORT): the route server sends it to no member "
                       + "(a well-known community, obeyed before any control community)")
        XCTAssertEqual(toC.whatIf, ["without 65535:65281, AS8447 would receive it"])
        XCTAssertEqual(e.candidates[0].controlCommunities.map(\.community), ["65535:65281"])
        XCTAssertEqual(e.candidates[0].controlCommunities.map(\.action), ["no-export"])
        XCTAssertEqual(e.candidates[0].audience, "no one")
        // A job that passes well-known communities on (BIRD's interpret communities off):
        // the route is open, C gets it, and 65535:65281 is not a control community.
        var passing = scheme
        passing.actions.wellKnown = .ignore
        let open = try explain(rib.rib, "193.0.0.0/24", from: a, to: c, scheme: passing)
        XCTAssertTrue(open.receivers[0].exported)
        XCTAssertEqual(open.candidates[0].controlCommunities.count, 0)
    }

    func testNoAdvertiseComesBeforeTheProfilesStepsAndDroppingItAloneIsNotEnough() throws {
        var (rib, s) = builder()
        // A: 0:8447 (not to C) and NO_ADVERTISE (65535:65282). The well-known community is read
        // first: it alone is named for C and for D. Without it D would get the route; C would
        // still be excluded by 0:8447.
        rib.route(s[0], "193.0.0.0/24", communities: "0:8447 65535:65282")
        let e = try explain(rib.rib, "193.0.0.0/24", from: a)
        XCTAssertEqual(e.candidates[0].controlCommunities.map(\.community), ["65535:65282", "0:8447"])
        XCTAssertEqual(outcome(e, c).detail, "65535:65282 (NO_ADVERTISE): the route server sends it to no member "
                       + "(a well-known community, obeyed before any control community)")
        XCTAssertEqual(outcome(e, c).whatIf, ["without 65535:65282, AS8447 would still be excluded by the route's other communities"])
        XCTAssertEqual(outcome(e, d).whatIf, ["without 65535:65282, AS8342 would receive it"])
    }

    func testABestRouteWithNoExportLeavesEveryoneWithoutThePrefixInBestMode() throws {
        var (rib, s) = builder()
        // A: path 3216 with NO_EXPORT; D: path 8342 8342 (longer). A's is the best (shorter
        // path; NO_EXPORT does not change the decision), and is sent to no one: in best mode C
        // gets nothing and D's route lost the decision; the detail names NO_EXPORT.
        rib.route(s[0], "193.0.0.0/24", communities: "65535:65281")
        rib.route(s[3], "193.0.0.0/24", path: [8342, 8342])
        let toC = try explain(rib.rib, "193.0.0.0/24", from: d, to: c).receivers[0]
        XCTAssertEqual(toC.reason, .lostDecision)
        XCTAssertEqual(toC.gets, [])
        XCTAssertTrue(toC.detail.contains("65535:65281 (NO_EXPORT)"), toC.detail)
        // Without NO_EXPORT A's route would go to C (still the best); without A's route C
        // would get D's.
        XCTAssertEqual(toC.whatIf, ["in per-client mode (BIRD secondary on, OpenBGPD rde evaluate all) AS8447 would receive it",
                                    "without 65535:65281 on AS3216's route, AS8447 would get AS3216's route instead",
                                    "without AS3216's route, AS8447 would receive it"])
        // Per-client mode: C gets D's route, the first one allowed to it.
        XCTAssertTrue(try explain(rib.rib, "193.0.0.0/24", from: d, to: c, mode: .perClient).receivers[0].exported)
    }

    func testGracefulShutdownRanksTheRouteWithLocalPrefZero() throws {
        var (rib, s) = builder()
        // A: path 3216 (length 1) with 65535:0; D: 8342 8342 (length 2). Graceful shutdown
        // gives A's route LOCAL_PREF 0 against D's 100: D's is the best, C gets D's, and A's
        // route lost at local-pref "100 against 0 (graceful shutdown)".
        rib.route(s[0], "193.0.0.0/24", communities: "65535:0")
        rib.route(s[3], "193.0.0.0/24", path: [8342, 8342])
        let e = try explain(rib.rib, "193.0.0.0/24", from: a, to: c)
        XCTAssertEqual(e.candidates.map(\.sender), [8342, 3216])
        XCTAssertEqual(e.candidates[1].lostAt?.step, "local-pref")
        XCTAssertEqual(e.candidates[1].lostAt?.loserValue, "0 (graceful shutdown)")
        XCTAssertEqual(e.receivers[0].reason, .lostDecision)
        XCTAssertEqual(e.receivers[0].detail, "AS8447 gets AS8342's route instead, which wins on higher LOCAL_PREF (100 against 0 (graceful shutdown))")
        // Without 65535:0 A's shorter path would win again; without D's route A's is the only one.
        XCTAssertEqual(e.receivers[0].whatIf, ["without 65535:0 (graceful shutdown), AS8447 would receive it",
                                               "without AS8342's route, AS8447 would receive it"])
        // A job that turns graceful shutdown off: 65535:0 is an ordinary community, A's
        // shorter path wins and C gets it, in explain and in the simulation's export list.
        var off = scheme
        off.actions.gracefulShutdownStandard = []
        let e2 = try explain(rib.rib, "193.0.0.0/24", from: a, to: c, scheme: off)
        XCTAssertEqual(e2.candidates.map(\.sender), [3216, 8342])
        XCTAssertTrue(e2.receivers[0].exported)
        let result = RouteServerSimulation.run(rib.rib, scheme: off, policy: policy, implementation: .bird(secondary: true))
        XCTAssertEqual(result.exports(.best).filter { $0.receiver == c }.map(\.sender), [a])
        let on = RouteServerSimulation.run(rib.rib, scheme: scheme, policy: policy, implementation: .bird(secondary: true))
        XCTAssertEqual(on.exports(.best).filter { $0.receiver == c }.map(\.sender), [d])
    }

    func testAnExportedRouteShowsThePathAsSentAfterPrepending() throws {
        var (rib, s) = builder()
        // B sends 193.0.0.0/24 with 65501:8960 (once to all) and 65512:8447 (twice to C): C
        // gets 8359 three times (the peer's count wins), A, D and E twice; next hop B's own
        // .30 unchanged (not blackholed). The candidate keeps the path as received.
        rib.route(s[1], "193.0.0.0/24", communities: "65501:8960 65512:8447")
        let x = try explain(rib.rib, "193.0.0.0/24", from: b)
        XCTAssertEqual(x.candidates[0].asPath, "8359")
        XCTAssertEqual(outcome(x, c).sentPath, "8359 8359 8359")
        XCTAssertEqual(outcome(x, a).sentPath, "8359 8359")
        XCTAssertEqual(outcome(x, e).sentPath, "8359 8359")
        XCTAssertNil(outcome(x, c).sentNextHop, "not blackholed: the next hop goes out as received")
        XCTAssertNil(outcome(x, b).sentPath, "the sender gets nothing")
        XCTAssertTrue(x.markdown.contains("yes, as sent: path 8359 8359 8359 |"), x.markdown)
    }


    func testTheReviewPageCountsNoExportApartFromBlockAll() throws {
        var (rib, s) = builder()
        // A: 193.0.0.0/24 with NO_EXPORT, 193.0.1.0/24 with 0:8960 (block-all, no include).
        // Each of B, C, D, E misses both: one by NO_EXPORT, one by the block-all; explain says
        // `communities` for both, naming 65535:65281 for the first.
        rib.route(s[0], "193.0.0.0/24", communities: "65535:65281")
        rib.route(s[0], "193.0.1.0/24", communities: "0:8960")
        let result = RouteServerSimulation.run(rib.rib, scheme: scheme, policy: policy, implementation: .bird(secondary: true))
        let rows = try XCTUnwrap(result.missedRoutes(mode: .best, senders: [a])[a])
        XCTAssertEqual(rows.map { "AS\($0.receiver) \($0.routes) got \($0.received) ni \($0.notIncluded) wk \($0.wellKnown) other \($0.otherRoute)" }, [
            "AS8342 2 got 0 ni 1 wk 1 other 0",
            "AS8359 2 got 0 ni 1 wk 1 other 0",
            "AS8447 2 got 0 ni 1 wk 1 other 0",
            "AS196608 2 got 0 ni 1 wk 1 other 0",
        ])
        XCTAssertTrue(try explain(rib.rib, "193.0.0.0/24", from: a, to: c).receivers[0].detail.hasPrefix("65535:65281 (NO_EXPORT)"))
    }
}
