import BGP
import MRT
import XCTest

/// Path attributes (RFC 4271 4.3 and the later attribute RFCs): their columns in the
/// `bgpdump -m` line and their owned values in `PathAttributes`.
final class AttributeTests: XCTestCase {
    static let session = MRTBuilder.Session(peerAS: 64496, localAS: 64511, peer: "192.0.2.1", local: "192.0.2.254")
    /// Every line below starts so: BGP4MP_MESSAGE_AS4 at 1400000000 from 192.0.2.1 AS 64496, 10.0.0.0/8.
    static let head = "BGP4MP|1400000000|A|192.0.2.1|64496|10.0.0.0/8|"
    /// ORIGIN IGP, AS_PATH 64496 (4-byte), NEXT_HOP 192.0.2.1.
    static let base = Attr.origin(0) + Attr.asPath([64496]) + Attr.nextHop("192.0.2.1")
    static let baseTail = "64496|IGP|192.0.2.1|0|0||NAG||"

    /// One MESSAGE_AS4 record announcing 10.0.0.0/8 with `attributes`: its line, the owned
    /// attributes and the whole result.
    func announce(_ attributes: [UInt8], writer: BgpdumpLineWriter = BgpdumpLineWriter(),
                  fixture: String = #function) throws -> (line: String?, attributes: PathAttributes?, result: Decoded) {
        let update = BGPBuilder.update(attributes: attributes, nlri: BGPBuilder.nlri(["10.0.0.0/8"]))
        let bytes = MRTBuilder.message(subtype: 4, timestamp: 1_400_000_000, session: Self.session, bgp: update)
        var owned: PathAttributes?
        let result = try decode(bytes, writer: writer, fixture: fixture) { _, record in
            guard case let .message(m) = record, case let .update(u) = m.message else { return }
            owned = PathAttributes(u.attributes)
        }
        XCTAssertEqual(result.lines.count, 1)
        XCTAssertEqual(result.summary.recordsMalformed, 0, "\(result.issues)")
        return (result.lines.first, owned, result)
    }

    func testOrigin() throws {
        // ORIGIN is 40 01 01 <value>: 0 IGP, 1 EGP, 2 INCOMPLETE (3 is undefined: RFC7606Tests).
        for (value, name) in [(0, "IGP"), (1, "EGP"), (2, "INCOMPLETE")] as [(UInt8, String)] {
            let (line, attributes, _) = try announce(Attr.origin(value) + Attr.asPath([64496]) + Attr.nextHop("192.0.2.1"))
            XCTAssertEqual(line, Self.head + "64496|\(name)|192.0.2.1|0|0||NAG||")
            XCTAssertEqual(attributes?.origin?.description, name)
        }
        // A RIB entry without ORIGIN prints INCOMPLETE (an UPDATE without it is treated as
        // withdrawn: RFC7606Tests).
        XCTAssertEqual(try ribLine(Attr.asPath([64496]) + Attr.nextHop("192.0.2.1")),
                       "TABLE_DUMP2|2|B|192.0.2.1|64496|10.0.0.0/8|64496|INCOMPLETE|192.0.2.1|0|0||NAG||")
    }

    /// A TABLE_DUMP_V2 RIB_IPV4_UNICAST record at time 2: 10.0.0.0/8 from peer 0 (192.0.2.1,
    /// AS64496) with `attributes`; its one line.
    func ribLine(_ attributes: [UInt8]) throws -> String? {
        let peers = MRTBuilder.peerIndexTable(timestamp: 1, collectorID: "192.0.2.100",
                                              peers: [MRTBuilder.Peer(bgpID: "192.0.2.1", address: "192.0.2.1", asn: 64496)])
        let rib = MRTBuilder.rib(subtype: 2, timestamp: 2, prefix: "10.0.0.0/8",
                                 entries: [MRTBuilder.RIBEntry(peerIndex: 0, originated: 0, attributes: attributes)])
        let result = try decode(peers + rib)
        XCTAssertEqual(result.lines.count, 1)
        return result.lines.first
    }

    func testASPathSegmentNotation() throws {
        // Segment types: 1 AS_SET {a,b}, 2 AS_SEQUENCE a b, 3 AS_CONFED_SEQUENCE (a b), 4 AS_CONFED_SET [a,b].
        let cases: [([(UInt8, [UInt32])], String, Int)] = [
            ([(Segment.sequence, [64496, 64497]), (Segment.set, [1, 2])], "64496 64497 {1,2}", 3),
            ([(Segment.confedSequence, [1, 2]), (Segment.sequence, [64496])], "(1 2) 64496", 1),
            ([(Segment.sequence, [64496]), (Segment.confedSet, [1, 2])], "64496 [1,2]", 1),
        ]
        XCTAssertEqual(Attr.asPath(cases[0].0), [0x40, 0x02, 20,  2, 2, 0, 0, 0xFB, 0xF0, 0, 0, 0xFB, 0xF1,  1, 2, 0, 0, 0, 1, 0, 0, 0, 2])
        for (segments, text, length) in cases {
            let (line, attributes, _) = try announce(Attr.origin(0) + Attr.asPath(segments) + Attr.nextHop("192.0.2.1"))
            XCTAssertEqual(line, Self.head + text + "|IGP|192.0.2.1|0|0||NAG||")
            XCTAssertEqual(attributes?.asPath?.description, text)
            XCTAssertEqual(attributes?.asPath?.length, length, "a set counts 1, confederation segments 0")
        }
    }

