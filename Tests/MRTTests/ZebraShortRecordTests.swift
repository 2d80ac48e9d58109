import BGP
import MRT
import XCTest

/// Zebra's BGP4MP records shorter than RFC 6396 section 4.4 says, as in RIS files of
/// 2000-2002: read with what they carry, counted as "short, recovered".
final class ZebraShortRecordTests: XCTestCase {
    static let t: UInt32 = 1_000_000_000

    /// BGP4MP_STATE_CHANGE of 8 bytes: peer AS, local AS, old state, new state.
    static func shortStateChange(_ time: UInt32, peerAS: UInt16, old: UInt16, new: UInt16) -> [UInt8] {
        MRTBuilder.record(type: 16, subtype: 0, timestamp: time, body: BE.u16(peerAS) + BE.u16(12654) + BE.u16(old) + BE.u16(new))
    }

    /// BGP4MP_MESSAGE with an OPEN whose BGP length (45) claims 16 bytes of optional
    /// parameters the record does not hold: version 4, AS 3333, hold 180, id 193.0.0.56, then
    /// the optional parameters length (16) and no parameters.
    static func shortOpen(_ time: UInt32) -> [UInt8] {
        let open: [UInt8] = BGPBuilder.marker + BE.u16(45) + [1, 4] + BE.u16(3333) + BE.u16(180) + addressBytes("193.0.0.56") + [16]
        let body = BE.u16(3333) + BE.u16(12654) + BE.u16(0) + BE.u16(1) + addressBytes("193.0.0.56") + addressBytes("193.0.4.28") + open
        return MRTBuilder.record(type: 16, subtype: 1, timestamp: time, body: body)
    }

    func testShortStateChangesPrintAsTheReferenceDoes() throws {
        try ReferenceDecoder.require()
        let bytes = Self.shortStateChange(Self.t, peerAS: 3333, old: 1, new: 6) + Self.shortOpen(Self.t + 1)
            + Self.shortStateChange(Self.t + 2, peerAS: 3333, old: 6, new: 1)
        let reference = try ReferenceDecoder.lines(of: bytes, in: try scratchDirectory(self), name: "updates.20010915.0000")
        let result = try decode(bytes)
        XCTAssertEqual(result.lines, ["BGP4MP|1000000000|STATE|0.0.0.0|3333|1|6", "BGP4MP|1000000002|STATE|0.0.0.0|3333|6|1"])
        XCTAssertEqual(result.lines, reference)
        XCTAssertEqual(result.summary.recordsMalformed, 0)
        XCTAssertEqual(result.summary.shortRecordsRecovered.values.reduce(0, +), 3)
        XCTAssertEqual(result.summary.shortRecordsRecovered["BGP4MP_STATE_CHANGE of 8 bytes (Zebra: no interface, family or addresses)"], 2)
        XCTAssert(result.summary.report.joined(separator: "\n").contains("short, recovered: 1 x BGP4MP OPEN shorter than its BGP length (Zebra)"),
                  result.summary.report.joined(separator: "\n"))
    }

    func testTheShortOpenCarriesItsFixedFields() throws {
        var open: (UInt8, ASN, UInt16, UInt32)?
        _ = try decode(Self.shortOpen(Self.t)) { _, record in
            if case let .message(m) = record, case let .open(version, asn, hold, id) = m.message { open = (version, asn, hold, id) }
        }
        XCTAssertEqual(open?.0, 4)
        XCTAssertEqual(open?.1, ASN(3333))
        XCTAssertEqual(open?.2, 180)
        XCTAssertEqual(open?.3, 0xC100_0038)
    }

    /// BGP4MP_MESSAGE as rrc01's file of 2000-11-04 holds 21 of them (the first at offset
    /// 1913): peer AS 0, local AS 0, then the OPEN straight away, no interface, AFI or
    /// addresses: marker, length 29, type 1, version 4, AS 12390, hold time 180, BGP
    /// identifier 212.50.161.199, no optional parameters (33 bytes of body).
    static func unaddressedOpen(_ time: UInt32) -> [UInt8] {
        let open: [UInt8] = BGPBuilder.marker + BE.u16(29) + [1, 4] + BE.u16(12390) + BE.u16(180) + addressBytes("212.50.161.199") + [0]
        return MRTBuilder.record(type: 16, subtype: 1, timestamp: time, body: BE.u16(0) + BE.u16(0) + open)
    }

    func testAnOpenWithoutAddressesIsReadWithWhatItCarries() throws {
        var open: (ASN, UInt32, String)?
        let result = try decode(Self.unaddressedOpen(Self.t)) { _, record in
            if case let .message(m) = record, case let .open(_, asn, _, id) = m.message { open = (asn, id, m.peerAddress.description) }
        }
        XCTAssertEqual(result.summary.recordsMalformed, 0)
        XCTAssertEqual(result.summary.shortRecordsRecovered["BGP4MP message without interface, family or addresses (Zebra)"], 1)
        XCTAssertEqual(open?.0, ASN(12390))
        XCTAssertEqual(open?.1, 0xD432_A1C7)
        XCTAssertEqual(open?.2, "0.0.0.0")
        // The same bytes with an AFI where the marker starts are the usual layout's damage.
        var damaged = Self.unaddressedOpen(Self.t)
        damaged[12 + 4] = 0x00
        XCTAssertEqual(try decode(damaged).summary.recordsMalformed, 1)
    }
}
