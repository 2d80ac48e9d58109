import BGP
import MRT
import XCTest

/// Path attribute blocks (RFC 4271 section 4.3) through `BGPEncoder` and back through the
/// decoder: every attribute, its flags, the extended length, two- and four-octet AS paths.
final class WriterAttributeTests: XCTestCase {
    func testEveryAttributeRoundTrips() throws {
        let original = Example.everyAttribute
        XCTAssertEqual(try attributesRoundTrip(original), original)
    }

    func testEachAttributeAloneRoundTrips() throws {
        let full = Example.everyAttribute
        var singles: [PathAttributes] = []
        func single(_ set: (inout PathAttributes) -> Void) {
            var a = PathAttributes()
            set(&a)
            singles.append(a)
        }
        single { $0.origin = .incomplete }
        single { $0.asPath = full.asPath }
        single { $0.asPath = ASPath([]) }
        single { $0.nextHop = full.nextHop }
        single { $0.mpNextHop = MPNextHop(address: Example.ip("2001:db8::1")) }
        single { $0.mpNextHop = MPNextHop(address: Example.ip("192.0.2.1")) }
        single { $0.med = 0 }
        single { $0.localPref = 100 }
        single { $0.atomicAggregate = true }
        single { $0.aggregator = Aggregator(asn: ASN(64496), address: Example.ip("192.0.2.1")) }
        single { $0.communities = full.communities }
        single { $0.extendedCommunities = full.extendedCommunities }
        single { $0.largeCommunities = full.largeCommunities }
        single { $0.onlyToCustomer = ASN(4_200_000_000) }
        single { $0.originatorID = full.originatorID }
        single { $0.clusterList = full.clusterList }
        single { $0.unknown = full.unknown }
        singles.append(PathAttributes())
        for attributes in singles {
            XCTAssertEqual(try attributesRoundTrip(attributes), attributes)
        }
    }

