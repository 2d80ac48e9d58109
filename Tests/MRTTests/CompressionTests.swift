import Foundation
import MRT
import XCTest

/// Compressed input: multi-member gzip (RFC 1952 2.2), concatenated bzip2 streams, truncated
/// and corrupt files, and detection of the format from the content.
final class CompressionTests: XCTestCase {
    static let stream = SyntheticStream(records: 300)

    /// Lines of the plain bytes: what every compressed form must reproduce.
    static let plainLines = try! decode(stream.bytes).lines

    func testPlainReferenceDecodesEveryRecord() throws {
        let result = try decode(Self.stream.bytes)
        XCTAssertEqual(result.lines.count, Self.stream.totalLines)
        XCTAssertEqual(result.summary.recordsDecoded, 300)
        XCTAssertTrue(result.summary.clean, "\(result.summary.report)")
    }

    func testGzipWithTwoMembers() throws {
        // The split falls inside a record: its first bytes end member 1, the rest start member 2.
        let plain = Self.stream.bytes
        let split = plain.count / 2 + 7
        XCTAssertFalse(Self.stream.recordEnds.contains(split))
        let first = Compressor.gzip(Array(plain[..<split]))
        let file = first + Compressor.gzip(Array(plain[split...]))
        XCTAssertEqual(Array(file[first.count..<(first.count + 2)]), [0x1F, 0x8B], "member 2 starts with the gzip magic")
        XCTAssertEqual(try MRTInput(bytes: file).compression, .gzip)
        let result = try decode(file)
        XCTAssertEqual(result.lines, Self.plainLines)
        XCTAssertEqual(result.summary.recordsRead, 300)
        XCTAssertEqual(result.summary.uncompressedBytes, Int64(plain.count))
        XCTAssertTrue(result.summary.clean, "\(result.summary.report)")
    }

    func testBzip2WithTwoStreams() throws {
        let plain = Self.stream.bytes
        let split = plain.count / 3 + 5
        XCTAssertFalse(Self.stream.recordEnds.contains(split))
        let file = Compressor.bzip2Streams([Array(plain[..<split]), Array(plain[split...])])
        XCTAssertEqual(try MRTInput(bytes: file).compression, .bzip2)
        let result = try decode(file)
        XCTAssertEqual(result.lines, Self.plainLines)
        XCTAssertEqual(result.summary.uncompressedBytes, Int64(plain.count))
        XCTAssertTrue(result.summary.clean, "\(result.summary.report)")
    }

    func testTruncatedGzipKeepsWhatWasDecoded() throws {
        let plain = Self.stream.bytes
        let gzip = Compressor.gzip(plain)
        let cut = Array(gzip.prefix(gzip.count * 6 / 10))
        let result = try decode(cut)
        XCTAssertEqual(result.summary.stops.count, 1)
        let stop = try XCTUnwrap(result.summary.stops.first)
        // "<memory>: gzip stream ends early at compressed offset C (uncompressed offset U); ..."
        XCTAssert(stop.contains("gzip stream ends early at compressed offset \(cut.count) (uncompressed offset "), stop)
        let produced = try XCTUnwrap(Self.number(after: "(uncompressed offset ", in: stop))
        XCTAssertGreaterThan(produced, 0)
        XCTAssertLessThan(produced, plain.count)
        // Exactly the records that end within the produced bytes were decoded, in order.
        let complete = Self.stream.recordEnds.filter { $0 <= produced }.count
        XCTAssertEqual(result.summary.recordsRead, complete)
        XCTAssertEqual(result.lines, Array(Self.plainLines.prefix(Self.stream.lineCounts.prefix(complete).reduce(0, +))))
        if !Self.stream.recordEnds.contains(produced) {
            let pending = complete == 0 ? 0 : Self.stream.recordEnds[complete - 1]
            XCTAssert(stop.contains("the record at uncompressed offset \(pending) is incomplete"), stop)
        }
    }

