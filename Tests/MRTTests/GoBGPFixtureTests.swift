import MRT
import XCTest

/// GoBGP 3.10's MRT (scripts/speaker-lab/gobgp.sh), its `[[mrt-dump]]` `table` and `updates`:
/// the routes must be what `gobgp global rib -j` reported (prefix, next hop, AS path; the JSON
/// has no path ids) and, with path ids, what `gobgp neighbor <peer> adj-in` reported.
final class GoBGPFixtureTests: XCTestCase {
    /// `gobgp global rib -a <afi> -j`: prefix -> paths, each with its attributes by type code
    /// (2 AS_PATH with its segments, 3 NEXT_HOP, 14 MP_REACH_NLRI with its next hop).
    func globalRIB() throws -> [SpeakerRoute] {
        var routes: [SpeakerRoute] = []
        for afi in ["ipv4", "ipv6"] {
            let rib = try XCTUnwrap(try SpeakerFixtures.json("gobgp", "gobgp-global-rib-\(afi).json") as? [String: [[String: Any]]])
            for (prefix, paths) in rib {
                for path in paths {
                    let attributes = try XCTUnwrap(path["attrs"] as? [[String: Any]])
                    let type = { (code: Int) in attributes.first { ($0["type"] as? Int) == code } }
                    let segments = try XCTUnwrap(type(2)?["as_paths"] as? [[String: Any]])
                    let asPath = segments.flatMap { ($0["asns"] as? [NSNumber]) ?? [] }.map { "\($0)" }.joined(separator: " ")
                    let nextHop = try XCTUnwrap((type(3) ?? type(14))?["nexthop"] as? String)
                    routes.append(SpeakerRoute(prefix: prefix, pathID: nil, nextHop: nextHop, asPath: asPath))
                }
            }
        }
        return routes.sorted()
    }

    /// `gobgp neighbor <peer> adj-in -a <afi>` text: ID, network, next hop, the AS path up to
    /// the age (hh:mm:ss), attributes.
    func adjIn() throws -> [SpeakerRoute] {
        var routes: [SpeakerRoute] = []
        for name in ["gobgp-adj-in-ipv4.txt", "gobgp-adj-in-ipv6.txt"] {
            for line in try SpeakerFixtures.text("gobgp", name).split(separator: "\n").dropFirst() {
                let f = line.split(separator: " ").map(String.init)
                let asPath = f.dropFirst(3).prefix { !$0.contains(":") }.joined(separator: " ")
                routes.append(SpeakerRoute(prefix: f[1], pathID: UInt32(f[0]), nextHop: f[2], asPath: asPath))
            }
        }
        return routes.sorted()
    }

    func testTableDumpIsWhatGoBGPReported() throws {
        let reported = try globalRIB()
        XCTAssertEqual(reported.count, 5, "192.0.2.0/24 twice, 198.51.100.0/24, 2001:db8:3::/48 twice")
        var subtypes: Set<UInt16> = []
        let result = try decodeSpeakerFile("gobgp", "gobgp-table.mrt") { header, _ in subtypes.insert(header.subtype) }
        // Only the ADD-PATH subtypes: every session has ADD-PATH. GoBGP writes the full
        // MP_REACH_NLRI (AFI, SAFI, next hop, NLRI) in its IPv6 entries.
        XCTAssertEqual(subtypes, [1, 8, 10])
        let decoded = SpeakerRoute.decoded(result.lines)
        XCTAssertEqual(decoded.map(\.withoutPathID).sorted(), reported)
        XCTAssertEqual(decoded, try adjIn())
    }

    func testUpdatesAreWhatGoBGPReceived() throws {
        var subtypes: Set<UInt16> = []
        let result = try decodeSpeakerFile("gobgp", "gobgp-updates.mrt") { header, _ in subtypes.insert(header.subtype) }
        XCTAssertEqual(subtypes, [9], "BGP4MP_MESSAGE_AS4_ADDPATH only")
        XCTAssertEqual(SpeakerRoute.decoded(result.lines), try adjIn())
    }
}
