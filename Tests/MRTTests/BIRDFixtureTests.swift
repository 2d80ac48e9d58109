import MRT
import XCTest

/// BIRD 2.0.12's MRT (scripts/speaker-lab/bird.sh): `mrtdump` of the BGP messages and the
/// TABLE_DUMP_V2 dumps of its tables (`mrt dump table`) must give the routes
/// `birdc show route all` reported: prefix, next hop, AS path. birdc shows no path ids, so the
/// path ids of the ADD-PATH session are checked between the two files and against the
/// member's configuration (scripts/speaker-lab/bird.sh).
final class BIRDFixtureTests: XCTestCase {
    /// `birdc show route all`: a route line starts with its prefix, or with blanks for another
    /// route of the same prefix; its attributes follow, indented by a tab.
    func reported() throws -> [SpeakerRoute] {
        var routes: [SpeakerRoute] = []
        var prefix = ""
        for line in try SpeakerFixtures.text("bird", "bird-show-route-all.txt").split(separator: "\n") {
            let f = line.split(separator: " ").map(String.init)
            if !line.hasPrefix("\t"), f.count > 1, f[1] == "unicast" || f[0] == "unicast" {
                if f[1] == "unicast" { prefix = f[0] }
                routes.append(SpeakerRoute(prefix: prefix, pathID: nil, nextHop: "", asPath: ""))
            } else if line.hasPrefix("\tBGP.as_path:") {
                routes[routes.count - 1].asPath = f.dropFirst().joined(separator: " ")
            } else if line.hasPrefix("\tBGP.next_hop:") {
                routes[routes.count - 1].nextHop = f[1]
            }
        }
        return routes.sorted()
    }

    func testTableDumpsAreWhatBIRDReported() throws {
        let reported = try reported()
        XCTAssertEqual(reported.count, 4, "192.0.2.0/24 twice (ADD-PATH), 198.51.100.0/24, 2001:db8:4::/48 (IPv6 session)")
        var table: [SpeakerRoute] = []
        for (name, ribSubtype) in [("bird-table4.mrt", UInt16(8)), ("bird-table6.mrt", UInt16(4))] {
            var subtypes: Set<UInt16> = []
            let result = try decodeSpeakerFile("bird", name) { header, _ in subtypes.insert(header.subtype) }
            XCTAssertEqual(subtypes, [1, ribSubtype], "\(name): RIB_IPV4_UNICAST_ADDPATH for the ADD-PATH table, RIB_IPV6_UNICAST")
            table += SpeakerRoute.decoded(result.lines)
        }
        XCTAssertEqual(table.map(\.withoutPathID).sorted(), reported)
        XCTAssertEqual(table.filter { $0.prefix == "192.0.2.0/24" }.compactMap(\.pathID).sorted(), [1, 2])
    }

    /// BIRD 2.0.12's table dumps carry NEXT_HOP with attribute flags 0x00 (RFC 4271 defines it
    /// well-known transitive, 0x40). RFC 7606 3(c) would treat an UPDATE so flagged as
    /// withdrawn; a RIB entry is the speaker's own rewrite of a route it accepted, so the
    /// routes are kept (and reported nowhere: the table is what BIRD holds).
    func testTableDumpNextHopFlagsAreZeroAndTheRoutesKept() throws {
        var nextHopFlags: [UInt8] = []
        let result = try decodeSpeakerFile("bird", "bird-table4.mrt") { _, record in
            guard case .rib(let rib) = record else { return }
            for entry in rib.entries {
                var cursor = 0
                let block = entry.attributes.block
                while cursor + 3 <= block.count {
                    let flags = block[cursor], type = block[cursor + 1]
                    let extended = flags & 0x10 != 0
                    let length = extended ? Int(block[cursor + 2]) << 8 | Int(block[cursor + 3]) : Int(block[cursor + 2])
                    if type == 3 { nextHopFlags.append(flags) }
                    cursor += (extended ? 4 : 3) + length
                }
            }
        }
        XCTAssertEqual(nextHopFlags, [0, 0, 0])
        XCTAssertEqual(result.issues.count, 0)
        XCTAssertEqual(result.lines.count, 3)
    }

    /// BIRD 2.0.12 writes the UPDATEs of its ADD-PATH session with the ADDPATH subtype
    /// (BGP4MP_MESSAGE_AS4_ADDPATH, RFC 8050); the IPv6 session's with the plain one.
    func testMessagesAnnounceWhatBIRDReportedWithTheTablesPathIDs() throws {
        var subtypesByPeer: [String: Set<UInt16>] = [:]
        let result = try decodeSpeakerFile("bird", "bird-messages.mrt") { header, record in
            if case .message(let message) = record { subtypesByPeer["\(message.peerAddress)", default: []].insert(header.subtype) }
        }
        XCTAssertEqual(subtypesByPeer["10.0.3.2"], [1, 9], "OPENs (before the 4-byte AS is known) and ADD-PATH UPDATEs")
        XCTAssertEqual(subtypesByPeer["fd00:3::2"], [1, 4])
        let announced = SpeakerRoute.decoded(result.lines)
        XCTAssertEqual(announced.map(\.withoutPathID).sorted(), try reported())
        var table: [SpeakerRoute] = []
        for name in ["bird-table4.mrt", "bird-table6.mrt"] { table += SpeakerRoute.decoded(try decodeSpeakerFile("bird", name).lines) }
        XCTAssertEqual(announced, table.sorted())
    }
}
