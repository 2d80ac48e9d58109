import BGP
import MRT
import XCTest

/// TABLE_DUMP_V2 records (RFC 6396 section 4.3, RFC 8050) from `MRTWriter`, read back.
final class TableDumpV2WriterTests: XCTestCase {
    static let peers = PeerIndexTable(collectorID: 0xC000_02FE, viewName: "rs1", peers: [
        Peer(bgpID: 0x0A00_0001, address: Example.ip("192.0.2.10"), asn: ASN(64496)),
        Peer(bgpID: 0x0A00_0002, address: Example.ip("192.0.2.11"), asn: ASN(4_200_000_123)),
        Peer(bgpID: 0x0A00_0001, address: Example.ip("2001:db8::a"), asn: ASN(64496)),
        Peer(bgpID: 0x0A00_0003, address: Example.ip("2001:db8::b"), asn: ASN(4_200_000_124)),
    ])

    func testPeerIndexTableExactBytes() {
        var writer = MRTWriter()
        let table = PeerIndexTable(collectorID: 0x0102_0304, viewName: "v", peers: [
            Peer(bgpID: 0x0A00_0001, address: Example.ip("192.0.2.1"), asn: ASN(64496)),
            Peer(bgpID: 0x0A00_0002, address: Example.ip("2001:db8::1"), asn: ASN(4_200_000_000)),
        ])
        XCTAssertEqual(writer.peerIndexTable(table, timestamp: 1_700_000_000, compactASNs: true), [
            0x65, 0x53, 0xF1, 0x00,  0x00, 0x0D,  0x00, 0x01,  0x00, 0x00, 0x00, 0x2D, // TABLE_DUMP_V2 PEER_INDEX_TABLE, 45 bytes
            0x01, 0x02, 0x03, 0x04,  0x00, 0x01, 0x76,  0x00, 0x02,                     // collector, "v", 2 peers
            0x00,  0x0A, 0x00, 0x00, 0x01,  0xC0, 0x00, 0x02, 0x01,  0xFB, 0xF0,       // IPv4, 2-byte AS
            0x03,  0x0A, 0x00, 0x00, 0x02,  0x20, 0x01, 0x0D, 0xB8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,
            0xFA, 0x56, 0xEA, 0x00,                                                     // IPv6, 4-byte AS
        ])
        XCTAssertEqual(writer.peerCount, 2)
        XCTAssertEqual(writer.peerIndexTable(table, timestamp: 0)[21], 0x02, "four-octet ASNs by default")
    }

    func testPeerIndexTableRoundTrips() throws {
        for compact in [false, true] {
            var writer = MRTWriter()
            let records = try readBack(writer.peerIndexTable(Self.peers, timestamp: 1_700_000_000, compactASNs: compact))
            XCTAssertEqual(records.count, 1)
            XCTAssertEqual(records.first?.record.peerIndexTable, Self.peers)
            XCTAssertEqual(records.first?.header.timestamp, 1_700_000_000)
        }
    }

    /// A dump: the table, then IPv4 and IPv6 prefixes with routes from several peers.
    func testRIBRecordsForBothFamiliesWithSeveralPeers() throws {
        var writer = MRTWriter()
        let t: UInt32 = 1_763_683_200
        var v4a = Example.memberRoute([64496, 15169], communities: [Community(64500, 64496)])
        v4a.med = 10
        var v4b = Example.memberRoute([4_200_000_123, 3356, 15169], nextHop: "192.0.2.11")
        v4b.largeCommunities = [LargeCommunity(64500, 1, 4_200_000_123)]
        let v6a = Example.memberRoute6([64496, 15169], nextHop: "2001:db8::a", linkLocal: "fe80::a")
        var v6b = Example.memberRoute6([4_200_000_124, 6939], nextHop: "2001:db8::b")
        v6b.onlyToCustomer = ASN(4_200_000_124)
        let dump: [(Prefix, [RIBRoute])] = [
            (Example.prefix("8.8.8.0/24"), [RIBRoute(peerIndex: 0, originatedTime: t - 100, attributes: v4a),
                                            RIBRoute(peerIndex: 1, originatedTime: t - 50, attributes: v4b)]),
            (Example.prefix("0.0.0.0/0"), [RIBRoute(peerIndex: 1, originatedTime: t - 1, attributes: v4b)]),
            (Example.prefix("2001:4860::/32"), [RIBRoute(peerIndex: 2, originatedTime: t - 7, attributes: v6a),
                                                RIBRoute(peerIndex: 3, originatedTime: t - 9, attributes: v6b)]),
            (Example.prefix("2001:db8:1234:5678::/64"), [RIBRoute(peerIndex: 3, originatedTime: t, attributes: Example.everyAttribute)]),
            (Example.prefix("10.0.0.0/8"), []),
        ]
        var bytes = writer.peerIndexTable(Self.peers, timestamp: t)
        for (prefix, routes) in dump { bytes += writer.rib(timestamp: t, prefix: prefix, entries: routes) }
        XCTAssertEqual(writer.nextSequence, 5)

        let records = try readBack(bytes)
        XCTAssertEqual(records.count, 6)
        XCTAssertEqual(records.map(\.header.subtype), [1, 2, 2, 4, 4, 2])
        XCTAssertTrue(records.allSatisfy { $0.header.timestamp == t && $0.header.type == 13 })
        let ribs = records.compactMap(\.record.rib)
        XCTAssertEqual(ribs.map(\.sequence), [0, 1, 2, 3, 4])
        XCTAssertEqual(ribs.map(\.prefix), dump.map(\.0))
        XCTAssertEqual(ribs.map(\.routes), dump.map(\.1))
        XCTAssertEqual(ribs.map(\.peers), dump.map { $0.1.map { Self.peers.peers[Int($0.peerIndex)] } })
        XCTAssertTrue(ribs.allSatisfy { !$0.addPath })
    }

