import BGP
import Job
import Routing
import RouteServer
import XCTest

/// `Explainer` on hand-worked cases of the five members of `FiveMemberTestCase` (A AS3216 .21,
/// B AS8359 .30, C AS8447 .31, D AS8342 .32, E AS196608 .40; route server AS8960, the
/// arouteserver profile, smarthub-ix), each expected answer worked out in the comments.
final class ExplainTests: FiveMemberTestCase {
    let scheme = CommunityScheme.defaults(profile: .arouteserver, routeServerASN: ASN(8960))

    func explain(_ rib: RouteServerRIB, _ prefix: String, from: ASN, to: ASN? = nil, mode: ExportMode = .best,
                 implementation: RouteServerImplementation = .standard, scheme: CommunityScheme? = nil) throws -> Explanation {
        try Explainer.explain(rib, importResult: policy.check(rib), policy: policy, scheme: scheme ?? self.scheme,
                              implementation: implementation, query: ExplainQuery(prefix: Prefix(prefix)!, from: from, to: to, mode: mode),
                              stateTime: 0)
    }

    func outcome(_ e: Explanation, _ receiver: ASN) -> ReceiverOutcome { e.receivers.first { $0.receiver == receiver.rawValue }! }

    func testAThirdPartyNextHopIsRejectedByTheNextHopRuleAndWouldOtherwiseGoToEveryone() throws {
        var (rib, s) = builder()
        // A sends 193.0.0.0/24 with B's address (.30) as next hop: S4 forbids it.
        rib.route(s[0], "193.0.0.0/24", nextHop: "185.1.15.30")
        let e = try explain(rib.rib, "193.0.0.0/24", from: a, to: c)
        let route = e.candidates[e.explainedRoute]
        XCTAssertFalse(route.accepted)
        XCTAssertNil(route.rank)
        // Every rule of the policy is listed; only next_hop fails, with the S4 clause.
        XCTAssertEqual(route.importRules.filter { !$0.passed }.map(\.rule), ["next_hop"])
        XCTAssertEqual(route.importRules.first { $0.rule == "next_hop" }?.clause, "S4")
        XCTAssertEqual(route.importRules.count, 9)
        let toC = outcome(e, c)
        XCTAssertEqual(toC.reason, .importRejected)
        XCTAssertEqual(toC.gets, [])
        XCTAssertTrue(toC.detail.contains("next hop 185.1.15.30 is not the session's address"), toC.detail)
        // Accepted, the only route of the prefix, open: C would get it.
        XCTAssertEqual(toC.whatIf, ["if the import policy accepted it (it fails next-hop), AS8447 would receive it"])
    }

    func testAnExcludeCommunityKeepsTheRouteFromOnePeerOnly() throws {
        var (rib, s) = builder()
        // A's only route for the prefix carries 0:8447, "not to C". B, D and E get it; C gets
        // nothing; A is the sender.
        rib.route(s[0], "193.0.0.0/24", communities: "0:8447")
        let e = try explain(rib.rib, "193.0.0.0/24", from: a)
        XCTAssertEqual(e.receivers.filter(\.exported).map(\.receiver), [8342, 8359, 196_608])
        XCTAssertEqual(outcome(e, a).reason, .ownRoute)
        let toC = outcome(e, c)
        XCTAssertEqual(toC.reason, .communities)
        XCTAssertEqual(toC.detail, "excluded by 0:8447 (exclude AS8447) (arouteserver profile)")
        XCTAssertEqual(toC.whatIf, ["without 0:8447, AS8447 would receive it"])
        XCTAssertFalse(toC.hiddenPath, "no other route: per-client gives C nothing either")
        XCTAssertEqual(e.candidates[0].controlCommunities.map(\.community), ["0:8447"])
        XCTAssertEqual(e.candidates[0].audience, "open except AS8447")
    }

