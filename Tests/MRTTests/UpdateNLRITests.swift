import BGP
import MRT
import XCTest

/// Reachability in UPDATE messages: classic NLRI and withdrawals, MP_REACH_NLRI and
/// MP_UNREACH_NLRI (RFC 4760), their line order, prefix masking and a cut-off last prefix.
final class UpdateNLRITests: XCTestCase {
    static let v4 = MRTBuilder.Session(peerAS: 64496, localAS: 64511, peer: "192.0.2.1", local: "192.0.2.254")
    static let v6 = MRTBuilder.Session(peerAS: 64496, localAS: 64511, peer: "2001:db8::1", local: "2001:db8::fe")

    func record(_ update: [UInt8], session: MRTBuilder.Session = v4, timestamp: UInt32 = 1_400_000_000) -> [UInt8] {
        MRTBuilder.message(subtype: 4, timestamp: timestamp, session: session, bgp: update)
    }

    func testMPReachIPv6FullForm() throws {
        // MP_REACH_NLRI: AFI 2, SAFI 1, next-hop length 32 (global 2001:db8::1 + link-local
        // fe80::1), reserved 0, NLRI 2001:db8:1::/48 and 2001:db8:2::/48 (each 30 + 6 octets).
        let mpReach = Attr.mpReach(afi: 2, nextHops: ["2001:db8::1", "fe80::1"],
                                   nlri: BGPBuilder.nlri(["2001:db8:1::/48", "2001:db8:2::/48"]))
        XCTAssertEqual(Array(mpReach.prefix(7)), [0x80, 0x0E, 51,  0x00, 0x02,  0x01,  0x20])
        XCTAssertEqual(Array(mpReach.suffix(15)), [0x00,  0x30, 0x20, 0x01, 0x0D, 0xB8, 0x00, 0x01,  0x30, 0x20, 0x01, 0x0D, 0xB8, 0x00, 0x02])
        let update = BGPBuilder.update(attributes: Attr.origin(0) + Attr.asPath([64496, 64500]) + mpReach
            + Attr.localPref(100) + Attr.med(4_294_967_295))
        var values: (afi: UInt16?, safi: UInt8?, count: Int?, nextHop: MPNextHop?)?
        let result = try decode(record(update, session: Self.v6)) { _, record in
            guard case let .message(m) = record, case let .update(u) = m.message else { return }
            let mp = u.attributes.mpReach
            values = (mp?.afi, mp?.safi, mp?.nlri?.count, PathAttributes(u.attributes).mpNextHop)
        }
        XCTAssertEqual(result.lines, [
            "BGP4MP|1400000000|A|2001:db8::1|64496|2001:db8:1::/48|64496 64500|IGP|2001:db8::1|100|4294967295||NAG||",
            "BGP4MP|1400000000|A|2001:db8::1|64496|2001:db8:2::/48|64496 64500|IGP|2001:db8::1|100|4294967295||NAG||",
        ])
        XCTAssertEqual(values?.afi, 2)
        XCTAssertEqual(values?.safi, 1)
        XCTAssertEqual(values?.count, 2)
        XCTAssertEqual(values?.nextHop, MPNextHop(address: IPAddress("2001:db8::1")!, linkLocal: IPAddress("fe80::1")!))
    }

    func testMPReachIPv4PrintsLocalPrefAndMEDSigned() throws {
        // One UPDATE: classic NLRI 203.0.113.0/24 via NEXT_HOP 192.0.2.2, and MP_REACH AFI 1
        // SAFI 1 next hop 192.0.2.1 (length 4) for 198.51.100.0/24. LOCAL_PREF 100, MED
        // 0xFFFFFFFF: the reference prints MED -1 on the MP route (%d), 4294967295 on the classic one.
        let update = BGPBuilder.update(
            attributes: Attr.origin(0) + Attr.asPath([64496]) + Attr.nextHop("192.0.2.2") + Attr.localPref(100)
                + Attr.med(4_294_967_295) + Attr.mpReach(afi: 1, nextHops: ["192.0.2.1"], nlri: BGPBuilder.nlri(["198.51.100.0/24"])),
            nlri: BGPBuilder.nlri(["203.0.113.0/24"]))
        let result = try decode(record(update))
        XCTAssertEqual(result.lines, [
            "BGP4MP|1400000000|A|192.0.2.1|64496|203.0.113.0/24|64496|IGP|192.0.2.2|100|4294967295||NAG||",
            "BGP4MP|1400000000|A|192.0.2.1|64496|198.51.100.0/24|64496|IGP|192.0.2.1|100|-1||NAG||",
        ])
    }

