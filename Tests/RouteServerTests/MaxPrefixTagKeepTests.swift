import BGP
import Job
import RouteServer
import XCTest

/// Max-prefix on a BIRD route server that keeps rejected routes tagged (tag-and-keep): the
/// tagged routes are in its table, so its import limit counts them. Member A (AS3216) may
/// send 2 IPv4 routes and sends 3: two /24s and a /25 (too long: tagged 8960:65520:13).
final class MaxPrefixTagKeepTests: XCTestCase {
    let a = ASN(3216), b = ASN(8359)

    func simulate(keeps: Bool) throws -> ExportResult {
        var r = RIBBuilder()
        let sa = r.session(3216, "185.1.15.21"), sb = r.session(8359, "185.1.15.30")
        r.route(sa, "193.0.0.0/24")
        r.route(sa, "193.0.1.0/24")
        r.route(sa, "193.0.2.0/25", communities: "8960:65520:0 8960:65520:13")
        r.route(sb, "194.0.0.0/24")
        let members = directory([(3216, "185.1.15.21", 2), (8359, "185.1.15.30", nil)])
        let server = RouteServerConfig(label: "rs1", asn: ASN(8960), keepsRejectedTagged: keeps)
        return RouteServerSimulation.run(r.rib, scheme: .defaults(routeServerASN: ASN(8960)),
                                         policy: server.effectivePolicy(try Presets.load("smarthub-ix")), members: members)
    }

    func testTheKeptRouteCountsAgainstTheLimit() throws {
        // 3 routes in BIRD's table (the tagged /25 too), limit 2: over; smarthub-ix's action
        // is disable, so A's session closes: all three rejected, B gets nothing from A.
        let r = try simulate(keeps: true)
        XCTAssertEqual(r.importResult.overLimit.map { "\($0.session) \($0.routes)/\($0.limit)" }, ["0 3/2"])
        XCTAssertEqual(r.importResult.closedSessions, [0])
        XCTAssertEqual(r.routes(from: a, to: b, mode: .best), 0)
    }

    func testARouteServerThatDropsRejectedRoutesCountsOnlyTheAccepted() throws {
        // The /25 is filtered out, not kept: 2 accepted, limit 2: not over; B gets A's two /24s.
        let r = try simulate(keeps: false)
        XCTAssertEqual(r.importResult.overLimit, [])
        XCTAssertEqual(r.importResult.rejected, [2])
        XCTAssertEqual(r.routes(from: a, to: b, mode: .best), 2)
    }
}
