import BGP
import Job
import Routing
import RouteServer
import XCTest

/// Exports per receiving session, with the attributes the session gets. Hand-worked cases on
/// rs1 (AS8960, arouteserver profile): A AS3216 .21, B AS8359 with two routers .30 and .33,
/// C AS8447 .31.
final class SessionExportTests: FiveMemberTestCase {
    let scheme = CommunityScheme.defaults(routeServerASN: ASN(8960))

    func twoRouterRIB() -> (RIBBuilder, a: Int32, b1: Int32, b2: Int32, c: Int32) {
        var rib = RIBBuilder()
        let a = rib.session(3216, "185.1.15.21"), b1 = rib.session(8359, "185.1.15.30")
        let c = rib.session(8447, "185.1.15.31"), b2 = rib.session(8359, "185.1.15.33")
        return (rib, a, b1, b2, c)
    }

    /// Exports as "receiving session <- sending session", in the list's order (receiver ASN,
    /// its address, prefix, sender).
    func lines(_ r: ExportResult, _ mode: ExportMode) -> [String] {
        r.exports(mode).map { "\($0.receiverAddress) <- \($0.senderAddress)" }
    }

    func testTwoRoutersGetEachOthersRoutes() {
        // 193.0.0.0/24 from B's router .30 (path 8359, the best: shorter) and from A (path
        // 3216 3216). BIRD withholds a route only from the session it came from:
        //   best:       .21 (A), .33 (B's other router) and .31 (C) get .30's route; .30 gets
        //               nothing (the best is its own).
        //   per-client: the same, and .30 gets A's route, the next one: a hidden path for the
        //               session .30 alone (best-route-is-own), none for .33.
        var (rib, a, b1, _, _) = twoRouterRIB()
        rib.route(b1, "193.0.0.0/24")
        rib.route(a, "193.0.0.0/24", path: [3216, 3216])
        let r = RouteServerSimulation.run(rib.rib, scheme: scheme, policy: policy, implementation: everyMode)
        XCTAssertEqual(lines(r, .best), ["185.1.15.21 <- 185.1.15.30", "185.1.15.33 <- 185.1.15.30", "185.1.15.31 <- 185.1.15.30"])
        XCTAssertEqual(lines(r, .perClient), ["185.1.15.21 <- 185.1.15.30", "185.1.15.30 <- 185.1.15.21",
                                              "185.1.15.33 <- 185.1.15.30", "185.1.15.31 <- 185.1.15.30"])
        XCTAssertEqual(r.hiddenPaths.map { "\($0.reason.rawValue) \($0.receivers.map(\.peerAddress))" },
                       ["best-route-is-own [185.1.15.30]"])
        XCTAssertEqual(written(r, r.hiddenPaths[0]), ["8359@185.1.15.30"], "one of B's routers: named as a session")
        // The session matrix names each receiving session, B's other router included.
        XCTAssertEqual(r.sessionExportMatrix(.best).map { "AS\($0.sender) -> \($0.receiverAddress) \($0.routes)" },
                       ["AS8359 -> 185.1.15.21 1", "AS8359 -> 185.1.15.33 1", "AS8359 -> 185.1.15.31 1"])
        // Member by member, a member's own routes are left out.
        XCTAssertEqual(r.routes(from: b, to: b, mode: .best), 0)
        XCTAssertEqual(r.routes(from: b, to: self.a, mode: .best), 1)
        XCTAssertEqual(r.routes(from: self.a, to: b, mode: .perClient), 1)
    }

    /// hidden-paths.csv.gz's receivers: members, or sessions where a member's routers differ.
    func written(_ r: ExportResult, _ hidden: HiddenPath) -> [String] {
        var out: [UInt8] = []
        hidden.appendReceivers(countInFamily: r.receivingSessionsPerMember(hidden.prefix.family), to: &out)
        return String(decoding: out, as: UTF8.self).split(separator: " ").map(String.init)
    }