    func testRestrictiveWithIncludeNamesTheBlockAllAndTheIncludeThatWouldLetAPeerIn() throws {
        var (rib, s) = builder()
        // A: 0:8960 (block all) and 8960:8359 (include B). The profile reads exclude, include,
        // block-all, open: the include first, then the block. D is kept out by 0:8960; adding
        // 8960:8342 (or dropping 0:8960) lets it in.
        rib.route(s[0], "193.0.0.0/24", communities: "0:8960 8960:8359")
        let e = try explain(rib.rib, "193.0.0.0/24", from: a, to: d)
        XCTAssertEqual(e.candidates[0].controlCommunities.map(\.action), ["include", "block-all"])
        XCTAssertEqual(e.receivers.count, 1)
        let toD = e.receivers[0]
        XCTAssertEqual(toD.reason, .communities)
        XCTAssertEqual(toD.whatIf, ["without 0:8960, AS8342 would receive it", "with 8960:8342 added, AS8342 would receive it"])
        XCTAssertTrue(try explain(rib.rib, "193.0.0.0/24", from: a, to: b).receivers[0].exported)
    }

    func testEachLosingRouteIsNamedWithTheStepThatDecided() throws {
        var (rib, s) = builder()
        // A: path 3216 (length 1). B: 8359 8359 (2). D: 8342 (1), so A and D tie up to MED,
        // have different neighbour ASes (no MED step) and no BGP identifier: the lower
        // neighbour address wins, .21 (A) over .32 (D). E: local preference 50 against 100.
        rib.route(s[0], "193.0.0.0/24")
        rib.route(s[1], "193.0.0.0/24", path: [8359, 8359])
        rib.route(s[3], "193.0.0.0/24")
        rib.route(s[4], "193.0.0.0/24", localPref: 50)
        let e = try explain(rib.rib, "193.0.0.0/24", from: b)
        XCTAssertEqual(e.candidates.map(\.sender), [3216, 8342, 8359, 196_608])
        XCTAssertEqual(e.candidates.map(\.rank), [1, 2, 3, 4])
        XCTAssertEqual(e.candidates.map { $0.lostAt?.step }, [nil, "neighbour-address", "as-path-length", "local-pref"])
        XCTAssertEqual(e.candidates[1].lostAt?.winnerValue, "185.1.15.21")
        XCTAssertEqual(e.candidates[3].lostAt.map { "\($0.winnerValue) against \($0.loserValue)" }, "100 against 50")
        // C gets A's route; B's lost on the path length.
        let toC = outcome(e, c)
        XCTAssertEqual(toC.reason, .lostDecision)
        XCTAssertEqual(toC.detail, "AS8447 gets AS3216's route instead, which wins on shorter AS path (1 against 2)")
        // Without A's route, D's (length 1) would still beat B's.
        XCTAssertEqual(toC.whatIf, ["without AS3216's route, AS8447 would get AS8342's route instead"])
    }

    func testMEDDecidesBetweenTwoRoutersOfOneMember() throws {
        var (rib, s) = builder()
        // B has a second router (.33). Both send path 8359: equal up to ORIGIN, the same
        // neighbour AS, so the lower MED wins: .33's MED 10 over .30's MED 20.
        let second = rib.session(8359, "185.1.15.33")
        rib.route(s[1], "193.0.0.0/24", med: 20)
        rib.route(second, "193.0.0.0/24", med: 10)
        let r = rib.rib
        let order = r.preferenceOrder([0, 1])
        XCTAssertEqual(order, [1, 0])
        XCTAssertEqual(r.decidingStep(1, over: 0), .med)
        let e = try explain(r, "193.0.0.0/24", from: b)
        // The explained route is B's best-ranked one, .33's.
        XCTAssertEqual(e.candidates[e.explainedRoute].session, "185.1.15.33")
        XCTAssertEqual(e.fromRoutes, [0, 1])
        XCTAssertEqual(e.candidates[1].lostAt?.step, "med")
    }

