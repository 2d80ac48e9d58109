import BGP
import Job
import Routing
import RouteServer
import XCTest

/// Prepending, NO_EXPORT / NO_ADVERTISE, blackholing and graceful shutdown, each worked out by
/// hand on the five members of Support.swift: A AS3216 .21, B AS8359 .30, C AS8447 .31,
/// D AS8342 .32, E AS196608 .40 (4-byte); rs1 is AS8960, smarthub-ix policy (IPv4 /8-/24,
/// IPv6 /16-/48), arouteserver profile with the blackhole next hops 185.1.15.66 and
/// 2001:7f8:7a::66.
final class ActionCommunityTests: XCTestCase {
    var policy: ImportPolicy!

    override func setUpWithError() throws { policy = try Presets.load("smarthub-ix") }

    var scheme: CommunityScheme {
        var s = CommunityScheme.defaults(profile: .arouteserver, routeServerASN: ASN(8960))
        s.actions.blackhole?.nextHopIPv4 = IPAddress("185.1.15.66")
        s.actions.blackhole?.nextHopIPv6 = IPAddress("2001:7f8:7a::66")
        return s
    }

    func members() -> (RIBBuilder, a: Int32, b: Int32, c: Int32, d: Int32, e: Int32) {
        var rib = RIBBuilder()
        let a = rib.session(3216, "185.1.15.21"), b = rib.session(8359, "185.1.15.30"), c = rib.session(8447, "185.1.15.31")
        let d = rib.session(8342, "185.1.15.32"), e = rib.session(196_608, "185.1.15.40")
        return (rib, a, b, c, d, e)
    }

    func run(_ rib: RIBBuilder, scheme: CommunityScheme? = nil) -> ExportResult {
        RouteServerSimulation.run(rib.rib, scheme: scheme ?? self.scheme, policy: policy, implementation: .bird(secondary: true))
    }

    /// "receiver prefix sender path next-hop" for every export of `mode`, as the receiver gets it.
    func sent(_ r: ExportResult, _ mode: ExportMode, scheme: CommunityScheme? = nil) -> [String] {
        r.exports(mode).map { x in
            let attributes = r.rib.attributes[Int(r.rib.routes[x.route].attributes)]
            let adjustment = r.adjustment(ofRoute: x.route, to: x.receiver, actions: (scheme ?? self.scheme).actions)!
            let hop = adjustment.nextHop ?? attributes.effectiveNextHop(for: x.prefix.family)!
            return "\(x.receiver) \(x.prefix) \(x.sender) [\(adjustment.exportedPath(attributes.asPath)!)] \(hop)"
        }
    }

    /// B sends 193.0.0.0/24 with `65501:8960` (once to all) and `65512:8447` (twice to C):
    /// C gets B's ASN three times (the peer's count wins over the one for all), A, D and E
    /// twice. E (4-byte, only large forms can name it) is named by A's `8960:103:196608`
    /// on 193.0.1.0/24: E gets 3216 four times, the others once.
    func testPrependToAPeerWinsOverPrependToAll() {
        var (rib, a, b, _, _, _) = members()
        rib.route(b, "193.0.0.0/24", communities: "65501:8960 65512:8447")
        rib.route(a, "193.0.1.0/24", communities: "8960:103:196608")
        let r = run(rib)
        XCTAssertEqual(sent(r, .best), [
            "3216 193.0.0.0/24 8359 [8359 8359] 185.1.15.30",
            "8342 193.0.0.0/24 8359 [8359 8359] 185.1.15.30",
            "8342 193.0.1.0/24 3216 [3216] 185.1.15.21",
            "8359 193.0.1.0/24 3216 [3216] 185.1.15.21",
            "8447 193.0.0.0/24 8359 [8359 8359 8359] 185.1.15.30",
            "8447 193.0.1.0/24 3216 [3216] 185.1.15.21",
            "196608 193.0.0.0/24 8359 [8359 8359] 185.1.15.30",
            "196608 193.0.1.0/24 3216 [3216 3216 3216 3216] 185.1.15.21",
        ])
        // Prepending is export-side: who gets the route does not change.
        XCTAssertEqual(r.routes(from: ASN(8359), to: ASN(8447), mode: .best), 1)
        let set = r.communitySets.first { $0.intent.prepends }!
        XCTAssertTrue(set.intent.actionsDescription.contains("prepend"), set.intent.actionsDescription)
    }