    func testBothRoutersHiddenAreNamedAsTheMember() {
        // A's route (path 3216, the best) carries 0:8359: not to B. C's (path 8447 8447) is
        // open. Best: B's two routers get nothing; per-client: both get C's. The hidden path's
        // receivers are B's two sessions, every IPv4 session B has: written as the member.
        var (rib, a, _, _, c) = twoRouterRIB()
        rib.route(a, "193.0.0.0/24", communities: "0:8359")
        rib.route(c, "193.0.0.0/24", path: [8447, 8447])
        let r = RouteServerSimulation.run(rib.rib, scheme: scheme, policy: policy)
        let notAllowed = r.hiddenPaths.filter { $0.reason == .bestNotAllowed }
        XCTAssertEqual(notAllowed.map { $0.receivers.map(\.peerAddress.description) }, [["185.1.15.30", "185.1.15.33"]])
        XCTAssertEqual(notAllowed.first.map { written(r, $0) }, ["8359"])
        XCTAssertEqual(lines(r, .perClient), ["185.1.15.21 <- 185.1.15.31", "185.1.15.30 <- 185.1.15.31",
                                              "185.1.15.33 <- 185.1.15.31", "185.1.15.31 <- 185.1.15.21"])
    }

    func testControlCommunitiesRemovedOthersKept() {
        // A's route carries 8960:8960 (open), 0:8342 (not to D), 65000:1 (A's own tag), large
        // 8960:0:8342 (not to D) and 65000:7:7. The scheme's patterns are 8960:8960, 8960:peer,
        // 0:8960, 0:peer and 8960:1:0, 8960:1:peer, 8960:0:0, 8960:0:peer: they match the three
        // control values, not 65000:1 or 65000:7:7. Stripped, B and C get 65000:1 and
        // 65000:7:7 only; kept, everything as received.
        var (rib, a, _, _, _) = twoRouterRIB()
        rib.route(a, "193.0.0.0/24", communities: "8960:8960 0:8342 65000:1 8960:0:8342 65000:7:7")
        let stripped = RouteServerSimulation.run(rib.rib, scheme: scheme, policy: policy)
        let exported = stripped.exports(.best)
        XCTAssertEqual(exported.count, 3, "B's two routers and C")
        for x in exported {
            XCTAssertEqual(x.attributes.communities.map(\.description), ["65000:1"])
            XCTAssertEqual(x.attributes.largeCommunities.map(\.description), ["65000:7:7"])
        }
        let kept = RouteServerSimulation.run(rib.rib, scheme: scheme, policy: policy, controlCommunities: .keep)
        XCTAssertEqual(kept.exports(.best).first?.attributes.communities.map(\.description), ["0:8342", "8960:8960", "65000:1"])
        XCTAssertEqual(kept.exports(.best).first?.attributes.largeCommunities.map(\.description), ["8960:0:8342", "65000:7:7"])
    }

    func testMEDNextHopAndPathGoOutAsReceived() {
        // rs client (RFC 7947 2.2): no RS ASN added, next hop and MED kept. A sends
        // 193.0.0.0/24 with path 3216 3216 15169, MED 50, next hop its own .21; over IPv6
        // 2a00:1::/32 without MED, next hop its IPv6 address.
        var (rib, a, _, _, _) = twoRouterRIB()
        rib.route(a, "193.0.0.0/24", path: [3216, 3216, 15169], med: 50)
        let v6a = rib.session(3216, "2001:7f8:7a::c90:1"), v6c = rib.session(8447, "2001:7f8:7a::20ff:1")
        rib.route(v6a, "2a00:1::/32")
        let r = RouteServerSimulation.run(rib.rib, scheme: scheme, policy: policy)
        let v4 = r.exports(.best).filter { $0.prefix.family == .ipv4 }
        XCTAssertEqual(v4.map(\.receiverAddress.description), ["185.1.15.30", "185.1.15.33", "185.1.15.31"])
        for x in v4 {
            XCTAssertEqual(x.attributes.asPath?.description, "3216 3216 15169")
            XCTAssertEqual(x.attributes.med, 50)
            XCTAssertEqual(x.attributes.nextHop?.description, "185.1.15.21")
        }
        let v6 = r.exports(.best).filter { $0.prefix.family == .ipv6 }
        XCTAssertEqual(v6.map(\.receiver), [ASN(8447)], "only C has an IPv6 session")
        XCTAssertEqual(v6.first?.receiverAddress, rib.sessions[Int(v6c)].peerAddress)
        XCTAssertNil(v6.first?.attributes.med)
        XCTAssertEqual(v6.first?.attributes.nextHop?.description, "2001:7f8:7a::c90:1")
    }
}
