import BGP
import MRT
import XCTest

/// Splitting the byte stream into records (RFC 6396 2-3): headers, truncation, corrupt
/// lengths, empty input, types that are not decoded.
final class FramingTests: XCTestCase {
    static let session = MRTBuilder.Session(peerAS: 64496, localAS: 64511, peer: "192.0.2.1", local: "192.0.2.254")

    /// A withdrawal of `prefix` at `timestamp`: 12 header + 16 session + 23 BGP + 4 NLRI bytes.
    static func withdrawal(_ timestamp: UInt32, _ prefix: String = "192.0.2.0/24") -> [UInt8] {
        MRTBuilder.message(subtype: 1, timestamp: timestamp, session: session,
                           bgp: BGPBuilder.update(withdrawn: BGPBuilder.nlri([prefix])))
    }

    func testReaderHeaders() throws {
        // Record 1: plain header, body 43 bytes. Record 2: BGP4MP_ET, length field 4 + 24
        // (microseconds + state change body). Record 3: an unsupported type 11 (OSPFv2).
        let first = Self.withdrawal(7)
        XCTAssertEqual(first.count, 12 + 16 + 19 + 4 + 4)
        let second = MRTBuilder.stateChange(as4: true, timestamp: 8, microseconds: 123_456, session: Self.session, old: 1, new: 2)
        XCTAssertEqual(Array(second[8..<16]), [0, 0, 0, 28,  0x00, 0x01, 0xE2, 0x40], "length 28, then microseconds 123456")
        let third = MRTBuilder.record(type: 11, subtype: 0, timestamp: 9, body: [1, 2, 3])
        let reader = MRTReader(input: try MRTInput(bytes: first + second + third))
        var headers: [RecordHeader] = []
        var bodies: [[UInt8]] = []
        while let record = try reader.next() {
            headers.append(record.header)
            bodies.append(Array(record.body))
        }
        XCTAssertEqual(headers, [
            RecordHeader(timestamp: 7, type: 16, subtype: 1, length: 43, microseconds: nil, offset: 0),
            RecordHeader(timestamp: 8, type: 17, subtype: 5, length: 24, microseconds: 123_456, offset: 55),
            RecordHeader(timestamp: 9, type: 11, subtype: 0, length: 3, microseconds: nil, offset: 55 + 40),
        ])
        XCTAssertEqual(bodies.map(\.count), [43, 24, 3])
        XCTAssertEqual(bodies.last, [1, 2, 3])
        XCTAssertNil(try reader.next(), "the end stays the end")
        XCTAssertEqual(reader.input.uncompressedOffset, Int64(first.count + second.count + third.count))
    }

    func testTruncatedInTheMiddleOfARecord() throws {
        // Two whole records, then the first 20 bytes of a third (55 bytes long).
        let whole = Self.withdrawal(1) + Self.withdrawal(2, "198.51.100.0/24")
        let result = try decode(whole + Array(Self.withdrawal(3).prefix(20)))
        XCTAssertEqual(result.lines, ["BGP4MP|1|W|192.0.2.1|64496|192.0.2.0/24", "BGP4MP|2|W|192.0.2.1|64496|198.51.100.0/24"])
        XCTAssertEqual(result.summary.recordsRead, 2)
        XCTAssertEqual(result.summary.stops.count, 1)
        let stop = try XCTUnwrap(result.summary.stops.first)
        XCTAssert(stop.contains("the record at offset \(whole.count) needs 55 bytes but the file ends after 20"), stop)
        XCTAssert(stop.contains("truncated"), stop)
        XCTAssertFalse(result.summary.clean)
    }

    func testTruncatedInsideTheCommonHeader() throws {
        let one = Self.withdrawal(1)
        let result = try decode(one + [0, 0, 0, 2, 0])
        XCTAssertEqual(result.lines.count, 1)
        XCTAssertEqual(result.summary.stops.count, 1)
        XCTAssert(result.summary.stops[0].contains("the record at offset \(one.count) needs 12 bytes but the file ends after 5"),
                  result.summary.stops[0])
    }

