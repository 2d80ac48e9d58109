import BGP
import Routing
import RouteServer
import XCTest

/// Step 10 of the decision process: equal up to MED, the lower BGP identifier wins before the
/// neighbour address is looked at (RFC 4271 9.1.2.2 f; BIRD's bgp_rte_better).
final class RouterIDTieBreakTests: XCTestCase {
    func testTheLowerRouterIDWinsOverTheLowerAddress() throws {
        // AS3216 at ::c90:1 (router id 185.1.15.24) and AS8359 at ::20a7:1 (router id
        // 185.1.15.20) send 2a00:1450::/32 with paths of the same length. By address AS3216
        // would win; by router id AS8359 does, as BIRD decides (scripts/bird-lab shows it).
        var builder = RIBBuilder()
        let s3216 = builder.session(3216, "2001:7f8:7a::c90:1")
        let s8359 = builder.session(8359, "2001:7f8:7a::20a7:1")
        let receiver = builder.session(8447, "2001:7f8:7a::20ff:1")
        builder.route(s3216, "2a00:1450::/32", path: [3216, 15169])
        builder.route(s8359, "2a00:1450::/32", path: [8359, 15169])
        _ = receiver
        let policy = try Presets.load("smarthub-ix")
        let withIDs = RouteServerRIB(label: "rs1", sessions: builder.sessions, routes: builder.routes, attributes: builder.attributes,
                                     bgpIDs: [0xB9010F18, 0xB9010F14, 0xB9010F1F])
        let decided = RouteServerSimulation.run(withIDs, scheme: .defaults(routeServerASN: ASN(8960)), policy: policy)
        XCTAssertEqual(decided.exports(.best).filter { $0.receiver == ASN(8447) }.map(\.sender), [ASN(8359)])
        // Without the identifiers the step is skipped and the lower address decides.
        let withoutIDs = RouteServerSimulation.run(builder.rib, scheme: .defaults(routeServerASN: ASN(8960)), policy: policy)
        XCTAssertEqual(withoutIDs.exports(.best).filter { $0.receiver == ASN(8447) }.map(\.sender), [ASN(3216)])
    }
}
