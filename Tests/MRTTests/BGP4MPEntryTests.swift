import BGP
import MRT
import XCTest

/// BGP4MP_ENTRY (BGP4MP subtype 2, the MRT drafts before RFC 6396) as OpenBGPD's
/// `dump table-mp` writes it: printed as TABLE_DUMP lines, like the same table dumped with
/// `dump table`.
final class BGP4MPEntryTests: XCTestCase {
    /// OpenBGPD's layout (mrt.c, mrt_dump_entry_mp): local AS, peer AS, interface index, AFI,
    /// local address, peer address, view, status, time of last change, AFI, SAFI, next-hop
    /// length, next hop, prefix (length + octets), attribute length, attributes (no next hop).
    static func entry(afi: UInt16, local: String, peer: String, nextHop: String, prefix: String, attributes: [UInt8]) -> [UInt8] {
        var body = BE.u16(64511) + BE.u16(64496) + BE.u16(0) + BE.u16(afi) + addressBytes(local) + addressBytes(peer)
        body += BE.u16(0) + BE.u16(1) + BE.u32(1_700_000_000)
        let hop = addressBytes(nextHop)
        body += BE.u16(isIPv6(prefix) ? 2 : 1) + [1, UInt8(hop.count)] + hop + BGPBuilder.prefix(prefix)
        body += BE.u16(attributes.count) + attributes
        return MRTBuilder.record(type: 16, subtype: 2, timestamp: 1_700_000_100, body: body)
    }

    func testIPv4AndIPv6EntriesPrintAsTableDumpLines() throws {
        // 2-byte AS_PATH; AGGREGATOR in its 8-byte form, as OpenBGPD keeps it.
        let attributes = Attr.origin(0) + Attr.asPath([64496, 64497], asnSize: 2) + Attr.localPref(100)
            + Attr.aggregator(asn: 4_200_000_001, address: "192.0.2.9", asnSize: 4)
        let v4 = Self.entry(afi: 1, local: "192.0.2.254", peer: "192.0.2.1", nextHop: "192.0.2.1", prefix: "203.0.113.0/24", attributes: attributes)
        XCTAssertEqual(Array(v4[12..<24]), [0xFB, 0xFF, 0xFB, 0xF0, 0, 0, 0, 1, 192, 0, 2, 254])
        let v6 = Self.entry(afi: 2, local: "2001:db8::fe", peer: "2001:db8::1", nextHop: "2001:db8::1", prefix: "2001:db8:100::/40",
                            attributes: Attr.origin(1) + Attr.asPath([64496], asnSize: 2))
        var json: [UInt8] = []
        let result = try decode(v4 + v6) { header, record in JSONLineWriter().write(record, header: header, to: &json) }
        XCTAssertEqual(result.lines, [
            "TABLE_DUMP|1700000100|B|192.0.2.1|64496|203.0.113.0/24|64496 64497|IGP|192.0.2.1|100|0||NAG|4200000001 192.0.2.9|",
            "TABLE_DUMP|1700000100|B|2001:db8::1|64496|2001:db8:100::/40|64496|EGP|2001:db8::1|0|0||NAG||",
        ])
        XCTAssertEqual(result.summary.recordsDecoded, 2)
        XCTAssertEqual(result.summary.recordsUnsupported, 0)
        XCTAssertEqual(result.summary.aggregatorsReadAsFourByte, 1)
        let text = String(decoding: json, as: UTF8.self)
        XCTAssert(text.contains("\"local\":\"192.0.2.254\",\"local_asn\":64511"), text)
        XCTAssert(text.contains("\"next_hop\":\"192.0.2.1\""), text)
        XCTAssert(text.contains("\"mp_next_hop\":\"2001:db8::1\""), text)
    }

    func testCutShortEntryIsReportedWithItsField() throws {
        var record = Self.entry(afi: 1, local: "192.0.2.254", peer: "192.0.2.1", nextHop: "192.0.2.1", prefix: "10.0.0.0/8",
                                attributes: Attr.origin(0))
        record.removeLast(3)
        record.replaceSubrange(8..<12, with: BE.u32(UInt32(record.count - 12)))
        let result = try decode(record)
        XCTAssertEqual(result.summary.recordsMalformed, 1)
        XCTAssertEqual(result.issues.first?.error.field, "attribute length")
    }
}