    func testTruncatedBzip2KeepsWhatWasDecoded() throws {
        // Stream 1: the first 100 records; stream 2 (the rest, under one 100 kB block) cut in
        // half, so it yields nothing and the input stops where stream 1's data ends.
        let records = Self.stream.records
        let part1 = Array(records[..<100].joined()), part2 = Array(records[100...].joined())
        XCTAssertLessThan(part2.count, 100_000)
        let second = Compressor.bzip2(part2)
        let file = Compressor.bzip2(part1) + second.prefix(second.count / 2)
        let result = try decode(file)
        XCTAssertEqual(result.lines, Array(Self.plainLines.prefix(Self.stream.lineCounts.prefix(100).reduce(0, +))))
        XCTAssertEqual(result.summary.recordsRead, 100)
        XCTAssertEqual(result.summary.stops.count, 1)
        let stop = try XCTUnwrap(result.summary.stops.first)
        XCTAssert(stop.contains("bzip2 stream ends early at compressed offset \(file.count) (uncompressed offset \(part1.count))"), stop)
    }

    func testCorruptGzipHeaderIsReported() throws {
        // Byte 2 of a gzip member is the compression method, 8 (deflate); 7 is not one.
        var gzip = Compressor.gzip(Self.stream.bytes)
        gzip[2] = 7
        let result = try decode(gzip)
        XCTAssertEqual(result.lines, [])
        XCTAssertEqual(result.summary.stops.count, 1)
        XCTAssert(result.summary.stops[0].contains("corrupt gzip data at compressed offset"), result.summary.stops[0])
    }

    func testTrailingZeroPaddingAfterTheLastMemberIsIgnored() throws {
        let file = Compressor.gzip(Self.stream.bytes) + [UInt8](repeating: 0, count: 512)
        let result = try decode(file)
        XCTAssertEqual(result.lines, Self.plainLines)
        XCTAssertTrue(result.summary.clean, "\(result.summary.report)")
    }

    func testFormatIsDetectedByContentNotName() throws {
        let plain = Self.stream.bytes
        for (bytes, name, expected) in [(plain, "updates.gz", Compression.none),
                                        (Compressor.gzip(plain), "updates.mrt", .gzip),
                                        (Compressor.bzip2(plain), "updates.gz", .bzip2)] {
            let input = try MRTInput(bytes: bytes, name: name)
            XCTAssertEqual(input.compression, expected, name)
            var summary = DecodeSummary()
            var records = 0
            decodeRecords(of: input, summary: &summary) { _, _ in records += 1 }
            XCTAssertEqual(records, 300, "\(expected)")
            XCTAssertTrue(summary.clean, "\(summary.report)")
        }
        // An empty bzip2 stream is "BZh9" and the end-of-stream magic 17 72 45 38 50 90.
        let empty = Compressor.bzip2([])
        XCTAssertEqual(Array(empty[4..<10]), [0x17, 0x72, 0x45, 0x38, 0x50, 0x90])
        XCTAssertEqual(try MRTInput(bytes: empty).compression, .bzip2)
        let result = try decode(empty)
        XCTAssertEqual(result.summary.recordsRead, 0)
        XCTAssertTrue(result.summary.clean, "\(result.summary.report)")
    }

    /// The decimal number that follows `marker` in `text`.
    static func number(after marker: String, in text: String) -> Int? {
        guard let range = text.range(of: marker) else { return nil }
        return Int(text[range.upperBound...].prefix { $0.isNumber })
    }
}

extension CompressionTests {
    func testPlainFileWhoseTimestampSpellsBZh9IsStillPlain() throws {
        // Timestamp 0x425A6839 (2005-04-11 12:06:17 UTC) is "BZh9" in ASCII, the start of a
        // bzip2 stream. What follows (type 16, subtype 1, ...) is not the bzip2 block magic
        // 31 41 59 26 53 59, so this is a plain MRT file.
        let record = MRTBuilder.message(subtype: 1, timestamp: 0x425A_6839, session: FramingTests.session,
                                        bgp: BGPBuilder.update(withdrawn: BGPBuilder.nlri(["192.0.2.0/24"])))
        XCTAssertEqual(Array(record.prefix(4)), Array("BZh9".utf8))
        XCTAssertEqual(try MRTInput(bytes: record).compression, .none)
        let result = try decode(record)
        XCTAssertEqual(result.lines, ["BGP4MP|1113221177|W|192.0.2.1|64496|192.0.2.0/24"])
        XCTAssertTrue(result.summary.clean, "\(result.summary.report)")
    }
}
