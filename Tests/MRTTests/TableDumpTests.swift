import BGP
import MRT
import XCTest

/// TABLE_DUMP (RFC 6396 4.2) and TABLE_DUMP_V2 (4.3, RFC 8050) records, decoded and printed
/// as `bgpdump -m` lines.
final class TableDumpTests: XCTestCase {

    // MARK: TABLE_DUMP (version 1)

    func testTableDumpV1IPv4() throws {
        let attributes = Attr.origin(0) + Attr.asPath([64496, 64511], asnSize: 2) + Attr.nextHop("192.0.2.254")
            + Attr.med(50) + Attr.localPref(200)
        let bytes = MRTBuilder.tableDump(timestamp: 1_000_000_000, sequence: 7, prefix: "203.0.113.0/24",
                                         originated: 999_999_000, peer: "192.0.2.1", peerAS: 64496, attributes: attributes)
        XCTAssertEqual(bytes, [
            0x3B, 0x9A, 0xCA, 0x00,  0x00, 0x0C,  0x00, 0x01,  0x00, 0x00, 0x00, 0x38, // 1000000000, TABLE_DUMP, AFI_IPv4, 56 bytes
            0x00, 0x00,  0x00, 0x07,                          // view 0, sequence 7
            0xCB, 0x00, 0x71, 0x00,  0x18,  0x01,             // prefix 203.0.113.0, length 24, status 1
            0x3B, 0x9A, 0xC6, 0x18,                           // originated 999999000
            0xC0, 0x00, 0x02, 0x01,  0xFB, 0xF0,  0x00, 0x22, // peer 192.0.2.1, AS 64496, 34 attribute bytes
            0x40, 0x01, 0x01, 0x00,                           // ORIGIN IGP
            0x40, 0x02, 0x06, 0x02, 0x02, 0xFB, 0xF0, 0xFB, 0xFF, // AS_PATH: AS_SEQUENCE of 2 two-byte ASNs 64496 64511
            0x40, 0x03, 0x04, 0xC0, 0x00, 0x02, 0xFE,         // NEXT_HOP 192.0.2.254
            0x80, 0x04, 0x04, 0x00, 0x00, 0x00, 0x32,         // MULTI_EXIT_DISC 50
            0x40, 0x05, 0x04, 0x00, 0x00, 0x00, 0xC8,         // LOCAL_PREF 200
        ])
        var route: (view: UInt16, sequence: UInt16, status: UInt8, originated: UInt32, peerASN: ASN, prefix: Prefix)?
        let result = try decode(bytes) { _, record in
            guard case let .tableDump(r) = record else { return XCTFail("not TABLE_DUMP: \(record)") }
            route = (r.viewNumber, r.sequence, r.status, r.originatedTime, r.peerASN, r.prefix)
        }
        XCTAssertEqual(result.lines, ["TABLE_DUMP|1000000000|B|192.0.2.1|64496|203.0.113.0/24|64496 64511|IGP|192.0.2.254|200|50||NAG||"])
        XCTAssertEqual(route?.view, 0)
        XCTAssertEqual(route?.sequence, 7)
        XCTAssertEqual(route?.status, 1)
        XCTAssertEqual(route?.originated, 999_999_000)
        XCTAssertEqual(route?.peerASN, ASN(64496))
        XCTAssertEqual(route?.prefix, Prefix("203.0.113.0/24"))
        XCTAssert(result.summary.clean)
    }

    func testTableDumpV1IPv6TakesTheNextHopFromMPReach() throws {
        // Subtype 2: 16-byte prefix and peer; the next hop is in a full MP_REACH_NLRI
        // (AFI 2, SAFI 1, 16-byte next hop 2001:db8::fe, reserved 0, NLRI 2001:db8:1::/48).
        let attributes = Attr.origin(1) + Attr.asPath([64497], asnSize: 2)
            + Attr.mpReach(afi: 2, nextHops: ["2001:db8::fe"], nlri: BGPBuilder.nlri(["2001:db8:1::/48"]))
        let bytes = MRTBuilder.tableDump(timestamp: 1_000_000_001, prefix: "2001:db8:1::/48", originated: 0,
                                         peer: "2001:db8::1", peerAS: 64497, attributes: attributes)
        XCTAssertEqual(Array(bytes[6..<8]), [0x00, 0x02], "subtype 2 is IPv6")
        let result = try decode(bytes)
        XCTAssertEqual(result.lines, ["TABLE_DUMP|1000000001|B|2001:db8::1|64497|2001:db8:1::/48|64497|EGP|2001:db8::fe|0|0||NAG||"])
    }