    func testAHiddenPathIsShownWithThePerClientAnswer() throws {
        var (rib, s) = builder()
        // The case of EvaluateAllTests: A's route (best, length 1) carries 0:8447; B's is
        // longer. In best mode C gets nothing (the best route is denied to it): a hidden path;
        // in per-client mode C gets B's route.
        rib.route(s[0], "193.0.0.0/24", communities: "0:8447")
        rib.route(s[1], "193.0.0.0/24", path: [8359, 8359])
        let best = outcome(try explain(rib.rib, "193.0.0.0/24", from: b), c)
        XCTAssertEqual(best.reason, .lostDecision)
        XCTAssertEqual(best.gets, [])
        XCTAssertTrue(best.hiddenPath)
        XCTAssertEqual(best.detail, "the best route is AS3216's (shorter AS path: 1 against 2), which is not sent to AS8447 "
            + "(its communities exclude AS8447: 0:8447 (exclude AS8447)): AS8447 gets nothing for the prefix")
        XCTAssertEqual(best.whatIf.first, "in per-client mode (BIRD secondary on, OpenBGPD rde evaluate all) AS8447 would receive it")
        let perClient = outcome(try explain(rib.rib, "193.0.0.0/24", from: b, mode: .perClient), c)
        XCTAssertEqual(perClient.reason, .exported)
        XCTAssertEqual(perClient.gets, [1])
    }

    func testEvaluateAllStopsAtTheReceiversOwnPath() throws {
        var (rib, s) = builder()
        // Same routes, OpenBGPD rde evaluate all: A's walk reaches its own route first (its
        // communities allow A) and stops: A gets nothing, where BIRD's secondary sends B's.
        // With 0:3216 on its own route the filter would deny it and the walk go on to B's.
        rib.route(s[0], "193.0.0.0/24", communities: "0:8447")
        rib.route(s[1], "193.0.0.0/24", path: [8359, 8359])
        let e = try explain(rib.rib, "193.0.0.0/24", from: b, mode: .evaluateAll, implementation: .openbgpd(evaluateAll: true))
        let toA = outcome(e, a)
        XCTAssertEqual(toA.reason, .ownPathStop)
        XCTAssertEqual(toA.whatIf, ["with BIRD's secondary (per-client mode) AS3216 would receive it",
                                    "if AS3216's own route carried 0:3216, AS3216 would receive it"])
        XCTAssertEqual(outcome(e, c).reason, .exported)
        XCTAssertEqual(e.implementation, "OpenBGPD (rde evaluate all)")
    }

    func testClearErrors() throws {
        var (rib, s) = builder()
        rib.route(s[0], "193.0.0.0/24")
        rib.route(s[0], "2001:db8::/32")
        let r = rib.rib
        XCTAssertThrowsError(try explain(r, "193.0.0.0/24", from: ASN(64_999))) {
            XCTAssertEqual($0 as? ExplainError, .unknownMember(ASN(64_999), routeServer: "rs1", role: "--from"))
        }
        XCTAssertThrowsError(try explain(r, "193.0.0.0/24", from: b)) {
            XCTAssertEqual($0 as? ExplainError, .nothingAnnounced(prefix: Prefix("193.0.0.0/24")!, from: b, routeServer: "rs1", senders: [a], fromRoutes: 0))
        }
        XCTAssertThrowsError(try explain(r, "193.0.0.0/25", from: a)) {
            XCTAssertEqual($0 as? ExplainError, .unknownPrefix(Prefix("193.0.0.0/25")!, routeServer: "rs1", covering: [Prefix("193.0.0.0/24")!]))
            XCTAssertTrue("\($0)".contains("the member sent the covering 193.0.0.0/24"))
        }
        // C has no IPv6 session: it cannot receive an IPv6 prefix.
        XCTAssertThrowsError(try explain(r, "2001:db8::/32", from: a, to: c)) {
            XCTAssertEqual($0 as? ExplainError, .noSessionOfFamily(c, routeServer: "rs1", prefix: Prefix("2001:db8::/32")!))
        }
    }