    /// RFC 6396 section 4.3.4: an IPv6 next hop with its link-local address is the
    /// abbreviated MP_REACH_NLRI of 32 bytes.
    func testIPv6LinkLocalNextHopInRIB() throws {
        var writer = MRTWriter()
        let attributes = Example.memberRoute6([64496], nextHop: "2001:db8::a", linkLocal: "fe80::21b:21ff:fe3c:a0b1")
        var bytes = writer.peerIndexTable(Self.peers, timestamp: 1)
        let rib = writer.rib(timestamp: 1, prefix: Example.prefix("2001:db8:ff::/48"),
                             entries: [RIBRoute(peerIndex: 2, originatedTime: 1, attributes: attributes)])
        // Header 12, sequence 4, prefix 1 + 6, count 2, entry head 8, then ORIGIN 4, AS_PATH 9.
        let mpReachAt = 12 + 4 + 7 + 2 + 8 + 4 + 9
        XCTAssertEqual(Array(rib[mpReachAt..<(mpReachAt + 4)]), [0x80, 14, 33, 32])
        bytes += rib
        let decoded = try XCTUnwrap(readBack(bytes).last?.record.rib)
        XCTAssertEqual(decoded.routes.first?.attributes, attributes)
        XCTAssertEqual(decoded.routes.first?.attributes.mpNextHop?.linkLocal, Example.ip("fe80::21b:21ff:fe3c:a0b1"))
    }

    /// RFC 8050: RIB_IPV4_UNICAST_ADDPATH and RIB_IPV6_UNICAST_ADDPATH, several paths of one peer.
    func testAddPathRIBRecords() throws {
        var writer = MRTWriter()
        let v4 = [RIBRoute(peerIndex: 0, originatedTime: 10, pathID: 1, attributes: Example.memberRoute([64496, 15169])),
                  RIBRoute(peerIndex: 0, originatedTime: 11, pathID: 2, attributes: Example.memberRoute([64496, 3356, 15169])),
                  RIBRoute(peerIndex: 1, originatedTime: 12, pathID: 0xFFFF_FFFF, attributes: Example.memberRoute([4_200_000_123]))]
        let v6 = [RIBRoute(peerIndex: 2, originatedTime: 20, pathID: 5, attributes: Example.memberRoute6([64496], linkLocal: "fe80::1")),
                  RIBRoute(peerIndex: 2, originatedTime: 21, pathID: 6, attributes: Example.memberRoute6([64496, 6939]))]
        let bytes = writer.peerIndexTable(Self.peers, timestamp: 100)
            + writer.rib(timestamp: 100, prefix: Example.prefix("8.8.8.0/24"), entries: v4, addPath: true)
            + writer.rib(timestamp: 100, prefix: Example.prefix("2001:4860::/32"), entries: v6, addPath: true)
        let records = try readBack(bytes)
        XCTAssertEqual(records.map(\.header.subtype), [1, 8, 10])
        let ribs = records.compactMap(\.record.rib)
        XCTAssertEqual(ribs.map(\.addPath), [true, true])
        XCTAssertEqual(ribs.map(\.routes), [v4, v6])
    }

    /// The sequence restarts with each PEER_INDEX_TABLE (a new dump).
    func testSequenceRestartsWithEachTable() throws {
        var writer = MRTWriter()
        var bytes: [UInt8] = []
        for dump in 0..<2 {
            bytes += writer.peerIndexTable(Self.peers, timestamp: UInt32(dump))
            for i in 0..<3 {
                bytes += writer.rib(timestamp: UInt32(dump), prefix: Prefix(address: IPAddress(ipv4: UInt32(i) << 24), length: 8),
                                    entries: [RIBRoute(peerIndex: 0, originatedTime: 0, attributes: Example.memberRoute([64496]))])
            }
        }
        XCTAssertEqual(try readBack(bytes).compactMap(\.record.rib?.sequence), [0, 1, 2, 0, 1, 2])
    }
}