    func testMissingNextHopPrintsAllOnes() throws {
        // In a RIB entry; an UPDATE with routes in its NLRI field and no NEXT_HOP is treated
        // as withdrawn (RFC7606Tests).
        XCTAssertEqual(try ribLine(Attr.origin(0) + Attr.asPath([64496])),
                       "TABLE_DUMP2|2|B|192.0.2.1|64496|10.0.0.0/8|64496|IGP|255.255.255.255|0|0||NAG||")
    }

    func testMEDAndLocalPref() throws {
        // MED 80 04 04 FFFFFFFF, LOCAL_PREF 40 05 04 0000012C: classic routes print them unsigned.
        let (line, attributes, _) = try announce(Self.base + Attr.localPref(300) + Attr.med(4_294_967_295))
        XCTAssertEqual(line, Self.head + "64496|IGP|192.0.2.1|300|4294967295||NAG||")
        XCTAssertEqual(attributes?.localPref, 300)
        XCTAssertEqual(attributes?.med, 4_294_967_295)
        let (absentLine, absent, _) = try announce(Self.base)
        XCTAssertEqual(absentLine, Self.head + Self.baseTail, "absent MED and LOCAL_PREF print 0")
        XCTAssertNil(absent?.med)
        XCTAssertNil(absent?.localPref)
    }

    func testAtomicAggregateAndAggregator() throws {
        // ATOMIC_AGGREGATE 40 06 00; AGGREGATOR C0 07 08 0000FBF4 C0000263 (AS 64500, 192.0.2.99).
        XCTAssertEqual(Attr.aggregator(asn: 64500, address: "192.0.2.99"), [0xC0, 0x07, 0x08, 0, 0, 0xFB, 0xF4, 192, 0, 2, 99])
        let (line, attributes, _) = try announce(Self.base + Attr.atomicAggregate + Attr.aggregator(asn: 64500, address: "192.0.2.99"))
        XCTAssertEqual(line, Self.head + "64496|IGP|192.0.2.1|0|0||AG|64500 192.0.2.99|")
        XCTAssertEqual(attributes?.atomicAggregate, true)
        XCTAssertEqual(attributes?.aggregator, Aggregator(asn: ASN(64500), address: IPAddress("192.0.2.99")!))
        let (plain, _, _) = try announce(Self.base)
        XCTAssertEqual(plain, Self.head + Self.baseTail, "NAG and an empty aggregator column")
    }

    func testCommunitiesWithWellKnownNames() throws {
        // 65000:1, then FFFFFF01 no-export, FFFFFF02 no-advertise, FFFFFF03 local-AS (named);
        // FFFFFF04 (NOPEER) and 0 have no name in the reference and print as numbers.
        let values: [UInt32] = [65000 << 16 | 1, 0xFFFF_FF01, 0xFFFF_FF02, 0xFFFF_FF03, 0xFFFF_FF04, 0]
        let (line, attributes, _) = try announce(Self.base + Attr.communities(values))
        XCTAssertEqual(line, Self.head + "64496|IGP|192.0.2.1|0|0|65000:1 no-export no-advertise local-AS 65535:65284 0:0|NAG||")
        XCTAssertEqual(attributes?.communities, values.map { Community(rawValue: $0) })
        XCTAssertEqual(attributes?.communities.first, Community(65000, 1))
    }

    func testAttributeLongerThan255BytesUsesTheExtendedLength() throws {
        // 70 communities are 280 value bytes: flags C0 | 10 (extended length), type 8, length 0x0118.
        let values = (1...70).map { UInt32($0) << 16 | UInt32($0) }
        let attribute = Attr.communities(values)
        XCTAssertEqual(Array(attribute.prefix(4)), [0xD0, 0x08, 0x01, 0x18])
        XCTAssertEqual(attribute.count, 4 + 280)
        let (line, attributes, _) = try announce(Self.base + attribute)
        let text = (1...70).map { "\($0):\($0)" }.joined(separator: " ")
        XCTAssertEqual(line, Self.head + "64496|IGP|192.0.2.1|0|0|\(text)|NAG||")
        XCTAssertEqual(attributes?.communities.count, 70)
    }

