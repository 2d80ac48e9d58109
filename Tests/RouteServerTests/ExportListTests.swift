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

    /// The prefixes are simulated in two halves side by side and their counts joined: on a
    /// RIB of 3,000 prefixes from 12 members with mixed control communities (so that both
    /// halves meet receiver sets the other also makes), one of them with two routers, the
    /// matrix by receiving session still agrees with the list of exports, which is worked out
    /// prefix by prefix, and every hidden path is listed. The routes also differ in LOCAL_PREF,
    /// MED (AS3216's two routers send some prefixes with different MEDs) and GRACEFUL_SHUTDOWN,
    /// so the simulation's order (each set's rank read once beforehand) must be the list's
    /// (read from the set for each route) at every step of the decision process.
    func testHalvesJoinedAgreeWithTheListOnAVariedRIB() {
        var rib = RIBBuilder()
        let asns: [UInt32] = [3216, 8359, 8447, 8342, 196_608, 6939, 13335, 15169, 20940, 32934, 2914, 1299, 3216]
        let sessions = asns.enumerated().map { rib.session($1, "185.1.15.\(20 + $0)") }
        var seed: UInt64 = 7
        func next(_ n: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(n))
        }
        var prefixes = 0
        for p in 0..<3_000 {
            let prefix = "\(193 + p / 256).\(p % 256).0.0/16"
            for _ in 0..<(1 + next(3)) {
                let sender = next(asns.count)
                var communities: [String] = []
                switch next(4) {
                case 0: communities = ["0:\(asns[next(asns.count)])"]
                case 1: communities = ["0:8960", "8960:\(asns[next(4)])", "8960:\(asns[next(4)])"]
                case 2: communities = ["0:\(asns[next(asns.count)])", "0:\(asns[next(asns.count)])"]
                default: break
                }
                if next(6) == 0 { communities.append("65535:0") }
                let path = [asns[sender]] + Array(repeating: [174, 3356, 6453, 3257, 701][next(5)], count: next(3))
                _ = rib.route(sessions[sender], prefix, path: path, communities: communities.joined(separator: " "),
                              localPref: next(8) == 0 ? 200 : nil, med: next(3) == 0 ? UInt32(next(3)) : nil)
            }
            prefixes += 1
        }
        let r = run(rib)
        for mode in ExportMode.allCases {
            var counts: [String: Int] = [:]
            for x in r.exports(mode) { counts["\(x.sender)>\(x.receiver)@\(x.receiverAddress)", default: 0] += 1 }
            var matrix: [String: Int] = [:]
            for entry in r.sessionExportMatrix(mode) { matrix["\(entry.sender)>\(entry.receiver)@\(entry.receiverAddress)"] = entry.routes }
            XCTAssertEqual(counts, matrix, "\(mode)")
            XCTAssertGreaterThan(counts["3216>3216@185.1.15.20"] ?? 0, 0, "\(mode): AS3216's routers get each other's routes")
        }
        XCTAssertEqual(prefixes, 3_000)
        XCTAssertGreaterThan(r.exports(.best).count, 10_000, "most routes are accepted")
        XCTAssertGreaterThan(r.hiddenPaths.count, 100, "the communities hide many best paths")
        XCTAssertEqual(r.hiddenPaths.map(\.prefix), r.hiddenPaths.map(\.prefix).sorted(), "hidden paths in prefix order, first half first")
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