    func testTableDumpV1PrefixHostBitsAreCleared() throws {
        // The v1 prefix field is a whole address: 10.1.2.3 with length 8. The decoder keeps
        // only the first 8 bits (bgpdump prints this field unmasked, as 10.1.2.3/8).
        let bytes = MRTBuilder.tableDump(timestamp: 1, prefix: "10.1.2.3/8", originated: 0, peer: "192.0.2.1",
                                         peerAS: 1, attributes: Attr.origin(0) + Attr.nextHop("192.0.2.1"))
        let result = try decode(bytes)
        XCTAssertEqual(result.lines, ["TABLE_DUMP|1|B|192.0.2.1|1|10.0.0.0/8||IGP|192.0.2.1|0|0||NAG||"])
    }

    // MARK: TABLE_DUMP_V2

    /// Peers 0: IPv4 with a 2-byte AS, 1: IPv6 with a 4-byte AS, 2: IPv4 with a 4-byte AS.
    static let peers = [
        MRTBuilder.Peer(bgpID: "192.0.2.1", address: "192.0.2.1", asn: 64496, as4: false),
        MRTBuilder.Peer(bgpID: "192.0.2.2", address: "2001:db8::2", asn: 4_200_000_000),
        MRTBuilder.Peer(bgpID: "192.0.2.3", address: "192.0.2.3", asn: 65551),
    ]
    static let peerIndexTable = MRTBuilder.peerIndexTable(timestamp: 1_500_000_000, collectorID: "198.51.100.254",
                                                          viewName: "rrc0", peers: peers)

    /// Two IPv4 routes for 198.18.0.0/15, from peers 0 and 2.
    static let ipv4Entries = [
        MRTBuilder.RIBEntry(peerIndex: 0, originated: 1000,
                            attributes: Attr.origin(0) + Attr.asPath([64496, 3356]) + Attr.nextHop("192.0.2.1") + Attr.med(10)),
        MRTBuilder.RIBEntry(peerIndex: 2, originated: 2000,
                            attributes: Attr.origin(1) + Attr.asPath([65551, 3356]) + Attr.nextHop("192.0.2.3")
                                + Attr.communities([64496 << 16 | 100])),
    ]
    static let ipv4Lines = [
        "TABLE_DUMP2|1500000000|B|192.0.2.1|64496|198.18.0.0/15|64496 3356|IGP|192.0.2.1|0|10||NAG||",
        "TABLE_DUMP2|1500000000|B|192.0.2.3|65551|198.18.0.0/15|65551 3356|EGP|192.0.2.3|0|0|64496:100|NAG||",
    ]

