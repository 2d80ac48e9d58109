import MRT
import XCTest

/// FRR 8.4 bgpd's MRT (scripts/speaker-lab/frr.sh): `dump bgp all` and `dump bgp routes-mrt`
/// must give exactly the routes `vtysh -c 'show bgp <afi> unicast <prefix> json'` reported:
/// prefix, path id (addpathRxId, absent without ADD-PATH), next hop and AS path.
final class FRRFixtureTests: XCTestCase {
    /// Every path of every prefix FRR showed, both families.
    func reported() throws -> [SpeakerRoute] {
        var routes: [SpeakerRoute] = []
        for afi in ["ipv4", "ipv6"] {
            let prefixes = try XCTUnwrap(try SpeakerFixtures.json("frr", "frr-show-bgp-\(afi).json") as? [[String: Any]])
            for entry in prefixes {
                let prefix = try XCTUnwrap(entry["prefix"] as? String)
                for path in try XCTUnwrap(entry["paths"] as? [[String: Any]]) {
                    let asPath = try XCTUnwrap((path["aspath"] as? [String: Any])?["string"] as? String)
                    let nextHop = try XCTUnwrap((path["nexthops"] as? [[String: Any]])?.first?["ip"] as? String)
                    let pathID = (path["addpathRxId"] as? NSNumber).map { $0.uint32Value }
                    routes.append(SpeakerRoute(prefix: prefix, pathID: pathID, nextHop: nextHop, asPath: asPath))
                }
            }
        }
        return routes.sorted()
    }

    func testRoutesMRTIsWhatFRRReported() throws {
        let reported = try reported()
        XCTAssertEqual(reported.count, 9, "3 IPv4 and 4 IPv6 ADD-PATH routes, one IPv4 and one IPv6 route without")
        var subtypes: Set<UInt16> = []
        let result = try decodeSpeakerFile("frr", "frr-routes-mrt.mrt") { header, _ in subtypes.insert(header.subtype) }
        // RIB_IPV4_UNICAST_ADDPATH and RIB_IPV6_UNICAST_ADDPATH (RFC 8050), the IPv6 ones with
        // FRR's full MP_REACH_NLRI attribute in each entry; RIB_IPV4/IPV6_UNICAST without.
        XCTAssertEqual(subtypes, [1, 2, 4, 8, 10])
        XCTAssertEqual(SpeakerRoute.decoded(result.lines), reported)
    }

    func testAllMessagesAnnounceWhatFRRReported() throws {
        let result = try decodeSpeakerFile("frr", "frr-all.mrt")
        XCTAssertEqual(SpeakerRoute.decoded(result.lines), try reported())
        XCTAssertFalse(result.lines.contains { $0.contains("|W|") })
    }

    /// The session over IPv4 with ADD-PATH for IPv6 only (10.0.1.3): FRR writes its IPv6
    /// UPDATEs as plain BGP4MP_MESSAGE_AS4 with path ids in the MP_REACH_NLRI. `dump bgp all`
    /// records only the OPEN FRR received, not the one it sent, so the file does not settle
    /// ADD-PATH; the decoder infers the path ids (the UPDATE is malformed without them, exact
    /// with them) and counts it.
    func testMixedTransportSessionPathIDsInferredFromPlainMessages() throws {
        var plainSubtypePeers: Set<String> = []
        let result = try decodeSpeakerFile("frr", "frr-all.mrt") { header, record in
            if header.subtype == 4, case .message(let message) = record { plainSubtypePeers.insert("\(message.peerAddress)") }
        }
        XCTAssert(plainSubtypePeers.contains("10.0.1.3"), "\(plainSubtypePeers)")
        XCTAssertEqual(result.summary.updatesWithPathIDsInferred, 2)
        XCTAssertEqual(SpeakerRoute.decoded(result.lines, peer: "10.0.1.3"), [
            SpeakerRoute(prefix: "2001:db8:5::/48", pathID: 1, nextHop: "fd00:1::2", asPath: "64510"),
            SpeakerRoute(prefix: "2001:db8:5::/48", pathID: 2, nextHop: "fd00:1::2", asPath: "64510 64512"),
            SpeakerRoute(prefix: "203.0.113.0/24", pathID: nil, nextHop: "10.0.1.3", asPath: "64510 64511"),
        ].sorted())
    }

    /// The session over IPv6 transport: its peer is the IPv6 address in both files.
    func testIPv6TransportSession() throws {
        for name in ["frr-all.mrt", "frr-routes-mrt.mrt"] {
            let result = try decodeSpeakerFile("frr", name)
            XCTAssertEqual(SpeakerRoute.decoded(result.lines, peer: "fd00:1::2"),
                           [SpeakerRoute(prefix: "2001:db8:2::/48", pathID: nil, nextHop: "fd00:1::2", asPath: "4200000002 64501")], name)
        }
    }
}
