import BGP
import Job
import RouteServer
import XCTest

/// OpenBGPD's `rde evaluate all` against BIRD's `secondary`, on the hand-worked case of
/// docs/route-server-semantics.md ("BIRD and OpenBGPD"). Prefix 193.0.0.0/24 from member A
/// (AS3216, the best path: the shorter) and B (AS8359, path 8359 8359); A's path carries 0:8447:
/// "not to C". C (AS8447) and D (AS8342) send nothing for it.
final class EvaluateAllTests: XCTestCase {
    let a = ASN(3216), b = ASN(8359), c = ASN(8447), d = ASN(8342)
    var policy: ImportPolicy!

    override func setUpWithError() throws { policy = try Presets.load("smarthub-ix") }

    func simulate(aCommunities: String, _ implementation: RouteServerImplementation) -> ExportResult {
        var rib = RIBBuilder()
        let sa = rib.session(3216, "185.1.15.21"), sb = rib.session(8359, "185.1.15.30")
        rib.session(8447, "185.1.15.31")
        rib.session(8342, "185.1.15.32")
        rib.route(sa, "193.0.0.0/24", communities: aCommunities)
        rib.route(sb, "193.0.0.0/24", path: [8359, 8359])
        return RouteServerSimulation.run(rib.rib, scheme: .defaults(profile: .arouteserver, routeServerASN: ASN(8960)), policy: policy,
                                         implementation: implementation)
    }

    /// "receiver<sender" for every export of `mode`.
    func exports(_ r: ExportResult, _ mode: ExportMode) -> [String] {
        r.exports(mode).map { "\($0.receiver)<\($0.sender)" }
    }

    func testTheWalkStopsAtTheReceiversOwnPath() {
        let openbgpd = simulate(aCommunities: "0:8447", .openbgpd(evaluateAll: true))
        // C: A's path is denied to it, the walk goes on to B's: both implementations send B's.
        // A: OpenBGPD reaches A's own path first and sends nothing; BIRD's secondary skips it and
        // sends B's. B and D get A's path, the best, in every mode.
        XCTAssertEqual(exports(openbgpd, .evaluateAll), ["8342<3216", "8359<3216", "8447<8359"])
        XCTAssertEqual(exports(openbgpd, .perClient), ["3216<8359", "8342<3216", "8359<3216", "8447<8359"])
        // Best (OpenBGPD's evaluate default, BIRD's default tables): C and A get nothing.
        XCTAssertEqual(exports(openbgpd, .best), ["8342<3216", "8359<3216"])
        XCTAssertEqual(openbgpd.routes(from: b, to: a, mode: .evaluateAll), 0)
        XCTAssertEqual(openbgpd.routes(from: b, to: a, mode: .perClient), 1)
        XCTAssertEqual(openbgpd.routes(from: b, to: c, mode: .evaluateAll), 1)
        XCTAssertEqual(openbgpd.routesReceived(by: d, mode: .evaluateAll), 1)
    }

    func testAnOwnPathTheFilterDeniesToItsSenderLetsTheWalkGoOn() {
        // A's path also carries 0:3216, "not to A": the export filter denies A its own path, so
        // OpenBGPD walks on to B's and sends it to A, as BIRD does.
        let r = simulate(aCommunities: "0:8447 0:3216", .openbgpd(evaluateAll: true))
        XCTAssertEqual(exports(r, .evaluateAll), ["3216<8359", "8342<3216", "8359<3216", "8447<8359"])
        XCTAssertEqual(exports(r, .evaluateAll), exports(r, .perClient))
    }

    func testTheMatrixAndTheExportListAgree() {
        for communities in ["0:8447", "0:8447 0:3216", "", "0:8960 8960:8359"] {
            let r = simulate(aCommunities: communities, .openbgpd(evaluateAll: false))
            var fromList: [String: Int] = [:]
            for x in r.exports(.evaluateAll) { fromList["\(x.sender)>\(x.receiver)", default: 0] += 1 }
            var fromMatrix: [String: Int] = [:]
            for cell in r.exportMatrix(.evaluateAll) { fromMatrix["\(cell.sender)>\(cell.receiver)"] = cell.routes }
            XCTAssertEqual(fromList, fromMatrix, communities)
        }
        // A only to B ("0:8960 8960:8359"): A may not get its own path, so A walks on to B's path;
        // B gets A's; C and D are denied A's path and get B's.
        let r = simulate(aCommunities: "0:8960 8960:8359", .openbgpd(evaluateAll: true))
        XCTAssertEqual(exports(r, .evaluateAll), ["3216<8359", "8342<8359", "8359<3216", "8447<8359"])
    }

    func testAWhatIfSwitchesRS2ToOpenBGPDWithEvaluateAll() throws {
        var rib = RIBBuilder()
        let sa = rib.session(3216, "185.1.15.21"), sb = rib.session(8359, "185.1.15.30")
        rib.session(8447, "185.1.15.31")
        rib.route(sa, "193.0.0.0/24", communities: "0:8447")
        rib.route(sb, "193.0.0.0/24", path: [8359, 8359])
        let baseline = SimulationInputs(rib: rib.rib, scheme: .defaults(routeServerASN: ASN(8960)), policy: policy, mode: .perClient,
                                        implementation: .bird(secondary: true))
        let scenario = try Scenario.parse(yaml: """
            name: rs-openbgpd
            changes:
              - route_server: {implementation: openbgpd, evaluate: all}
            """)
        let diff = scenario.run(on: baseline)
        // BIRD's secondary sends B's path back to A; OpenBGPD stops at A's own: one route lost.
        XCTAssertEqual(diff.rows.map { "\($0.receiver)<\($0.sender) \($0.change)" }, ["3216<8359 lost"])
        XCTAssertEqual(diff.modeAfter, .evaluateAll)
    }
}
