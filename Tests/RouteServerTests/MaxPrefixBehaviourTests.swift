import BGP
import Job
import RouteServer
import XCTest

/// Max-prefix as each implementation applies it: which routes count (received or accepted),
/// and what the action does to the session's routes and to what it receives. Member A
/// (AS3216) may send 2 IPv4 routes; B (AS8359) and C (AS8447) send one route each, open.
final class MaxPrefixBehaviourTests: XCTestCase {
    let a = ASN(3216), b = ASN(8359), c = ASN(8447)
    var members: MemberDirectory!

    override func setUp() {
        members = MemberDirectory([Member(asn: a, ipv4: [IPAddress("185.1.15.21")!], maxPrefixIPv4: 2),
                                   Member(asn: b, ipv4: [IPAddress("185.1.15.30")!]),
                                   Member(asn: c, ipv4: [IPAddress("185.1.15.31")!])])
    }

    /// A sends three routes of which one is rejected by the import filter (a /25, too long):
    /// 3 received, 2 accepted. B and C send one each.
    func rib() -> RouteServerRIB {
        var r = RIBBuilder()
        let sa = r.session(3216, "185.1.15.21"), sb = r.session(8359, "185.1.15.30"), sc = r.session(8447, "185.1.15.31")
        r.route(sa, "193.0.0.0/24", firstSeen: 1)
        r.route(sa, "193.0.1.0/24", firstSeen: 2)
        r.route(sa, "193.0.2.0/25", firstSeen: 3)
        r.route(sb, "194.0.0.0/24")
        r.route(sc, "195.0.0.0/24")
        return r.rib
    }

    func simulate(_ behaviour: MaxPrefixRule.Behaviour) throws -> ExportResult {
        var policy = try Presets.load("smarthub-ix")
        policy.maxPrefix?.behaviour = behaviour
        return RouteServerSimulation.run(rib(), scheme: .defaults(routeServerASN: ASN(8960)), policy: policy, members: members)
    }

    func testAcceptedRoutesCountedStayUnderTheLimit() throws {
        // BIRD's import limit: 2 accepted routes, limit 2: not over. Only the /25 is rejected;
        // A's two /24s reach B and C, and A gets B's and C's.
        let r = try simulate(.init(counting: .accepted, action: .disable))
        XCTAssertEqual(r.importResult.rejected, [2])
        XCTAssertEqual(r.importResult.overLimit, [])
        XCTAssertEqual(r.routes(from: a, to: b, mode: .best), 2)
        XCTAssertEqual(r.routesReceived(by: a, mode: .best), 2)
    }

    func testReceivedRoutesCountedCloseTheSession() throws {
        // OpenBGPD (and BIRD's receive limit): 3 received, limit 2: the session closes. A's
        // three routes are gone, and A receives nothing; B and C still get each other's.
        let r = try simulate(.init(counting: .received, action: .disable))
        XCTAssertEqual(r.importResult.rejected, [0, 1, 2])
        XCTAssertEqual(r.importResult.closedSessions, [0])
        XCTAssertEqual(r.importResult.overLimit.map(\.routes), [3])
        for mode in [ExportMode.best, .perClient, .addPath] {
            XCTAssertEqual(r.routes(from: a, to: b, mode: mode), 0, "\(mode)")
            XCTAssertEqual(r.routesReceived(by: a, mode: mode), 0, "\(mode)")
            XCTAssertEqual(r.routes(from: b, to: c, mode: mode), 1, "\(mode)")
        }
        XCTAssertEqual(r.exports(.best).map { "\($0.receiver)<\($0.sender)" }, ["8359<8447", "8447<8359"])
        // restart: down as well, for the state of the day.
        XCTAssertEqual(try simulate(.init(counting: .received, action: .restart)).importResult.closedSessions, [0])
    }

    func testBlockAndWarnKeepTheSession() throws {
        // Received counted, block: the first two received (by first-seen time) are kept, the
        // third (the /25, already rejected) is over the limit too. A still receives.
        let block = try simulate(.init(counting: .received, action: .block))
        XCTAssertEqual(block.importResult.rejected, [2])
        XCTAssertEqual(block.importResult.reasons[2].map(\.problem.rule), [.prefixTooLong, .maxPrefix])
        XCTAssertEqual(block.importResult.closedSessions, [])
        XCTAssertEqual(block.routesReceived(by: a, mode: .best), 2)
        // warn: the hit is recorded, nothing more is rejected.
        let warn = try simulate(.init(counting: .received, action: .warn))
        XCTAssertEqual(warn.importResult.rejected, [2])
        XCTAssertEqual(warn.importResult.overLimit.map { "\($0.session) \($0.limit) \($0.routes)" }, ["0 2 3"])
        XCTAssertEqual(warn.routes(from: a, to: b, mode: .best), 2)
    }

    func testAClosedSessionLosesItsOtherFamilyToo() throws {
        // A's one session carries IPv4 (3 routes, limit 2) and an IPv6 route: closing it takes
        // both families' routes.
        var r = RIBBuilder()
        let sa = r.session(3216, "185.1.15.21"), sb = r.session(8359, "185.1.15.30")
        for p in ["193.0.0.0/24", "193.0.1.0/24", "193.0.2.0/24"] { r.route(sa, p) }
        r.route(sa, "2a00:1::/32", nextHop: "2001:7f8:7a::21")
        r.route(sb, "194.0.0.0/24")
        var policy = try Presets.load("smarthub-ix")
        policy.maxPrefix?.behaviour = .init(counting: .received, action: .disable)
        policy.nextHop = nil
        let result = policy.check(r.rib, members: members)
        XCTAssertEqual(result.rejected, [0, 1, 2, 3])
    }
}