    func testMPUnreach() throws {
        // MP_UNREACH_NLRI: AFI 2, SAFI 1, then 2001:db8:dead::/48 and 2001:db8:beef::/48
        // (17 value bytes); and one for AFI 1 withdrawing 198.51.100.0/24.
        let v6 = Attr.mpUnreach(afi: 2, nlri: BGPBuilder.nlri(["2001:db8:dead::/48", "2001:db8:beef::/48"]))
        XCTAssertEqual(v6, [0x80, 0x0F, 17,  0x00, 0x02,  0x01,  0x30, 0x20, 0x01, 0x0D, 0xB8, 0xDE, 0xAD,
                            0x30, 0x20, 0x01, 0x0D, 0xB8, 0xBE, 0xEF])
        let v4 = Attr.mpUnreach(afi: 1, nlri: BGPBuilder.nlri(["198.51.100.0/24"]))
        let bytes = record(BGPBuilder.update(attributes: v6), session: Self.v6, timestamp: 1)
            + record(BGPBuilder.update(attributes: v4), timestamp: 2)
        var withdrawn: [[Prefix]] = []
        let result = try decode(bytes) { _, record in
            guard case let .message(m) = record, case let .update(u) = m.message else { return }
            withdrawn.append(u.attributes.mpUnreach?.nlri?.map(\.prefix) ?? [])
        }
        XCTAssertEqual(result.lines, [
            "BGP4MP|1|W|2001:db8::1|64496|2001:db8:dead::/48",
            "BGP4MP|1|W|2001:db8::1|64496|2001:db8:beef::/48",
            "BGP4MP|2|W|192.0.2.1|64496|198.51.100.0/24",
        ])
        XCTAssertEqual(withdrawn, [[Prefix("2001:db8:dead::/48")!, Prefix("2001:db8:beef::/48")!], [Prefix("198.51.100.0/24")!]])
    }

    func testLineOrderWithinOneUpdate() throws {
        // On the wire: withdrawn 203.0.113.0/24; attributes MP_REACH (2001:db8:beef::/48) first
        // and MP_UNREACH (2001:db8:dead::/48) last; NLRI 198.51.100.0/24. The lines come out
        // classic withdrawals, MP withdrawals, classic announcements, MP announcements.
        let update = BGPBuilder.update(
            withdrawn: BGPBuilder.nlri(["203.0.113.0/24"]),
            attributes: Attr.mpReach(afi: 2, nextHops: ["2001:db8::1"], nlri: BGPBuilder.nlri(["2001:db8:beef::/48"]))
                + Attr.origin(0) + Attr.asPath([64496]) + Attr.nextHop("192.0.2.1")
                + Attr.mpUnreach(afi: 2, nlri: BGPBuilder.nlri(["2001:db8:dead::/48"])),
            nlri: BGPBuilder.nlri(["198.51.100.0/24"]))
        var routes = 0
        let result = try decode(record(update)) { _, record in routes = record.routeCount }
        XCTAssertEqual(result.lines, [
            "BGP4MP|1400000000|W|192.0.2.1|64496|203.0.113.0/24",
            "BGP4MP|1400000000|W|192.0.2.1|64496|2001:db8:dead::/48",
            "BGP4MP|1400000000|A|192.0.2.1|64496|198.51.100.0/24|64496|IGP|192.0.2.1|0|0||NAG||",
            "BGP4MP|1400000000|A|192.0.2.1|64496|2001:db8:beef::/48|64496|IGP|2001:db8::1|0|0||NAG||",
        ])
        XCTAssertEqual(routes, 4)
    }