    /// Three counts for the same peer (`65511:8447`, `65513:8447`, large `8960:102:8447`):
    /// the largest, thrice, wins; large "to all" `8960:102:0` gives the others two.
    func testTheLargestCountWins() {
        var (rib, _, b, _, _, _) = members()
        rib.route(b, "193.0.0.0/24", communities: "65511:8447 65513:8447 8960:102:8447 8960:102:0")
        let intent = run(rib).communitySets.first { $0.routes == 1 }!.intent
        XCTAssertEqual(intent.prepends(to: ASN(8447)), 3)
        XCTAssertEqual(intent.prepends(to: ASN(3216)), 2)
        XCTAssertEqual(intent.actionsDescription, "prepend 2x to all; prepend 3x to AS8447")
    }

    /// IXP Manager: prepending only in large form, peer 0 meaning all: `8960:101:0` is
    /// once to all; the standard `65501:8960` means nothing there.
    func testIXPManagerLargePrependToPeerZeroIsToAll() {
        let s = CommunityScheme.defaults(profile: .ixpManager, routeServerASN: ASN(8960))
        let large = CommunityIntent(communities: [], largeCommunities: [LargeCommunity(8960, 101, 0)], scheme: s)
        XCTAssertEqual(large.prepends(to: ASN(3216)), 1)
        let standard = CommunityIntent(communities: [Community(65501, 8960)], largeCommunities: [], scheme: s)
        XCTAssertFalse(standard.prepends)
        XCTAssertFalse(standard.hasControlCommunities)
    }

    /// BIRD refuses NO_EXPORT and NO_ADVERTISE routes to every route-server client (eBGP).
    /// B's 193.0.0.0/24 (path 8359) carries NO_EXPORT and beats A's (3216 3216): in best
    /// mode no one gets the prefix (A's own route aside); per-client (BIRD's secondary)
    /// gives B, C, D and E A's route (hidden paths: B's own best, and the best not allowed
    /// to C, D, E). C's 193.0.1.0/24 with NO_ADVERTISE goes nowhere;
    /// with `well_known: ignore` it goes to all four others.
    func testNoExportAndNoAdvertiseKeepTheRouteFromEveryMember() {
        var (rib, a, b, c, _, _) = members()
        rib.route(b, "193.0.0.0/24", communities: "65535:65281")
        rib.route(a, "193.0.0.0/24", path: [3216, 3216])
        rib.route(c, "193.0.1.0/24", communities: "65535:65282")
        let r = run(rib)
        XCTAssertEqual(r.exports(.best).count, 0)
        XCTAssertEqual(r.exports(.perClient).map { "\($0.receiver) \($0.sender)" },
                       ["8342 3216", "8359 3216", "8447 3216", "196608 3216"])
        // Hidden paths: B's best is its own; C, D and E are not allowed the best.
        XCTAssertEqual(r.hiddenPaths.map { "\($0.reason.rawValue) \($0.receivers.map(\.peerASN))" },
                       ["best-route-is-own [8359]", "best-route-not-allowed [8342, 8447, 196608]"])
        var ignoring = scheme
        ignoring.actions.wellKnown = .ignore
        let open = run(rib, scheme: ignoring)
        XCTAssertEqual(open.exports(.best).filter { $0.prefix == Prefix("193.0.1.0/24")! }.map(\.receiver),
                       [ASN(3216), ASN(8342), ASN(8359), ASN(196_608)])
    }

