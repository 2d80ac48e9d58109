import BGP
import Job
import RouteServer
import XCTest

/// `ExportResult.missedRoutes`, the review page's "your routes that member Y does not
/// receive", on a hand-worked case, and against `Explainer` route by route.
final class MissedRoutesTests: FiveMemberTestCase {
    func testEachReceiverMissesTheRoutesItsReasonsSay() throws {
        var (rib, s) = builder()
        // A's four routes: 193.0.0.0/24 open; 193.0.1.0/24 with 0:8447 (not to C);
        // 193.0.2.0/24 restrictive with an include of B; 193.0.3.0/24 with path 3216 3216,
        // which loses to B's 8359 (shorter) for everyone. In best mode:
        //   B gets 0, 1, 2; for 3 the best is its own: 1 missed, another route won.
        //   C gets 0; 1 excluded, 2 not included, 3 another route: 3 missed.
        //   D and E get 0, 1; 2 not included, 3 another route: 2 missed each.
        rib.route(s[0], "193.0.0.0/24")
        rib.route(s[0], "193.0.1.0/24", communities: "0:8447")
        rib.route(s[0], "193.0.2.0/24", communities: "0:8960 8960:8359")
        rib.route(s[0], "193.0.3.0/24", path: [3216, 3216])
        rib.route(s[1], "193.0.3.0/24")
        // B's second router (.33) sends the same prefix: a prefix, not a second route to miss.
        rib.route(rib.session(8359, "185.1.15.33"), "193.0.3.0/24")
        let scheme = CommunityScheme.defaults(profile: .arouteserver, routeServerASN: ASN(8960))
        let result = RouteServerSimulation.run(rib.rib, scheme: scheme, policy: policy)
        let rows = try XCTUnwrap(result.missedRoutes(mode: .best, senders: [a])[a])
        XCTAssertEqual(rows.map { "AS\($0.receiver) \($0.routes) got \($0.received) ex \($0.excluded) ni \($0.notIncluded) other \($0.otherRoute)" }, [
            "AS8447 4 got 1 ex 1 ni 1 other 1",
            "AS8342 4 got 2 ex 0 ni 1 other 1",
            "AS196608 4 got 2 ex 0 ni 1 other 1",
            "AS8359 4 got 3 ex 0 ni 0 other 1",
        ])
        // B's prefix is open and one of its two routes is the best: every other member gets a
        // route of B for it (the route of the other router is no prefix missed), so B has no row.
        XCTAssertNil(result.missedRoutes(mode: .best)[b])

        // Route by route, explain gives the same reasons.
        var byReason: [ASN: [ExplainReason: Int]] = [:]
        for prefix in ["193.0.0.0/24", "193.0.1.0/24", "193.0.2.0/24", "193.0.3.0/24"] {
            let e = try Explainer.explain(rib.rib, importResult: policy.check(rib.rib), policy: policy, scheme: scheme, implementation: .standard,
                                          query: ExplainQuery(prefix: Prefix(prefix)!, from: a, mode: .best), stateTime: 0)
            // Per member: B's second router (.33) is a receiving session of its own with the
            // same verdict as .30 for A's routes; the review page counts members.
            for o in e.receivers where o.session != "185.1.15.33" { byReason[ASN(o.receiver), default: [:]][o.reason, default: 0] += 1 }
        }
        for row in rows {
            let reasons = byReason[row.receiver]!
            XCTAssertEqual(reasons[.exported] ?? 0, row.received)
            XCTAssertEqual(reasons[.communities] ?? 0, row.excluded + row.notIncluded + row.wellKnown)
            XCTAssertEqual(reasons[.lostDecision] ?? 0, row.otherRoute)
        }
    }
}
