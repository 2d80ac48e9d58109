import MRT
import XCTest

/// The decoder-verifier idea (swift-nio's ByteToMessageDecoderVerifier): however the bytes
/// arrive — whole, a few at a time, split across gzip members or bzip2 streams at awkward
/// places, or one record per input — the decoded lines are the same.
final class DripFeedTests: XCTestCase {
    static let stream = SyntheticStream(records: 120)

    func testTinyReadsReturnTheSameBytes() throws {
        // MRTInput.read into buffers of 1, 2, ... 13 bytes, over plain, multi-member gzip and
        // multi-stream bzip2 input.
        let plain = Self.stream.bytes
        let thirds = [Array(plain[..<(plain.count / 3)]), Array(plain[(plain.count / 3)..<(plain.count * 2 / 3)]),
                      Array(plain[(plain.count * 2 / 3)...])]
        for (name, file) in [("plain", plain), ("gzip", Compressor.gzipMembers(thirds)), ("bzip2", Compressor.bzip2Streams(thirds))] {
            let input = try MRTInput(bytes: file)
            let bytes = try readAll(input, chunk: { 1 + $0 % 13 })
            XCTAssertEqual(bytes.count, plain.count, name)
            XCTAssert(bytes == plain, "\(name): the bytes differ")
            XCTAssertEqual(input.uncompressedOffset, Int64(plain.count), name)
        }
    }

    func testEachRecordAloneGivesTheSameLinesAsTheWhole() throws {
        // One writer over the whole stream against a fresh decode of every record by itself:
        // nothing may carry over from one record to the next.
        let whole = try decode(Self.stream.bytes)
        var separately: [String] = []
        for record in Self.stream.records { separately += try decode(record).lines }
        XCTAssertEqual(whole.lines.count, Self.stream.totalLines)
        XCTAssertEqual(whole.lines, separately)
    }

    func testManyTinyGzipMembersGiveTheSameLines() throws {
        // Members of 1, 2, 3, ... 40 plain bytes, over and over: a member boundary falls at
        // every position of a record header sooner or later.
        let plain = Self.stream.bytes
        var members: [[UInt8]] = []
        var start = 0, size = 1
        while start < plain.count {
            let end = min(plain.count, start + size)
            members.append(Array(plain[start..<end]))
            start = end
            size = size % 40 + 1
        }
        XCTAssertGreaterThan(members.count, 500)
        let whole = try decode(plain)
        let gzipped = try decode(Compressor.gzipMembers(members))
        XCTAssertEqual(gzipped.lines, whole.lines)
        XCTAssertTrue(gzipped.summary.clean, "\(gzipped.summary.report)")
        // bzip2: 60 tiny streams, then one stream with the rest.
        let head = Array(members.prefix(60))
        let consumed = head.reduce(0) { $0 + $1.count }
        let bzipped = try decode(Compressor.bzip2Streams(head + [Array(plain[consumed...])]))
        XCTAssertEqual(bzipped.lines, whole.lines)
    }

    func testLargeStreamWholeAndCompressedGiveTheSameLines() throws {
        // A RIB record of 40,000 entries (1.44 MB, more than the reader's 1 MiB buffer) between
        // two halves of the update stream (a record then straddles the buffer's end), decoded
        // plain, as one gzip member, as gzip members of irregular sizes, and as bzip2 streams.
        let (rib, ribLines) = SyntheticStream.largeRIB(entries: 40_000)
        XCTAssertGreaterThan(rib.count, 1 << 20)
        let updates = SyntheticStream(records: 3000, seed: 7)
        let half = updates.records.count / 2
        let plain = Array(updates.records[..<half].joined()) + rib + Array(updates.records[half...].joined())
        let whole = try decode(plain)
        XCTAssertEqual(whole.lines.count, updates.totalLines + ribLines)
        XCTAssertTrue(whole.summary.clean, "\(whole.summary.report)")
        XCTAssertEqual(whole.summary.recordsDecoded, 3000 + 2)

        var pieces: [[UInt8]] = []
        var start = 0, size = 100_003
        while start < plain.count {
            let end = min(plain.count, start + size)
            pieces.append(Array(plain[start..<end]))
            start = end
            size = size * 3 / 2 + 17
        }
        for (name, file) in [("gzip", Compressor.gzip(plain)), ("gzip members", Compressor.gzipMembers(pieces)),
                             ("bzip2 streams", Compressor.bzip2Streams(pieces))] {
            let result = try decode(file)
            XCTAssertEqual(result.lines.count, whole.lines.count, name)
            XCTAssert(result.lines == whole.lines, "\(name): the lines differ")
            XCTAssertEqual(result.summary.uncompressedBytes, Int64(plain.count), name)
        }
    }
}
