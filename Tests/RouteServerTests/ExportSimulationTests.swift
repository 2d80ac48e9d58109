import BGP
import Job
import Routing
import RouteServer
import XCTest

/// Hand-worked export cases. Members on rs1 (AS8960, arouteserver profile unless stated):
/// A AS3216 .21, B AS8359 .30, C AS8447 .31, D AS8342 .32, E AS196608 .40 (4-byte).
final class ExportSimulationTests: FiveMemberTestCase {
    func run(_ rib: RIBBuilder, profile: CommunityProfile = .arouteserver) -> ExportResult {
        RouteServerSimulation.run(rib.rib, scheme: .defaults(profile: profile, routeServerASN: ASN(8960)), policy: policy,
                                  implementation: everyMode)
    }

    /// Receivers of routes from `sender` in `mode`, as ASNs with a non-zero count.
    func receivers(_ r: ExportResult, from sender: ASN, _ mode: ExportMode) -> [ASN] {
        r.receivers.filter { r.routes(from: sender, to: $0, mode: mode) > 0 }
    }

    func testExampleOneRestrictivePlusIncludeEndToEnd() {
        // A sends 193.0.0.0/24 with 0:8960 8960:8359 8960:8447: only B and C get it, in
        // every mode (one route, so best = per-client = add-path).
        var (rib, s) = builder()
        rib.route(s[0], "193.0.0.0/24", communities: "0:8960 8960:8359 8960:8447")
        let r = run(rib)
        for mode in ExportMode.allCases { XCTAssertEqual(receivers(r, from: a, mode), [b, c], "\(mode)") }
        XCTAssertEqual(r.audience(ofRoute: 0)?.listed, .receivers([b, c]))
        XCTAssertEqual(r.communitySets.first?.audience, .only([b, c]))
        XCTAssertEqual(r.hiddenPaths, [])
    }

    func testExampleTwoOpenPlusExcludeEndToEnd() {
        // 8960:8960 0:8342 0:8732: everyone but D (AS8732 is not here), and never A itself.
        var (rib, s) = builder()
        rib.route(s[0], "193.0.0.0/24", communities: "8960:8960 0:8342 0:8732")
        let r = run(rib)
        for mode in ExportMode.allCases { XCTAssertEqual(receivers(r, from: a, mode), [b, c, e], "\(mode)") }
        // Receivers B C E, non-receivers D: the shorter list is given.
        XCTAssertEqual(r.audience(ofRoute: 0)?.receiverCount, 3)
        XCTAssertEqual(r.audience(ofRoute: 0)?.listed, .nonReceivers([d]))
        // AS8732 is not a member (the directory knows A-E): a finding on the set.
        let members = MemberDirectory([a, b, c, d, e].map { Member(asn: $0, connections: []) })
        let withMembers = RouteServerSimulation.run(rib.rib, scheme: .defaults(routeServerASN: ASN(8960)), policy: policy, members: members,
                                                      implementation: everyMode)
        XCTAssertEqual(withMembers.communitySets.first?.problems, [.namesNonMember([ASN(8732)])])
    }

    func testFourByteASNNamedThroughLargeCommunity() {
        // 0:8960 8960:1:196608: only E.
        var (rib, s) = builder()
        rib.route(s[0], "193.0.0.0/24", communities: "0:8960 8960:1:196608")
        let r = run(rib, profile: .ixpManager)
        for mode in ExportMode.allCases { XCTAssertEqual(receivers(r, from: a, mode), [e]) }
    }

    func testHiddenPathInBestModeServedByPerClientAndAddPath() {
        // 193.0.0.0/24 from B, path [8359] (length 1), restricted to C (0:8960 8960:8447);
        // and from A, path [3216 3216] (length 2), open. Best: B's (shorter path).
        //   best:       C gets B's; A, D, E get nothing (B's route is not theirs), B gets
        //               nothing (its own route is the best) -> hidden for B, D, E
        //               (A's own route is the other one, so A has nothing in any mode).
        //   per-client: C gets B's; B, D, E get A's; A nothing.
        //   add-path:   C gets both; B, D, E get A's; A nothing.
        var (rib, s) = builder()
        rib.route(s[1], "193.0.0.0/24", communities: "0:8960 8960:8447")
        rib.route(s[0], "193.0.0.0/24", path: [3216, 3216])
        let r = run(rib)
        XCTAssertEqual(receivers(r, from: b, .best), [c])
        XCTAssertEqual(receivers(r, from: a, .best), [])
        XCTAssertEqual(receivers(r, from: b, .perClient), [c])
        XCTAssertEqual(receivers(r, from: a, .perClient), [b, d, e].sorted())
        XCTAssertEqual(receivers(r, from: a, .addPath), [b, c, d, e].sorted())
        XCTAssertEqual(r.routesReceived(by: c, mode: .addPath), 2)
        XCTAssertEqual(r.routesReceived(by: c, mode: .perClient), 1)
        XCTAssertEqual(r.routesReceived(by: a, mode: .addPath), 0)
        XCTAssertEqual(Set(r.hiddenPaths.map { "\($0.reason.rawValue) \($0.receiverASNs)" }),
                       ["best-route-is-own [8359]", "best-route-not-allowed [8342, 196608]"])
        XCTAssertTrue(r.hiddenPaths.allSatisfy { $0.bestRoute == 0 && $0.prefix == Prefix("193.0.0.0/24")! })
    }