    func testRecordLengthAbove16MiBIsSkippedToTheNextRecord() throws {
        // A header claiming 16 MiB + 1 body bytes (00 01 00 00 01) after one good record, 100
        // bytes of zeros, then a good record: the search finds it, the 112 bytes are reported.
        let one = Self.withdrawal(1)
        let corrupt = BE.u32(2) + BE.u16(16) + BE.u16(1) + BE.u32(16 << 20 + 1) + [UInt8](repeating: 0, count: 100)
        XCTAssertEqual(MRTReader.maximumRecordLength, 16 << 20)
        let result = try decode(one + corrupt + Self.withdrawal(3))
        XCTAssertEqual(result.lines, ["BGP4MP|1|W|192.0.2.1|64496|192.0.2.0/24", "BGP4MP|3|W|192.0.2.1|64496|192.0.2.0/24"])
        XCTAssertEqual(result.summary.stops, [])
        XCTAssertEqual(result.summary.skippedRanges.map(\.offset), [Int64(one.count)])
        XCTAssertEqual(result.summary.skippedRanges.map(\.length), [112])
        let reason = try XCTUnwrap(result.summary.skippedRanges.first).description
        XCTAssert(reason.contains("length 16777217 is longer than any real MRT record (limit 16777216 bytes)"), reason)
        XCTAssert(reason.contains("112 bytes skipped at offset \(one.count)-\(one.count + 111)"), reason)
        XCTAssertFalse(result.summary.clean)
    }

    func testExtendedHeaderShorterThanItsMicroseconds() throws {
        // BGP4MP_ET whose length field is 3: it cannot even hold the 4 microsecond bytes. The
        // record after it has timestamp 2, not one of the MRT era, and with no good record
        // before it to be near, it is not taken for a record: the rest of the file is skipped.
        let bad = BE.u32(1) + BE.u16(17) + BE.u16(4) + BE.u32(3) + BE.u32(0)
        let result = try decode(bad + Self.withdrawal(2))
        XCTAssertEqual(result.lines, [])
        XCTAssertEqual(result.summary.skippedRanges.count, 1)
        let range = try XCTUnwrap(result.summary.skippedRanges.first)
        XCTAssertEqual(range.offset, 0)
        XCTAssertEqual(range.length, Int64(bad.count + Self.withdrawal(2).count))
        XCTAssert(range.reason.contains("offset 0 is damaged: length 3"), range.reason)
        XCTAssert(range.reason.contains("no record header after it"), range.reason)
    }

    func testEmptyInput() throws {
        let input = try MRTInput(bytes: [])
        XCTAssertEqual(input.compression, .none)
        let result = try decode([])
        XCTAssertEqual(result.lines, [])
        XCTAssertEqual(result.summary.recordsRead, 0)
        XCTAssertEqual(result.summary.stops, [])
        XCTAssertTrue(result.summary.clean)
    }

    func testUnsupportedTypesAreCountedAndSkipped() throws {
        // Type 11 (OSPFv2), TABLE_DUMP_V2 subtype 7 (not assigned to a RIB), BGP4MP subtype 3
        // (the deprecated ENTRY): read, counted by kind, not decoded; decoding goes on.
        let bytes = MRTBuilder.record(type: 11, subtype: 0, timestamp: 1, body: [0, 0])
            + MRTBuilder.record(type: 13, subtype: 7, timestamp: 1, body: [])
            + MRTBuilder.record(type: 16, subtype: 3, timestamp: 1, body: [9])
            + Self.withdrawal(2)
        let result = try decode(bytes)
        XCTAssertEqual(result.lines, ["BGP4MP|2|W|192.0.2.1|64496|192.0.2.0/24"])
        XCTAssertEqual(result.summary.recordsRead, 4)
        XCTAssertEqual(result.summary.recordsUnsupported, 3)
        XCTAssertEqual(result.summary.recordsDecoded, 1)
        XCTAssertEqual(result.summary.unsupportedByKind,
                       ["OSPF": 1, "TABLE_DUMP_V2 subtype 7": 1, "BGP4MP subtype 3": 1])
        XCTAssertTrue(result.summary.clean)
    }
}