    func testPeerIndexTableAndRIBIPv4Unicast() throws {
        XCTAssertEqual(Self.peerIndexTable, [
            0x59, 0x68, 0x2F, 0x00,  0x00, 0x0D,  0x00, 0x01,  0x00, 0x00, 0x00, 0x3D, // 1500000000, TABLE_DUMP_V2, PEER_INDEX_TABLE, 61 bytes
            0xC6, 0x33, 0x64, 0xFE,                                   // collector BGP id 198.51.100.254
            0x00, 0x04, 0x72, 0x72, 0x63, 0x30,  0x00, 0x03,          // view name "rrc0", 3 peers
            0x00, 0xC0, 0x00, 0x02, 0x01, 0xC0, 0x00, 0x02, 0x01, 0xFB, 0xF0, // type 0 (IPv4, AS2), id, 192.0.2.1, AS 64496
            0x03, 0xC0, 0x00, 0x02, 0x02,                             // type 3 (IPv6, AS4), id 192.0.2.2
            0x20, 0x01, 0x0D, 0xB8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, // 2001:db8::2
            0xFA, 0x56, 0xEA, 0x00,                                   // AS 4200000000
            0x02, 0xC0, 0x00, 0x02, 0x03, 0xC0, 0x00, 0x02, 0x03, 0x00, 0x01, 0x00, 0x0F, // type 2 (IPv4, AS4), AS 65551
        ])
        let rib = MRTBuilder.rib(subtype: 2, timestamp: 1_500_000_000, sequence: 5, prefix: "198.18.0.0/15", entries: Self.ipv4Entries)
        XCTAssertEqual(Array(rib.prefix(21)), [
            0x59, 0x68, 0x2F, 0x00,  0x00, 0x0D,  0x00, 0x02,  0x00, 0x00, 0x00, 0x57, // RIB_IPV4_UNICAST, 87 bytes
            0x00, 0x00, 0x00, 0x05,  0x0F, 0xC6, 0x12,  0x00, 0x02,  // sequence 5, prefix /15 in 2 octets 198.18, 2 entries
        ])
        XCTAssertEqual(Array(rib[21..<29]), [0x00, 0x00,  0x00, 0x00, 0x03, 0xE8,  0x00, 0x1F],
                       "entry 0: peer index 0, originated 1000, 31 attribute bytes (4 + 13 + 7 + 7)")

        var table: PeerIndexTable?
        var ribValues: (sequence: UInt32, prefix: Prefix, safi: UInt8, addPath: Bool, entries: [(UInt16, UInt32, UInt32)])?
        let result = try decode(Self.peerIndexTable + rib) { _, record in
            switch record {
            case let .peerIndexTable(t): table = t
            case let .rib(r): ribValues = (r.sequence, r.prefix, r.safi, r.addPath, r.entries.map { ($0.peerIndex, $0.originatedTime, $0.pathID) })
            default: XCTFail("unexpected \(record)")
            }
        }
        XCTAssertEqual(result.lines, Self.ipv4Lines)
        XCTAssertEqual(table?.collectorID, 0xC633_64FE)
        XCTAssertEqual(table?.viewName, "rrc0")
        XCTAssertEqual(table?.peers.map(\.address.description), ["192.0.2.1", "2001:db8::2", "192.0.2.3"])
        XCTAssertEqual(table?.peers.map(\.asn.rawValue), [64496, 4_200_000_000, 65551])
        XCTAssertEqual(table?.peers.first?.bgpID, 0xC000_0201)
        XCTAssertEqual(ribValues?.sequence, 5)
        XCTAssertEqual(ribValues?.prefix, Prefix("198.18.0.0/15"))
        XCTAssertEqual(ribValues?.safi, 1)
        XCTAssertEqual(ribValues?.addPath, false)
        XCTAssertEqual(ribValues?.entries.map(\.0), [0, 2])
        XCTAssertEqual(ribValues?.entries.map(\.1), [1000, 2000])
        XCTAssertEqual(ribValues?.entries.map(\.2), [0, 0])
        XCTAssertEqual(result.summary.recordsDecoded, 2)
    }

    func testRIBIPv6UnicastWithAbbreviatedMPReach() throws {
        // RIB entries carry MP_REACH_NLRI as next-hop length + next hop only (RFC 6396 4.3.4).
        // Entry 0: length 32 = global 2001:db8::2 + link-local fe80::2; entry 1: length 16.
        let entries = [
            MRTBuilder.RIBEntry(peerIndex: 1, originated: 3000, attributes: Attr.origin(0) + Attr.asPath([4_200_000_000, 64511])
                + Attr.mpReachAbbreviated(nextHops: ["2001:db8::2", "fe80::2"])),
            MRTBuilder.RIBEntry(peerIndex: 0, originated: 3001, attributes: Attr.origin(2) + Attr.asPath([64496])
                + Attr.mpReachAbbreviated(nextHops: ["2001:db8::1"])),
        ]
        XCTAssertEqual(Array(Attr.mpReachAbbreviated(nextHops: ["2001:db8::2", "fe80::2"]).prefix(4)), [0x80, 0x0E, 33, 32],
                       "optional, type 14, 33 value bytes: next-hop length 32, then the two addresses")
        let rib = MRTBuilder.rib(subtype: 4, timestamp: 1_500_000_000, prefix: "2001:db8:100::/40", entries: entries)
        var nextHops: [MPNextHop?] = []
        var abbreviated: [Bool] = []
        let result = try decode(Self.peerIndexTable + rib) { _, record in
            guard case let .rib(r) = record else { return }
            nextHops = r.entries.map { PathAttributes($0.attributes).mpNextHop }
            abbreviated = r.entries.map { $0.attributes.mpReach?.isAbbreviated ?? false }
        }
        XCTAssertEqual(result.lines, [
            "TABLE_DUMP2|1500000000|B|2001:db8::2|4200000000|2001:db8:100::/40|4200000000 64511|IGP|2001:db8::2|0|0||NAG||",
            "TABLE_DUMP2|1500000000|B|192.0.2.1|64496|2001:db8:100::/40|64496|INCOMPLETE|2001:db8::1|0|0||NAG||",
        ])
        XCTAssertEqual(nextHops, [MPNextHop(address: IPAddress("2001:db8::2")!, linkLocal: IPAddress("fe80::2")!),
                                  MPNextHop(address: IPAddress("2001:db8::1")!)])
        XCTAssertEqual(abbreviated, [true, true])
    }