    /// A's 193.0.2.1/32 with `65535:666` is accepted (policy /24 at most, blackholes /32)
    /// and sent with the blackhole next hop 185.1.15.66; A's untagged 193.0.2.2/32 is
    /// rejected, /32 longer than /24. B's tagged route whose next hop already is the
    /// blackhole address (a route server that rewrites it on import dumps it so) is not a
    /// next-hop violation; B's untagged route with that next hop is.
    func testBlackholeAcceptsLongPrefixesOnlyWhenTaggedAndRewritesTheNextHop() {
        var (rib, a, b, _, _, _) = members()
        rib.route(a, "193.0.2.1/32", communities: "65535:666")
        let untagged = rib.route(a, "193.0.2.2/32")
        rib.route(b, "193.0.2.3/32", nextHop: "185.1.15.66", communities: "8960:666:0")
        let foreignHop = rib.route(b, "193.0.3.0/24", nextHop: "185.1.15.66")
        let r = run(rib)
        XCTAssertEqual(r.importResult.rejected, [untagged, foreignHop])
        XCTAssertEqual(r.importResult.reasons[untagged].map(\.description), ["prefix-too-long (S3): /32 is longer than /24"])
        let sentA = sent(r, .best).filter { $0.contains("193.0.2.1/32") }
        XCTAssertEqual(sentA, ["8342 193.0.2.1/32 3216 [3216] 185.1.15.66", "8359 193.0.2.1/32 3216 [3216] 185.1.15.66",
                               "8447 193.0.2.1/32 3216 [3216] 185.1.15.66", "196608 193.0.2.1/32 3216 [3216] 185.1.15.66"])
    }

    /// IPv6: a tagged /128 is accepted up to the profile's length; with max_length_ipv6 64 it
    /// is rejected, "/128 is longer than /64".
    func testBlackholeLengthComesFromTheProfile() {
        var rib = RIBBuilder()
        let a6 = rib.session(3216, "2001:7f8:7a::21")
        rib.session(8359, "2001:7f8:7a::30")
        let route = rib.route(a6, "2a00:1::1/128", communities: "65535:666")
        XCTAssertTrue(run(rib).importResult.isAccepted(route))
        var short = scheme
        short.actions.blackhole?.maxLengthIPv6 = 64
        XCTAssertEqual(run(rib, scheme: short).importResult.reasons[route].map(\.description),
                       ["prefix-too-long (S3): /128 is longer than /64"])
        XCTAssertEqual(sent(run(rib), .best), ["8359 2a00:1::1/128 3216 [3216] 2001:7f8:7a::66"])
    }

    /// B's 193.0.3.0/24 (path 8359) carries `65535:0`: LOCAL_PREF 0 before the decision, so
    /// A's longer 3216 8359 wins. Best mode: B, C, D, E get A's route; per-client the same
    /// but A gets B's. Without the tag B's shorter path would win.
    func testGracefulShutdownLosesBeforeThePathLength() {
        var (rib, a, b, _, _, _) = members()
        rib.route(b, "193.0.3.0/24", communities: "65535:0")
        rib.route(a, "193.0.3.0/24", path: [3216, 8359])
        let r = run(rib)
        XCTAssertEqual(r.exports(.best).map { "\($0.receiver) \($0.sender)" }, ["8342 3216", "8359 3216", "8447 3216", "196608 3216"])
        XCTAssertEqual(r.exports(.perClient).map { "\($0.receiver) \($0.sender)" },
                       ["3216 8359", "8342 3216", "8359 3216", "8447 3216", "196608 3216"])
        var (plain, pa, pb, _, _, _) = members()
        plain.route(pb, "193.0.3.0/24")
        plain.route(pa, "193.0.3.0/24", path: [3216, 8359])
        XCTAssertEqual(run(plain).exports(.best).first?.sender, ASN(8359))
    }

    /// A what-if: adding `65502:8960` (twice to all) to B's routes changes the path every
    /// receiver gets, and nothing is gained or lost.
    func testScenarioAddingAPrependChangesThePaths() throws {
        var (rib, _, b, _, _, _) = members()
        rib.route(b, "193.0.0.0/24")
        let scenario = Scenario(name: "prepend", changes: [.addCommunities(member: ASN(8359), communities: CommunityList("65502:8960")!, prefixes: nil)])
        let diff = scenario.run(on: SimulationInputs(rib: rib.rib, scheme: scheme, policy: policy, members: nil, mode: .best,
                                                     implementation: .bird(secondary: false), maxPrefix: nil))
        XCTAssertEqual(diff.gained, 0)
        XCTAssertEqual(diff.lost, 0)
        XCTAssertEqual(diff.changed, 4)
    }
}
