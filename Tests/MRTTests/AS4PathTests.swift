import BGP
import MRT
import XCTest

/// AS4_PATH and AS4_AGGREGATOR on a 2-byte-ASN session (RFC 6793 section 4.2.3).
final class AS4PathTests: XCTestCase {
    static let session = MRTBuilder.Session(peerAS: 64496, localAS: 64511, peer: "192.0.2.1", local: "192.0.2.254")
    static let head = "BGP4MP|1400000000|A|192.0.2.1|64496|10.0.0.0/8|"

    /// AS_PATH 1 2 23456 23456 in 2-byte ASNs: 40 02 0A, AS_SEQUENCE of 4: 0001 0002 5BA0 5BA0.
    static let transPath = Attr.asPath([1, 2, 23456, 23456], asnSize: 2)
    /// AS4_PATH 196608 196609: C0 11 0A, AS_SEQUENCE of 2: 00030000 00030001.
    static let as4Path = Attr.as4Path([196_608, 196_609])

    /// One message of `subtype` (1: 2-byte ASNs, 4: 4-byte) announcing 10.0.0.0/8.
    func announce(_ attributes: [UInt8], subtype: UInt16 = 1, fixture: String = #function) throws -> (line: String?, attributes: PathAttributes?) {
        let update = BGPBuilder.update(attributes: Attr.origin(0) + attributes + Attr.nextHop("192.0.2.1"),
                                       nlri: BGPBuilder.nlri(["10.0.0.0/8"]))
        let bytes = MRTBuilder.message(subtype: subtype, timestamp: 1_400_000_000, session: Self.session, bgp: update)
        var owned: PathAttributes?
        let result = try decode(bytes, fixture: fixture) { _, record in
            guard case let .message(m) = record, case let .update(u) = m.message else { return }
            owned = PathAttributes(u.attributes)
        }
        XCTAssertEqual(result.summary.recordsMalformed, 0, "\(result.issues)")
        return (result.lines.first, owned)
    }

    func testAS4PathFillsInTheASTransEntries() throws {
        XCTAssertEqual(Self.transPath, [0x40, 0x02, 0x0A, 0x02, 0x04, 0x00, 0x01, 0x00, 0x02, 0x5B, 0xA0, 0x5B, 0xA0])
        XCTAssertEqual(Self.as4Path, [0xC0, 0x11, 0x0A, 0x02, 0x02, 0x00, 0x03, 0x00, 0x00, 0x00, 0x03, 0x00, 0x01])
        // AS_PATH has 4 ASNs, AS4_PATH 2: keep the leading 4 - 2 of AS_PATH, then AS4_PATH.
        let (line, attributes) = try announce(Self.transPath + Self.as4Path)
        XCTAssertEqual(line, Self.head + "1 2 196608 196609|IGP|192.0.2.1|0|0||NAG||")
        XCTAssertEqual(attributes?.asPath, ASPath(sequence: [1, 2, 196_608, 196_609]))
    }

    func testAS4PathLongerThanASPathIsIgnored() throws {
        // AS_PATH 1 23456 (2 ASNs) with AS4_PATH 196608 196609 196610 (3): AS_PATH stands.
        let (line, attributes) = try announce(Attr.asPath([1, 23456], asnSize: 2) + Attr.as4Path([196_608, 196_609, 196_610]))
        XCTAssertEqual(line, Self.head + "1 23456|IGP|192.0.2.1|0|0||NAG||")
        XCTAssertEqual(attributes?.asPath, ASPath(sequence: [1, 23456]))
    }

    func testAggregatorOtherThanASTransMakesBothAS4AttributesIgnored() throws {
        // AGGREGATOR (2-byte) 64500 192.0.2.9 and AS4_AGGREGATOR 196610 198.51.100.9: the
        // AGGREGATOR does not name AS_TRANS, so AS4_AGGREGATOR and AS4_PATH are both ignored.
        let aggregator = Attr.aggregator(asn: 64500, address: "192.0.2.9", asnSize: 2)
        XCTAssertEqual(aggregator, [0xC0, 0x07, 0x06, 0xFB, 0xF4, 192, 0, 2, 9])
        let (line, attributes) = try announce(Self.transPath + Self.as4Path + aggregator
            + Attr.as4Aggregator(asn: 196_610, address: "198.51.100.9"))
        XCTAssertEqual(line, Self.head + "1 2 23456 23456|IGP|192.0.2.1|0|0||NAG|64500 192.0.2.9|")
        XCTAssertEqual(attributes?.asPath, ASPath(sequence: [1, 2, 23456, 23456]))
        XCTAssertEqual(attributes?.aggregator, Aggregator(asn: ASN(64500), address: IPAddress("192.0.2.9")!))
    }

    func testASTransAggregatorTakesTheAS4Aggregator() throws {
        // AGGREGATOR 23456 192.0.2.9 + AS4_AGGREGATOR 196610 198.51.100.9: the 4-byte one is
        // the aggregator, and AS4_PATH is merged as usual.
        let (line, attributes) = try announce(Self.transPath + Self.as4Path
            + Attr.aggregator(asn: 23456, address: "192.0.2.9", asnSize: 2)
            + Attr.as4Aggregator(asn: 196_610, address: "198.51.100.9"))
        XCTAssertEqual(line, Self.head + "1 2 196608 196609|IGP|192.0.2.1|0|0||NAG|196610 198.51.100.9|")
        XCTAssertEqual(attributes?.aggregator, Aggregator(asn: ASN(196_610), address: IPAddress("198.51.100.9")!))
        XCTAssertEqual(attributes?.asPath, ASPath(sequence: [1, 2, 196_608, 196_609]))
    }

    func testFourByteMessageIgnoresAS4Attributes() throws {
        // MESSAGE_AS4 (subtype 4): AS_PATH already has 4-byte ASNs; AS4_PATH and
        // AS4_AGGREGATOR are not applied (RFC 6793 4.1: a NEW speaker does not use them).
        let (line, attributes) = try announce(Attr.asPath([1, 2, 23456, 23456]) + Self.as4Path
            + Attr.aggregator(asn: 23456, address: "192.0.2.9") + Attr.as4Aggregator(asn: 196_610, address: "198.51.100.9"),
            subtype: 4)
        XCTAssertEqual(line, Self.head + "1 2 23456 23456|IGP|192.0.2.1|0|0||NAG|23456 192.0.2.9|")
        XCTAssertEqual(attributes?.asPath, ASPath(sequence: [1, 2, 23456, 23456]))
        XCTAssertEqual(attributes?.aggregator?.asn, ASN.trans)
    }
}