    /// Subtype 8 (IPv4) and 10 (IPv6): each entry has a 4-byte path id after its originated time.
    static let addPathIPv4 = MRTBuilder.rib(subtype: 8, timestamp: 1_500_000_000, prefix: "192.0.2.0/24", entries: [
        MRTBuilder.RIBEntry(peerIndex: 0, originated: 10, pathID: 1,
                            attributes: Attr.origin(0) + Attr.asPath([64496, 1]) + Attr.nextHop("192.0.2.1")),
        MRTBuilder.RIBEntry(peerIndex: 0, originated: 11, pathID: 2,
                            attributes: Attr.origin(0) + Attr.asPath([64496, 2]) + Attr.nextHop("192.0.2.11")),
    ])
    static let addPathIPv6Entry = MRTBuilder.RIBEntry(peerIndex: 1, originated: 12, pathID: 4_294_967_295,
        attributes: Attr.origin(0) + Attr.asPath([4_200_000_000]) + Attr.mpReachAbbreviated(nextHops: ["2001:db8::2"]))
    static let addPathIPv6Line = "TABLE_DUMP2_AP|1500000000|B|2001:db8::2|4200000000|2001:db8::/32|4294967295|4200000000|IGP|2001:db8::2|0|0||NAG||"

    func testRIBAddPathSubtypesPrintThePathID() throws {
        // Entry 0 of subtype 8: peer index 0, originated 10, path id 1, attribute length 24 (4 + 13 + 7).
        // Sequence (4) + prefix (1 + 3) + entry count (2) = 10 bytes precede it after the 12-byte header.
        XCTAssertEqual(Array(Self.addPathIPv4[22..<34]), [0x00, 0x00,  0, 0, 0, 10,  0, 0, 0, 1,  0x00, 0x18])
        let ipv6 = MRTBuilder.rib(subtype: 10, timestamp: 1_500_000_000, prefix: "2001:db8::/32", entries: [Self.addPathIPv6Entry])
        var pathIDs: [[UInt32]] = []
        let result = try decode(Self.peerIndexTable + Self.addPathIPv4 + ipv6) { _, record in
            guard case let .rib(r) = record else { return }
            XCTAssertTrue(r.addPath)
            pathIDs.append(r.entries.map(\.pathID))
        }
        XCTAssertEqual(result.lines, [
            "TABLE_DUMP2_AP|1500000000|B|192.0.2.1|64496|192.0.2.0/24|1|64496 1|IGP|192.0.2.1|0|0||NAG||",
            "TABLE_DUMP2_AP|1500000000|B|192.0.2.1|64496|192.0.2.0/24|2|64496 2|IGP|192.0.2.11|0|0||NAG||",
            Self.addPathIPv6Line,
        ])
        XCTAssertEqual(pathIDs, [[1, 2], [4_294_967_295]])
    }

    func testRIBMulticastSubtypesDecodeWithSAFI2() throws {
        // 3: IPv4 multicast, 5: IPv6 multicast, 9 and 11: their ADD-PATH forms.
        let entry = MRTBuilder.RIBEntry(peerIndex: 0, originated: 1, pathID: 9, attributes: Attr.origin(0))
        var seen: [(UInt8, Bool, [UInt32])] = []
        let records = MRTBuilder.rib(subtype: 3, timestamp: 1, prefix: "224.0.0.0/4", entries: [entry])
            + MRTBuilder.rib(subtype: 5, timestamp: 1, prefix: "ff00::/8", entries: [entry])
            + MRTBuilder.rib(subtype: 9, timestamp: 1, prefix: "224.0.0.0/4", entries: [entry])
            + MRTBuilder.rib(subtype: 11, timestamp: 1, prefix: "ff00::/8", entries: [entry])
        let result = try decode(Self.peerIndexTable + records) { _, record in
            guard case let .rib(r) = record else { return }
            seen.append((r.safi, r.addPath, r.entries.map(\.pathID)))
        }
        XCTAssertEqual(seen.map(\.0), [2, 2, 2, 2])
        XCTAssertEqual(seen.map(\.1), [false, false, true, true])
        XCTAssertEqual(seen.map(\.2), [[0], [0], [9], [9]], "the path id is read only in the ADD-PATH subtypes")
        XCTAssertEqual(result.summary.recordsDecoded, 5)
    }