    func testNLRIHostBitsPastTheMaskAreCleared() throws {
        // [9, 10, 255] is 10.255.0.0/9 on the wire: bit 9 onward is host part -> 10.128.0.0/9.
        // [25, 192, 0, 2, 255] -> 192.0.2.128/25; withdrawn [31, 198, 51, 100, 7] -> 198.51.100.6/31;
        // MP [33, 20 01 0D B8 FF] -> 2001:db8:8000::/33. "10.1.2.3/8" puts only [8, 10] on the wire.
        let announced = BGPBuilder.nlri(["10.255.0.0/9", "192.0.2.255/25", "10.1.2.3/8"])
        XCTAssertEqual(announced, [9, 10, 255,  25, 192, 0, 2, 255,  8, 10])
        let update = BGPBuilder.update(
            withdrawn: BGPBuilder.nlri(["198.51.100.7/31"]),
            attributes: Attr.origin(0) + Attr.asPath([64496]) + Attr.nextHop("192.0.2.1")
                + Attr.mpReach(afi: 2, nextHops: ["2001:db8::1"], nlri: BGPBuilder.nlri(["2001:db8:ffff::/33"])),
            nlri: announced)
        let result = try decode(record(update))
        let tail = "|64496|IGP|192.0.2.1|0|0||NAG||"
        XCTAssertEqual(result.lines, [
            "BGP4MP|1400000000|W|192.0.2.1|64496|198.51.100.6/31",
            "BGP4MP|1400000000|A|192.0.2.1|64496|10.128.0.0/9" + tail,
            "BGP4MP|1400000000|A|192.0.2.1|64496|192.0.2.128/25" + tail,
            "BGP4MP|1400000000|A|192.0.2.1|64496|10.0.0.0/8" + tail,
            "BGP4MP|1400000000|A|192.0.2.1|64496|2001:db8:8000::/33|64496|IGP|2001:db8::1|0|0||NAG||",
        ])
    }

    func testCutOffLastPrefixKeepsTheCompleteOnes() throws {
        // NLRI [24, 198, 51, 100] then [16, 10]: a /16 needs 2 octets, 1 is left. A good record
        // comes first so the partly decoded one sits at a known offset.
        let first = record(BGPBuilder.update(withdrawn: BGPBuilder.nlri(["192.0.2.0/24"])), timestamp: 1)
        let cut = BGPBuilder.update(attributes: Attr.origin(0) + Attr.asPath([64496]) + Attr.nextHop("192.0.2.1"),
                                    nlri: [24, 198, 51, 100,  16, 10])
        let second = record(cut, timestamp: 2)
        let result = try decode(first + second)
        XCTAssertEqual(result.lines, [
            "BGP4MP|1|W|192.0.2.1|64496|192.0.2.0/24",
            "BGP4MP|2|A|192.0.2.1|64496|198.51.100.0/24|64496|IGP|192.0.2.1|0|0||NAG||",
        ])
        XCTAssertEqual(result.summary.recordsWithIncompleteNLRI, 1)
        XCTAssertEqual(result.summary.recordsMalformed, 0)
        XCTAssertEqual(result.summary.recordsDecoded, 2)
        XCTAssertEqual(result.issues.count, 1)
        let issue = try XCTUnwrap(result.issues.first)
        XCTAssertFalse(issue.skipped)
        XCTAssertEqual(issue.recordOffset, Int64(first.count))
        XCTAssertEqual(issue.error.field, "NLRI")
        // The cut prefix starts after the MESSAGE_AS4 session header (4 + 4 + 2 + 2 + 4 + 4),
        // BGP header (19), the two length fields (4), the attributes (4 + 9 + 7) and the
        // complete prefix (4): body byte 67.
        XCTAssertEqual(issue.error.offset, 20 + 19 + 4 + 20 + 4)
        XCTAssertEqual(second[12 + issue.error.offset], 16, "the cut prefix's length byte")
        XCTAssert(issue.description.contains("partly decoded"), issue.description)
    }
}
