import MRT
import XCTest

/// What a gzip member (RFC 1952 section 2.3) may carry besides its deflate data, and the
/// trailer checks inflate makes: each case built from a member zlib wrote, changed byte by byte.
final class GzipMemberTests: XCTestCase {
    static let stream = SyntheticStream(records: 120)
    static let plainLines = try! decode(stream.bytes).lines

    /// zlib's member: 1F 8B, method 8, flags 0, MTIME (4), XFL, OS, then deflate data, then
    /// CRC-32 and ISIZE (4 bytes each, little-endian).
    static func member(_ bytes: [UInt8]) -> [UInt8] {
        let member = Compressor.gzip(bytes)
        precondition(member[0] == 0x1F && member[1] == 0x8B && member[2] == 8 && member[3] == 0)
        return member
    }

    func testOptionalHeaderFieldsAreSkipped() throws {
        // FLG (byte 3): FEXTRA 4 | FNAME 8 | FCOMMENT 16 | FHCRC 2. After the 10 fixed bytes:
        // XLEN (2, little-endian) and the extra field, the zero-ended name, the zero-ended
        // comment, then CRC16: the low 16 bits of the CRC-32 of every header byte before it.
        let member = Self.member(Self.stream.bytes)
        var header = Array(member[0..<10])
        header[3] = 4 | 8 | 16 | 2
        header += [6, 0] + Array("AP\u{2}\0xy".utf8)
        header += Array("updates.20261121.0000".utf8) + [0]
        header += Array("written by a route server".utf8) + [0]
        let crc = Self.crc32(header)
        header += [UInt8(crc & 0xFF), UInt8(crc >> 8 & 0xFF)]
        let result = try decode(header + member[10...])
        XCTAssertEqual(result.lines, Self.plainLines)
        XCTAssertTrue(result.summary.clean, "\(result.summary.report)")
    }

    func testAWrongCRCIsReportedAfterEveryRecordOfTheMember() throws {
        var member = Self.member(Self.stream.bytes)
        member[member.count - 8] ^= 0x01
        let result = try decode(member)
        // The trailer is checked once the member's data is out: every record was decoded.
        XCTAssertEqual(result.lines, Self.plainLines)
        XCTAssertEqual(result.summary.stops.count, 1)
        let stop = try XCTUnwrap(result.summary.stops.first)
        XCTAssert(stop.contains("corrupt gzip data at compressed offset"), stop)
        XCTAssert(stop.contains("CRC-32"), stop)
    }

    func testAWrongLengthIsReported() throws {
        var member = Self.member(Self.stream.bytes)
        member[member.count - 4] ^= 0x01
        let result = try decode(member)
        XCTAssertEqual(result.summary.stops.count, 1)
        XCTAssert(result.summary.stops[0].contains("does not match its data"), result.summary.stops[0])
    }

    func testDamagedDeflateDataKeepsTheRecordsBeforeIt() throws {
        // A stored-block header with a length whose complement does not match (RFC 1951
        // section 3.2.4), placed after a first, intact member.
        let records = Self.stream.records
        let first = Array(records[..<40].joined())
        var second = Self.member(Array(records[40...].joined()))
        second.replaceSubrange(10..., with: [0x00, 0x05, 0x00, 0x05, 0x00] + [UInt8](repeating: 0x41, count: 64))
        let result = try decode(Self.member(first) + second)
        XCTAssertEqual(result.summary.recordsRead, 40)
        XCTAssertEqual(result.lines, Array(Self.plainLines.prefix(Self.stream.lineCounts.prefix(40).reduce(0, +))))
        XCTAssertEqual(result.summary.stops.count, 1)
        XCTAssert(result.summary.stops[0].contains("corrupt gzip data"), result.summary.stops[0])
    }

    func testAnEmptyMemberBetweenTwoIsNothing() throws {
        let records = Self.stream.records
        let file = Self.member(Array(records[..<60].joined())) + Self.member([]) + Self.member(Array(records[60...].joined()))
        let result = try decode(file)
        XCTAssertEqual(result.lines, Self.plainLines)
        XCTAssertTrue(result.summary.clean, "\(result.summary.report)")
    }

    func testGarbageAfterTheLastMemberIsReported() throws {
        let file = Self.member(Self.stream.bytes) + Array("not gzip".utf8)
        let result = try decode(file)
        XCTAssertEqual(result.lines, Self.plainLines)
        XCTAssertEqual(result.summary.stops.count, 1)
        XCTAssert(result.summary.stops[0].contains("corrupt gzip data"), result.summary.stops[0])
    }

    func testMembersDribbledThroughANamedPipeArriveWhole() throws {
        // Three members, one of them empty, written 1 to 13 bytes at a time with a pause after
        // each: inflate is handed headers, deflate data and trailers cut anywhere, including
        // between two members, and must ask for the rest rather than stop.
        let noise = DecompressionThreadTests.noise(count: 40_000)
        let file = Self.member(Array(noise[..<25_000])) + Self.member([]) + Self.member(Array(noise[25_000...]))
        let pipe = try NamedPipe(name: "gzip-fifo")
        defer { pipe.remove() }
        pipe.feed(file, piece: { $0 % 13 + 1 }, pause: 20)
        let input = try MRTInput(path: pipe.path)
        XCTAssertEqual(input.compression, .gzip)
        XCTAssert(try readAll(input) == noise)
    }

    /// CRC-32 of RFC 1952 section 8 (reflected, polynomial 0xEDB88320), bit by bit.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