    func testRIBGenericPrintsLikeTheAFISpecificSubtypes() throws {
        // Subtype 6: sequence, AFI 1, SAFI 1, then the prefix and entries exactly as subtype 2.
        let generic = MRTBuilder.rib(subtype: 6, timestamp: 1_500_000_000, sequence: 5, prefix: "198.18.0.0/15", entries: Self.ipv4Entries)
        XCTAssertEqual(Array(generic[12..<22]), [0, 0, 0, 5,  0x00, 0x01,  0x01,  0x0F, 0xC6, 0x12])
        // Subtype 12: AFI 2, SAFI 1, prefix, entries with path ids, as subtype 10.
        let genericAddPath = MRTBuilder.rib(subtype: 12, timestamp: 1_500_000_000, prefix: "2001:db8::/32", entries: [Self.addPathIPv6Entry])
        var families: [(AddressFamily, UInt8)] = []
        let result = try decode(Self.peerIndexTable + generic + genericAddPath) { _, record in
            guard case let .rib(r) = record else { return }
            families.append((r.prefix.family, r.safi))
        }
        XCTAssertEqual(result.lines, Self.ipv4Lines + [Self.addPathIPv6Line])
        XCTAssertEqual(families.map(\.0), [.ipv4, .ipv6])
        XCTAssertEqual(families.map(\.1), [1, 1])
    }

    func testRIBEntryWithAPeerIndexOutOfRangeIsLeftOutAndReported() throws {
        // Entry 0 names peer 3 of a 3-peer table. The entry starts after sequence (4),
        // prefix 10.0.0.0/8 (1 + 1) and entry count (2): body byte 8. The record is kept (it
        // has no other entry here) and the entry is reported.
        let bad = MRTBuilder.rib(subtype: 2, timestamp: 1, prefix: "10.0.0.0/8",
                                 entries: [MRTBuilder.RIBEntry(peerIndex: 3, originated: 0, attributes: Attr.origin(0))])
        let good = MRTBuilder.rib(subtype: 2, timestamp: 1, prefix: "10.0.0.0/8",
                                  entries: [MRTBuilder.RIBEntry(peerIndex: 2, originated: 0, attributes: Attr.origin(0))])
        let result = try decode(Self.peerIndexTable + bad + good)
        XCTAssertEqual(result.summary.recordsMalformed, 0)
        XCTAssertEqual(result.summary.partlyMalformed, 1)
        XCTAssertEqual(result.summary.partlyMalformedByField, ["RIB entry": 1])
        XCTAssertFalse(result.summary.clean)
        XCTAssertEqual(result.summary.recordsDecoded, 3)
        XCTAssertEqual(result.issues.count, 1)
        let issue = try XCTUnwrap(result.issues.first)
        XCTAssertFalse(issue.skipped)
        XCTAssert(issue.description.contains("partly decoded"), issue.description)
        XCTAssertEqual(issue.recordOffset, Int64(Self.peerIndexTable.count))
        XCTAssertEqual(issue.error.field, "RIB entry 0")
        XCTAssertEqual(issue.error.offset, 8)
        XCTAssert(issue.error.problem.contains("peer index 3"), issue.description)
        XCTAssertEqual(result.lines, ["TABLE_DUMP2|1|B|192.0.2.3|65551|10.0.0.0/8||IGP|255.255.255.255|0|0||NAG||"])
    }

    func testRIBWithoutAPeerIndexTableIsMalformed() throws {
        let rib = MRTBuilder.rib(subtype: 2, timestamp: 1, prefix: "10.0.0.0/8",
                                 entries: [MRTBuilder.RIBEntry(peerIndex: 0, originated: 0, attributes: [])])
        let result = try decode(rib)
        XCTAssertEqual(result.summary.recordsMalformed, 1)
        XCTAssertEqual(result.skipped.first?.error.field, "RIB entries")
        XCTAssertEqual(result.lines, [])
    }
}
