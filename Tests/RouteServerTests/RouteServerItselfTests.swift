import BGP
import Foundation
import Job
import Routing
import RouteServer
import XCTest

/// The route server is not its own client (docs/route-server-semantics.md, "Who is a
/// client"): simulated from a real OpenBGPD 7.7's dumps (the speaker lab's fixtures: route
/// server 10.0.0.1 AS65000, member 10.0.0.2 AS4200000001 announcing three prefixes), it
/// exports nothing to itself.
final class RouteServerItselfTests: XCTestCase {
    func simulate(_ clients: RouteServerClients) -> ExportResult {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../MRTTests/Fixtures/speakers/openbgpd").standardized
        let reconstruction = Reconstruction(clients: clients)
        // `all in` alone: its records predate the table dump, which would set them aside.
        reconstruction.run([SourceInput(label: "rs", updateFiles: [directory.appendingPathComponent("openbgpd-all-in.mrt").path])])
        // No import rule: every route is accepted, so only who is a session decides.
        return RouteServerSimulation.run(RouteServerRIB(rib: reconstruction.rib, source: "rs"),
                                         scheme: .defaults(routeServerASN: ASN(65000)), policy: ImportPolicy(name: "open"))
    }

    func testOpenBGPDsDumpsExportNothingToTheRouteServer() {
        let itself = ASN(65000)
        let known = simulate(RouteServerClients(routeServers: [RouteServerConfig(label: "rs", asn: itself, ipv4: IPAddress("10.0.0.1")!)]))
        XCTAssertEqual(known.rib.sessions.map(\.peerASN), [ASN(4_200_000_001)])
        XCTAssertEqual(known.exports(.best).count, 0, "one member: nobody to send its routes to")
        // Without knowing the route server, its state changes made it a receiver of the
        // member's three prefixes (what the issue saw: routes "exported to AS8960").
        let blind = simulate(.unknownRouteServers)
        XCTAssertEqual(Set(blind.exports(.best).filter { $0.receiver == itself }.map(\.prefix.description)),
                       ["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24"])
    }
}