    func testNeverBackToTheSendersASNOnAnyOfItsSessions() {
        // A has a second session (.22) of its own; its route reaches B-E, never A.
        var (rib, s) = builder()
        rib.session(3216, "185.1.15.22")
        rib.route(s[0], "193.0.0.0/24")
        let r = run(rib)
        for mode in ExportMode.allCases {
            XCTAssertEqual(r.routes(from: a, to: a, mode: mode), 0)
            XCTAssertEqual(receivers(r, from: a, mode), [b, c, d, e].sorted())
        }
    }

    func testDecisionProcessInBIRDsOrder() {
        // Four prefixes, two routes each (A vs B), everything open; the winner is what best
        // mode gives C.
        // 1.0.0.0/24: A LOCAL_PREF 200 path 3 vs B default 100 path 1 -> A (LOCAL_PREF first).
        // 2.0.0.0/24: equal LOCAL_PREF, A path 2 vs B path 1 -> B (shorter path).
        // 3.0.0.0/24: equal paths, A IGP vs B INCOMPLETE -> A (lower origin).
        // 4.0.0.0/24: A MED 50, B MED 10, different neighbour AS -> MED not compared; lower
        //             neighbour address .21 (A) wins.
        // 5.0.0.0/24: A's two sessions .21 MED 50 and .22 MED 10 (the latter only to C),
        //             same neighbour AS -> .22 wins although .21 has the lower address; so
        //             in best mode B, D, E get nothing there (a hidden path), C gets .22's.
        // Each prefix won by A is a hidden path for A (its own best, per-client gives it B's)
        // and prefix 2 (won by B) one for B. Receivers are sessions: on prefixes 1, 3 and 4
        // A's other session .22 gets .21's best route (only .21 is hidden); on prefix 5 .22's
        // own route is the best and per-client gives .22 the route of .21 (open), a hidden
        // path of its own; .21 gets nothing there (.22's route is not for A, its own never).
        var (rib, s) = builder()
        let a2 = rib.session(3216, "185.1.15.22")
        rib.route(s[0], "1.0.0.0/24", path: [3216, 1, 2], localPref: 200)
        rib.route(s[1], "1.0.0.0/24")
        rib.route(s[0], "2.0.0.0/24", path: [3216, 3216])
        rib.route(s[1], "2.0.0.0/24")
        rib.route(s[0], "3.0.0.0/24", origin: .igp)
        rib.route(s[1], "3.0.0.0/24", origin: .incomplete)
        rib.route(s[0], "4.0.0.0/24", med: 50)
        rib.route(s[1], "4.0.0.0/24", med: 10)
        rib.route(s[0], "5.0.0.0/24", med: 50)
        let fifth = rib.route(a2, "5.0.0.0/24", communities: "0:8960 8960:8447", med: 10)
        let r = run(rib)
        // C gets from A: prefixes 1, 3, 4, 5 (5 via the .22 session, still AS3216); from B: 2.
        XCTAssertEqual(r.routes(from: a, to: c, mode: .best), 4)
        XCTAssertEqual(r.routes(from: b, to: c, mode: .best), 1)
        XCTAssertEqual(r.hiddenPaths.map { "\($0.prefix) \($0.reason.rawValue) \($0.receivers.map(\.peerAddress))" }, [
            "1.0.0.0/24 best-route-is-own [185.1.15.21]",
            "2.0.0.0/24 best-route-is-own [185.1.15.30]",
            "3.0.0.0/24 best-route-is-own [185.1.15.21]",
            "4.0.0.0/24 best-route-is-own [185.1.15.21]",
            "5.0.0.0/24 best-route-is-own [185.1.15.22]",
            "5.0.0.0/24 best-route-not-allowed [185.1.15.32, 185.1.15.30, 185.1.15.40]",
        ])
        XCTAssertEqual(r.hiddenPaths.last?.bestRoute, fifth)
    }

    func testRejectedRoutesAreNotExportedAndCarryTheirReasons() {
        // A sends a bogon and a /25; B a clean route. Only B's reaches anyone.
        var (rib, s) = builder()
        rib.route(s[0], "10.0.0.0/8")
        rib.route(s[0], "193.0.0.0/25")
        rib.route(s[1], "194.0.0.0/24")
        let r = run(rib)
        XCTAssertEqual(r.importResult.rejectedCount, 2)
        XCTAssertEqual(r.rejectedRoutes.map { $0.reasons.map(\.problem.rule.rawValue) }, [["bogon-prefix"], ["prefix-too-long"]])
        for mode in ExportMode.allCases {
            XCTAssertEqual(receivers(r, from: a, mode), [])
            XCTAssertEqual(receivers(r, from: b, mode), [a, c, d, e].sorted())
        }
        XCTAssertNil(r.audience(ofRoute: 0))
    }

    func testCommunitySetsCountRoutesMembersAndProblems() {
        // A and B both send include-without-restrictive 8960:8447; A also names itself.
        var (rib, s) = builder()
        rib.route(s[0], "193.0.0.0/24", communities: "8960:8447 0:3216")
        rib.route(s[1], "194.0.0.0/24", communities: "8960:8447 0:3216")
        let r = run(rib)
        XCTAssertEqual(r.communitySets.count, 1)
        let set = r.communitySets[0]
        XCTAssertEqual(set.routes, 2)
        XCTAssertEqual(set.members, [a, b])
        XCTAssertEqual(set.audienceSize, 4) // everyone but A
        XCTAssertEqual(set.problems, [.includeWithoutRestrictive([c]), .namesSender(a)])
        // B's route goes to C, D, E (A excluded); A's to B, C, D, E less A = B, C, D, E.
        XCTAssertEqual(receivers(r, from: b, .best), [c, d, e].sorted())
    }
}