    func testExtendedCommunitiesAreDecodedButNotPrinted() throws {
        // Type 0x00 subtype 0x02: route target AS 65000 (FDE8) value 100;
        // type 0x01 subtype 0x02: route target 192.0.2.1 value 100.
        let values: [UInt64] = [0x0002_FDE8_0000_0064, 0x0102_C000_0201_0064]
        let (line, attributes, _) = try announce(Self.base + Attr.extendedCommunities(values))
        XCTAssertEqual(line, Self.head + Self.baseTail)
        XCTAssertEqual(attributes?.extendedCommunities.map(\.rawValue), values)
        XCTAssertEqual(attributes?.extendedCommunities.map(\.description), ["rt:65000:100", "rt:192.0.2.1:100"])
    }

    func testLargeCommunitiesOnlyPrintedWhenAsked() throws {
        // LARGE_COMMUNITY (32): 12 bytes each, global:local1:local2.
        let attributes = Self.base + Attr.communities([65000 << 16 | 1])
            + Attr.largeCommunities([(64496, 1, 2), (4_200_000_000, 3, 4)])
        let (line, owned, _) = try announce(attributes)
        XCTAssertEqual(line, Self.head + "64496|IGP|192.0.2.1|0|0|65000:1|NAG||")
        XCTAssertEqual(owned?.largeCommunities, [LargeCommunity(64496, 1, 2), LargeCommunity(4_200_000_000, 3, 4)])
        let (withColumn, _, _) = try announce(attributes, writer: BgpdumpLineWriter(includeLargeCommunities: true))
        XCTAssertEqual(withColumn, Self.head + "64496|IGP|192.0.2.1|0|0|65000:1|64496:1:2 4200000000:3:4|NAG||")
        let (emptyColumn, _, _) = try announce(Self.base, writer: BgpdumpLineWriter(includeLargeCommunities: true))
        XCTAssertEqual(emptyColumn, Self.head + "64496|IGP|192.0.2.1|0|0|||NAG||")
    }

    func testOnlyToCustomer() throws {
        // ONLY_TO_CUSTOMER (RFC 9234): C0 23 04 0000FBF0, AS 64496.
        XCTAssertEqual(Attr.onlyToCustomer(64496), [0xC0, 35, 4, 0, 0, 0xFB, 0xF0])
        let (line, attributes, _) = try announce(Self.base + Attr.onlyToCustomer(64496))
        XCTAssertEqual(line, Self.head + Self.baseTail)
        XCTAssertEqual(attributes?.onlyToCustomer, ASN(64496))
        XCTAssertTrue(attributes?.unknown.isEmpty ?? false, "OTC is interpreted, not kept as unknown")
    }

    func testOriginatorIDAndClusterList() throws {
        // ORIGINATOR_ID 80 09 04 C000024D; CLUSTER_LIST 80 0A 08 C0000264 C0000265.
        let (line, attributes, _) = try announce(Self.base + Attr.originatorID("192.0.2.77")
            + Attr.clusterList(["192.0.2.100", "192.0.2.101"]))
        XCTAssertEqual(line, Self.head + Self.baseTail)
        XCTAssertEqual(attributes?.originatorID, IPAddress("192.0.2.77"))
        XCTAssertEqual(attributes?.clusterList, [IPAddress("192.0.2.100")!, IPAddress("192.0.2.101")!])
    }

    func testUnknownAttributesAreKeptRaw() throws {
        // Type 99 (C0 63 03 010203) and type 200 with a 300-byte value (extended length: D0 C8 012C ...).
        let long = (0..<300).map { UInt8(truncatingIfNeeded: $0) }
        let (line, attributes, _) = try announce(Attr.make(0xC0, 99, [1, 2, 3]) + Self.base + Attr.make(0xC0, 200, long))
        XCTAssertEqual(line, Self.head + Self.baseTail)
        XCTAssertEqual(attributes?.unknown, [UnknownAttribute(flags: 0xC0, type: 99, value: [1, 2, 3]),
                                             UnknownAttribute(flags: 0xD0, type: 200, value: long)])
    }

    func testRepeatedAttributeKeepsTheFirst() throws {
        // ORIGIN EGP then ORIGIN IGP; COMMUNITIES 1:1 then 2:2. RFC 7606 3(g): use the first.
        let attributes = Attr.origin(1) + Attr.asPath([64496]) + Attr.origin(0) + Attr.nextHop("192.0.2.1")
            + Attr.communities([1 << 16 | 1]) + Attr.communities([2 << 16 | 2])
        let (line, owned, result) = try announce(attributes)
        XCTAssertEqual(line, Self.head + "64496|EGP|192.0.2.1|0|0|1:1|NAG||")
        XCTAssertEqual(owned?.origin, .egp)
        XCTAssertEqual(owned?.communities, [Community(1, 1)])
        XCTAssertEqual(result.summary.duplicateAttributes, 2)
        XCTAssertEqual(result.summary.recordsDecoded, 1)
    }
}
