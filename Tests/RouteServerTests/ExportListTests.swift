import BGP
import Job
import Routing
import RouteServer
import XCTest

/// `ExportResult.exports(_:)`: the list of exports agrees with the export matrix in every
/// mode, and with the hand-worked hidden-path case.
final class ExportListTests: XCTestCase {
    var policy: ImportPolicy!

    override func setUpWithError() throws { policy = try Presets.load("smarthub-ix") }

    func run(_ rib: RIBBuilder) -> ExportResult {
        RouteServerSimulation.run(rib.rib, scheme: .defaults(profile: .arouteserver, routeServerASN: ASN(8960)), policy: policy,
                                  implementation: everyMode)
    }

    func triples(_ r: ExportResult, _ mode: ExportMode) -> [String] {
        r.exports(mode).map { "\($0.receiver) \($0.prefix) \($0.sender)" }
    }

    /// A 3216, B 8359, C 8447, D 8342 with IPv4 and IPv6 sessions, E 196608 with IPv4 only.
    func lab() -> RIBBuilder {
        var rib = RIBBuilder()
        let a = rib.session(3216, "185.1.15.21"), b = rib.session(8359, "185.1.15.30"), c = rib.session(8447, "185.1.15.31")
        let d = rib.session(8342, "185.1.15.32"), e = rib.session(196_608, "185.1.15.40")
        let a6 = rib.session(3216, "2001:7f8:7a::21"), b6 = rib.session(8359, "2001:7f8:7a::30")
        rib.session(8447, "2001:7f8:7a::31"); rib.session(8342, "2001:7f8:7a::32")
        // hidden path: B's shorter route only to C; A's longer route open
        rib.route(b, "193.0.0.0/24", communities: "0:8960 8960:8447")
        rib.route(a, "193.0.0.0/24", path: [3216, 3216])
        // open+exclude D, and a large include of the 4-byte E only
        rib.route(c, "193.0.1.0/24", communities: "8960:8960 0:8342")
        rib.route(d, "193.0.2.0/24", communities: "0:8960 8960:1:196608")
        rib.route(e, "193.0.3.0/24")
        // rejected: too long
        rib.route(a, "193.0.4.0/25")
        // IPv6: equal paths, A's wins on the lower neighbour address; it excludes C
        rib.route(a6, "2a00:1::/32", communities: "0:8447")
        rib.route(b6, "2a00:1::/32")
        return rib
    }

    func testExportsAgreeWithTheMatrixInEveryMode() {
        let r = run(lab())
        for mode in ExportMode.allCases {
            var counts: [String: Int] = [:]
            for x in r.exports(mode) { counts["\(x.sender)>\(x.receiver)", default: 0] += 1 }
            var matrix: [String: Int] = [:]
            for entry in r.exportMatrix(mode) { matrix["\(entry.sender)>\(entry.receiver)"] = entry.routes }
            XCTAssertEqual(counts, matrix, "\(mode)")
            let list = r.exports(mode)
            XCTAssertFalse(list.contains { $0.sender == $0.receiver }, "\(mode)")
            XCTAssertFalse(list.contains { $0.prefix.family == .ipv6 && $0.receiver == ASN(196_608) }, "\(mode)")
            XCTAssertFalse(list.contains { $0.prefix == Prefix("193.0.4.0/25")! }, "\(mode)")
            XCTAssertEqual(list, list.sorted { ($0.receiver, $0.prefix, $0.sender) < ($1.receiver, $1.prefix, $1.sender) })
        }
    }

    func testHiddenPathAndTieBreakPerMode() {
        let r = run(lab())
        let hidden = Prefix("193.0.0.0/24")!, tie = Prefix("2a00:1::/32")!
        func on(_ p: Prefix, _ mode: ExportMode) -> [String] {
            r.exports(mode).filter { $0.prefix == p }.map { "\($0.receiver)<\($0.sender)" }
        }
        XCTAssertEqual(on(hidden, .best), ["8447<8359"])
        XCTAssertEqual(on(hidden, .perClient), ["8342<3216", "8359<3216", "8447<8359", "196608<3216"])
        XCTAssertEqual(on(hidden, .addPath), ["8342<3216", "8359<3216", "8447<3216", "8447<8359", "196608<3216"])
        // equal paths: A (2001:7f8:7a::21) before B (::30); A's route excludes C
        XCTAssertEqual(on(tie, .best), ["8342<3216", "8359<3216"])
        XCTAssertEqual(on(tie, .perClient), ["3216<8359", "8342<3216", "8359<3216", "8447<8359"])
        XCTAssertEqual(on(tie, .addPath), ["3216<8359", "8342<3216", "8342<8359", "8359<3216", "8447<8359"])
        // E has no IPv6 session; its own route never comes back to it
        XCTAssertEqual(triples(r, .best).filter { $0.hasPrefix("196608 ") }, ["196608 193.0.1.0/24 8447", "196608 193.0.2.0/24 8342"])
    }
}