    func testAMembersOtherRouterGetsTheRouteItsFirstRouterSent() throws {
        var (rib, s) = builder()
        // B has a second router, .33. B's route for 193.0.0.0/24 comes from .30: --to B names
        // both sessions; .30 is where it came from (own-route), .33 gets it like any member.
        rib.session(8359, "185.1.15.33")
        rib.route(s[1], "193.0.0.0/24")
        let e = try explain(rib.rib, "193.0.0.0/24", from: b, to: b)
        XCTAssertEqual(e.receivers.map(\.session), ["185.1.15.30", "185.1.15.33"])
        XCTAssertEqual(e.receivers.map(\.reason), [.ownRoute, .exported])
        XCTAssertEqual(e.receivers[0].detail, "AS8359 sent it on this session: a route never goes back to the session it came from")
        // Every receiving session: A, C, D, E and B's .33 get it; six sessions in all.
        XCTAssertEqual(try explain(rib.rib, "193.0.0.0/24", from: b).receivers.filter(\.exported).count, 5)
    }

    /// Explain's verdicts against the simulation's export list, every (sender, receiver,
    /// prefix) of a RIB mixing the cases above, in every mode, under both profiles.
    func testExplainAgreesWithTheSimulationOnEveryPair() throws {
        var (rib, s) = builder()
        let second = rib.session(8359, "185.1.15.33")
        let sets = ["0:8447", "", "0:8960 8960:8359", "8960:0:8342", "0:8960 8960:1:196608 0:3216", "8960:0:0 8960:1:8447",
                    "0:8960 8960:8960", "0:8359 8960:8359", "8960:8960 0:8447 8960:1:8447"]
        for (n, communities) in sets.enumerated() {
            let prefix = "193.0.\(n).0/24"
            rib.route(s[0], prefix, communities: communities)
            rib.route(s[1], prefix, path: [8359, 8359], communities: sets[(n + 1) % sets.count])
            rib.route(second, prefix, path: [8359, 8359], med: UInt32(n))
            rib.route(s[2], prefix, path: [8447, 8447, 8447], communities: sets[(n + 2) % sets.count], localPref: n % 2 == 0 ? 200 : nil)
            rib.route(s[3], prefix, nextHop: n % 3 == 0 ? "185.1.15.21" : nil)
        }
        let r = rib.rib
        for profile in CommunityProfile.allCases {
            let scheme = CommunityScheme.defaults(profile: profile, routeServerASN: ASN(8960))
            let result = RouteServerSimulation.run(r, scheme: scheme, policy: policy, implementation: everyMode)
            for mode in ExportMode.allCases {
                let exports = result.exports(mode)
                var checked = 0
                for n in sets.indices {
                    let prefix = Prefix("193.0.\(n).0/24")!
                    for sender in [a, b, c, d] {
                        let e = try explain(r, prefix.description, from: sender, mode: mode, implementation: everyMode, scheme: scheme)
                        let explained = e.candidates[e.explainedRoute]
                        for o in e.receivers {
                            let got = exports.filter { $0.prefix == prefix && $0.receiverAddress.description == o.session }
                            XCTAssertTrue(got.allSatisfy { $0.receiver.rawValue == o.receiver })
                            let fromSender = got.contains { $0.sender == sender && $0.senderAddress.description == explained.session }
                            XCTAssertEqual(o.exported, fromSender, "\(profile) \(mode) \(prefix) AS\(sender) -> AS\(o.receiver): \(o.detail)")
                            XCTAssertEqual(o.gets.map { e.candidates[$0].session }.sorted(),
                                           got.map { r.sessions[Int(r.routes[$0.route].session)].peerAddress.description }.sorted(),
                                           "\(profile) \(mode) \(prefix) -> AS\(o.receiver) \(o.session)")
                            // A community exclusion always names the communities that decided it.
                            if o.reason == .communities { XCTAssertFalse(o.detail.hasPrefix("excluded by  ("), o.detail) }
                            checked += 1
                        }
                    }
                }
                // Six receiving sessions: B's two routers are two receivers.
                XCTAssertEqual(checked, sets.count * 4 * 6)
            }
        }
    }
}