    /// Flags as the RFCs give them: well-known attributes transitive (0x40), MED, ORIGINATOR_ID,
    /// CLUSTER_LIST and MP_REACH optional non-transitive (0x80), the rest optional transitive
    /// (0xC0); ascending type order; unknown attributes with their own flags.
    func testFlagsAndOrder() {
        let block = BGPEncoder.pathAttributes(Example.everyAttribute)
        let headers = attributeHeaders(block)
        XCTAssertEqual(headers.map(\.type), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 14, 16, 32, 35, 99, 200])
        XCTAssertEqual(headers.map(\.flags), [0x40, 0x40, 0x40, 0x80, 0x40, 0x40, 0xC0, 0xC0, 0x80, 0x80, 0x80,
                                              0xC0, 0xC0, 0xC0, 0xC0, 0xD0])
        XCTAssertEqual(headers.map(\.length), [1, 2 + 8 + 2 + 12 + 2 + 4 + 2 + 8, 4, 4, 4, 0, 8, 16, 4, 8, 33,
                                               16, 24, 4, 3, 1])
        XCTAssertEqual(headers.reduce(0) { $0 + ($1.flags & 0x10 != 0 ? 4 : 3) + $1.length }, block.count)
    }

    func testExactBytesOfASmallBlock() {
        var a = PathAttributes()
        a.origin = .igp
        a.asPath = ASPath(sequence: [64496, 4_200_000_000])
        a.nextHop = Example.ip("192.0.2.1")
        a.med = 5
        a.communities = [Community(64496, 2)]
        a.largeCommunities = [LargeCommunity(64496, 1, 2)]
        a.onlyToCustomer = ASN(64496)
        XCTAssertEqual(BGPEncoder.pathAttributes(a), [
            0x40, 0x01, 0x01, 0x00,                                          // ORIGIN IGP
            0x40, 0x02, 0x0A, 0x02, 0x02, 0x00, 0x00, 0xFB, 0xF0, 0xFA, 0x56, 0xEA, 0x00, // AS_SEQUENCE, 4-byte
            0x40, 0x03, 0x04, 0xC0, 0x00, 0x02, 0x01,                        // NEXT_HOP
            0x80, 0x04, 0x04, 0x00, 0x00, 0x00, 0x05,                        // MED
            0xC0, 0x08, 0x04, 0xFB, 0xF0, 0x00, 0x02,                        // COMMUNITIES 64496:2
            0xC0, 0x20, 0x0C, 0x00, 0x00, 0xFB, 0xF0, 0, 0, 0, 1, 0, 0, 0, 2, // LARGE_COMMUNITY
            0xC0, 0x23, 0x04, 0x00, 0x00, 0xFB, 0xF0,                        // ONLY_TO_CUSTOMER
        ])
    }

    /// A value over 255 bytes takes the Extended Length flag and a two-octet length.
    func testManyCommunitiesUseExtendedLength() throws {
        var a = Example.memberRoute([64496, 3356])
        a.communities = (0..<300).map { Community(64500, UInt16($0)) }
        let block = BGPEncoder.pathAttributes(a)
        let communities = try XCTUnwrap(attributeHeaders(block).first { $0.type == 8 })
        XCTAssertEqual(communities.flags, 0xD0)
        XCTAssertEqual(communities.length, 1200)
        XCTAssertEqual(try attributesRoundTrip(a), a)

        // 63 communities (252 bytes) still fit the one-octet length; 64 (256) do not.
        a.communities = Array(a.communities.prefix(63))
        XCTAssertEqual(attributeHeaders(BGPEncoder.pathAttributes(a)).first { $0.type == 8 }?.flags, 0xC0)
        a.communities.append(Community(1, 1))
        XCTAssertEqual(attributeHeaders(BGPEncoder.pathAttributes(a)).first { $0.type == 8 }?.flags, 0xD0)
    }

    /// An unknown attribute over 255 bytes gains the Extended Length flag; nothing else changes.
    func testLongUnknownAttribute() throws {
        var a = PathAttributes()
        a.unknown = [UnknownAttribute(flags: 0xC0, type: 250, value: (0..<400).map { UInt8($0 & 0xFF) })]
        var expected = a
        expected.unknown[0].flags = 0xD0
        XCTAssertEqual(try attributesRoundTrip(a), expected)
    }

    func testTwoOctetPathWithSmallASNs() throws {
        var a = Example.memberRoute([64496, 3356, 15169])
        a.aggregator = Aggregator(asn: ASN(15169), address: Example.ip("192.0.2.7"))
        let block = BGPEncoder.pathAttributes(a, asnSize: 2)
        XCTAssertEqual(Array(block[4..<15]), [0x40, 0x02, 0x08, 0x02, 0x03, 0xFB, 0xF0, 0x0D, 0x1C, 0x3B, 0x41])
        XCTAssertFalse(attributeHeaders(block).contains { $0.type == 17 || $0.type == 18 }, "no AS4_PATH/AS4_AGGREGATOR needed")
        XCTAssertEqual(attributeHeaders(block).first { $0.type == 7 }?.length, 6)
        XCTAssertEqual(try attributesRoundTrip(a, asnSize: 2), a)
    }

    /// RFC 6793 section 4.2.2: on a two-octet session four-octet ASNs become AS_TRANS in
    /// AS_PATH/AGGREGATOR and travel in AS4_PATH/AS4_AGGREGATOR; the decoder merges them back.
    func testTwoOctetPathWithFourOctetASNs() throws {
        var a = Example.memberRoute([4_200_000_123, 3356, 4_200_000_000])
        a.asPath!.segments.insert(ASPath.Segment(.confedSequence, [ASN(65001)]), at: 0)
        a.asPath!.segments.append(ASPath.Segment(.set, [ASN(64511), ASN(4_200_000_001)]))
        a.aggregator = Aggregator(asn: ASN(4_200_000_001), address: Example.ip("192.0.2.7"))
        let block = BGPEncoder.pathAttributes(a, asnSize: 2)
        XCTAssertEqual(attributeHeaders(block).map(\.type), [1, 2, 3, 7, 17, 18])
        try block.withUnsafeBytes { raw in
            let wire = try WireAttributes(parsing: raw, asnSize: 2, addPath: false)
            XCTAssertEqual(wire.asPath.asPath.description, "(65001) 23456 3356 23456 {64511,23456}")
            XCTAssertEqual(wire.as4Path.asPath.description, "4200000123 3356 4200000000 {64511,4200000001}")
            XCTAssertEqual(wire.aggregatorASN, ASN.trans.rawValue)
            XCTAssertEqual(PathAttributes(wire), a)
        }
        // The same path on a four-octet session needs neither.
        XCTAssertEqual(attributeHeaders(BGPEncoder.pathAttributes(a)).map(\.type), [1, 2, 3, 7])
        XCTAssertEqual(try attributesRoundTrip(a), a)
    }

    /// A segment holds at most 255 ASNs: a longer one is written as several of its type.
    func testLongSegmentIsSplit() throws {
        let asns = (1...300).map { UInt32(64_000 + $0) }
        let a = Example.memberRoute(asns)
        let decoded = try attributesRoundTrip(a)
        XCTAssertEqual(decoded.asPath?.segments.map(\.asns.count), [255, 45])
        XCTAssertEqual(decoded.asPath?.allASNs, a.asPath?.allASNs)
        XCTAssertEqual(decoded.asPath?.length, 300)
        XCTAssertEqual(attributeHeaders(BGPEncoder.pathAttributes(a)).first { $0.type == 2 }?.flags, 0x50)
    }

    func testAbbreviatedAndFullMPReach() throws {
        var a = PathAttributes()
        a.mpNextHop = MPNextHop(address: Example.ip("2001:db8::a"), linkLocal: Example.ip("fe80::a"))
        let abbreviated = BGPEncoder.pathAttributes(a)
        XCTAssertEqual(Array(abbreviated.prefix(4)), [0x80, 14, 33, 32])
        XCTAssertEqual(BGPEncoder.pathAttributes(a, mpReach: .omitted), [])

        let routes = [NLRI(pathID: 7, prefix: Example.prefix("2001:db8:100::/40"))]
        let full = BGPEncoder.pathAttributes(a, addPath: true, mpReach: .full(routes),
                                             mpUnreach: [NLRI(pathID: 8, prefix: Example.prefix("2001:db8:200::/48"))])
        XCTAssertEqual(Array(full.prefix(9)), [0x80, 14, 2 + 1 + 1 + 32 + 1 + 4 + 1 + 5, 0x00, 0x02, 0x01, 32, 0x20, 0x01])
        try full.withUnsafeBytes { raw in
            let wire = try WireAttributes(parsing: raw, asnSize: 4, addPath: true)
            XCTAssertEqual(wire.mpReach?.afi, 2)
            XCTAssertEqual(wire.mpReach?.safi, 1)
            XCTAssertEqual(wire.mpReach?.nextHop, a.mpNextHop)
            XCTAssertEqual(wire.mpReach?.nlri.map { Array($0) }, routes)
            XCTAssertEqual(wire.mpUnreach?.nlri.map { Array($0) }, [NLRI(pathID: 8, prefix: Example.prefix("2001:db8:200::/48"))])
            XCTAssertEqual(PathAttributes(wire), a)
        }
    }

    func testNLRIEncoding() throws {
        let entries = Example.nlri(["0.0.0.0/0", "10.0.0.0/8", "192.0.2.128/25", "198.51.100.7/32"])
        let bytes = BGPEncoder.nlri(entries, addPath: false)
        XCTAssertEqual(bytes, [0, 8, 10, 25, 192, 0, 2, 128, 32, 198, 51, 100, 7])
        try bytes.withUnsafeBytes { raw in
            XCTAssertEqual(Array(try NLRIList(bytes: raw, family: .ipv4, addPath: false)), entries)
        }
        let withIDs = [NLRI(pathID: 1, prefix: Example.prefix("2001:db8::/32")),
                       NLRI(pathID: 0xFFFF_FFFF, prefix: Example.prefix("::/0"))]
        let addPath = BGPEncoder.nlri(withIDs, addPath: true)
        XCTAssertEqual(addPath, [0, 0, 0, 1, 32, 0x20, 0x01, 0x0D, 0xB8, 0xFF, 0xFF, 0xFF, 0xFF, 0])
        try addPath.withUnsafeBytes { raw in
            XCTAssertEqual(Array(try NLRIList(bytes: raw, family: .ipv6, addPath: true)), withIDs)
        }
    }
}
