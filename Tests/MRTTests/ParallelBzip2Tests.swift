import Foundation
import MRT
import XCTest

/// bzip2 input is decoded block by block on every core: the bytes must be exactly the data's
/// at every block size and across concatenated streams, a block magic inside compressed data
/// must not change them, and damage must stop the input after the bytes before it with an
/// error naming the offset.
final class ParallelBzip2Tests: XCTestCase {
    /// A few MB of real MRT: the corpus's files decompressed and joined.
    static func corpusBytes(limit: Int) throws -> [UInt8] {
        var bytes: [UInt8] = []
        for url in try Corpus.mrtFiles() where bytes.count < limit {
            bytes += try Corpus.uncompressed(url)
        }
        return Array(bytes.prefix(limit))
    }

    func testEveryBlockSizeGivesTheDataByteForByte() throws {
        let plain = try Self.corpusBytes(limit: 2_500_000)
        for level in Int32(1)...9 {
            let file = Compressor.bzip2(plain, blockSize100k: level)
            let bytes = try readAll(try MRTInput(bytes: file), chunk: { 1 + ($0 * 7_919) % 200_000 })
            XCTAssert(bytes == plain, "bzip2 -\(level): \(bytes.count) bytes decoded of \(plain.count), or different ones")
        }
    }

    func testConcatenatedStreamsAsPbzip2WritesThem() throws {
        // pbzip2 compresses each 900 kB piece as a stream of its own and concatenates them; here
        // the pieces are cut anywhere, not at record boundaries, at mixed block sizes, with an
        // empty stream among them.
        let plain = try Self.corpusBytes(limit: 3_000_000)
        let cuts = [0, 150_001, 150_001, 1_000_003, 1_900_000, plain.count]
        var file: [UInt8] = []
        for (i, (start, end)) in zip(cuts, cuts.dropFirst()).enumerated() {
            file += Compressor.bzip2(Array(plain[start..<end]), blockSize100k: Int32(1 + (i * 4) % 9))
        }
        XCTAssertEqual(try readAll(try MRTInput(bytes: file)), plain)
        let decoded = try decode(file)
        XCTAssertEqual(decoded.lines, try decode(plain).lines)
        XCTAssertEqual(decoded.summary.report, try decode(plain).summary.report)
    }

    func testDumpLinesOfTheCorpusRecompressedAsBzip2AreTheSame() throws {
        for url in try Corpus.mrtFiles() {
            let plain = try Corpus.uncompressed(url)
            let fromBzip2 = try decode(Compressor.bzip2(plain, blockSize100k: 9))
            let fromPlain = try decode(plain)
            XCTAssertEqual(fromBzip2.lines, fromPlain.lines, url.lastPathComponent)
            XCTAssertEqual(fromBzip2.summary.report, fromPlain.summary.report, url.lastPathComponent)
        }
    }

    func testABlockMagicInsideCompressedDataIsNotABlock() throws {
        let planted = PlantedMagic.file()
        // The file really holds the block magic 22 bits into the first block's CRC: bit 32
        // (after "BZh9") + 48 (the real magic) + 22.
        XCTAssertEqual(PlantedMagic.bits(planted.file, from: 32, count: 48), 0x3141_5926_5359, "the real block magic")
        XCTAssertEqual(PlantedMagic.bits(planted.file, from: 102, count: 48), 0x3141_5926_5359, "the planted one")
        XCTAssert(try readAll(try MRTInput(bytes: planted.file)) == planted.data)
        // Twice in a row, as two streams: the second stream's block starts at another bit.
        let twice = planted.file + Compressor.bzip2(Array(planted.data.prefix(12_345))) + planted.file
        XCTAssert(try readAll(try MRTInput(bytes: twice)) == planted.data + planted.data.prefix(12_345) + planted.data)
    }

    func testAFlippedBitStopsAtItsBlockWithTheBytesBeforeIt() throws {
        let plain = DecompressionThreadTests.noise(count: 3 << 20)
        let file = Compressor.bzip2(plain, blockSize100k: 1)
        for flip in [file.count / 2, file.count / 3 + 17, 2_000] {
            var damaged = file
            damaged[flip] ^= 0x10
            let input = try MRTInput(bytes: damaged)
            var received: [UInt8] = []
            XCTAssertThrowsError(try readInto(input, &received)) { error in
                guard case let .corruptStream(name, format, compressed, uncompressed, detail)? = error as? InputError else {
                    return XCTFail("\(error)")
                }
                XCTAssertEqual(name, "<memory>")
                XCTAssertEqual(format, .bzip2)
                // The damaged block starts before the flipped byte, at most a block's worth.
                XCTAssertLessThanOrEqual(compressed, Int64(flip))
                XCTAssertGreaterThan(compressed, Int64(flip) - 110_000)
                XCTAssertEqual(uncompressed, Int64(received.count))
                XCTAssert(detail.contains("does not decode"), detail)
            }
            // Only whole blocks before the damage, every byte of them right: 100 kB blocks
            // of data that does not compress.
            XCTAssert(received[...] == plain[0..<received.count], "flip at \(flip): the bytes before the damage are the data's")
            XCTAssertGreaterThan(received.count, (flip - 110_000) / 100_000 * 99_000)
        }
    }

    func testADamagedStreamCRCIsReportedAfterItsBlocks() throws {
        let plain = DecompressionThreadTests.noise(count: 500_000)
        var file = Compressor.bzip2(plain, blockSize100k: 1)
        // The combined CRC is the last 32 bits before the padding; its last byte holds some
        // of them at any padding, so flipping its top bit always changes the CRC.
        file[file.count - 2] ^= 0x80
        var received: [UInt8] = []
        XCTAssertThrowsError(try readInto(try MRTInput(bytes: file), &received)) { error in
            XCTAssert("\(error)".contains("combined CRC"), "\(error)")
            XCTAssert("\(error)".contains("uncompressed offset \(plain.count)"), "\(error)")
        }
        XCTAssert(received == plain)
    }

    func testTruncationKeepsEveryWholeBlockBeforeIt() throws {
        let plain = DecompressionThreadTests.noise(count: 3 << 20)
        let file = Compressor.bzip2(plain, blockSize100k: 1)
        // Cut inside a block, and cut inside the end-of-stream marker (every block is whole).
        for cut in [file.count * 7 / 10, file.count - 6] {
            let input = try MRTInput(bytes: Array(file.prefix(cut)))
            var received: [UInt8] = []
            XCTAssertThrowsError(try readInto(input, &received)) { error in
                guard case let .truncatedStream(_, format, compressed, uncompressed)? = error as? InputError else {
                    return XCTFail("\(error)")
                }
                XCTAssertEqual(format, .bzip2)
                XCTAssertEqual(compressed, Int64(cut))
                XCTAssertEqual(uncompressed, Int64(received.count))
            }
            XCTAssert(received[...] == plain[0..<received.count], "cut at \(cut): the bytes before the damage are the data's")
            XCTAssertEqual(input.uncompressedOffset, Int64(received.count))
            if cut == file.count - 6 {
                XCTAssertEqual(received.count, plain.count, "a file cut in its end-of-stream marker keeps every block")
            } else {
                XCTAssertGreaterThan(received.count, 2 << 20)
            }
        }
    }

    func testBytesAfterTheStreamThatAreNotAStreamAreReported() throws {
        let plain = DecompressionThreadTests.noise(count: 300_000)
        let file = Compressor.bzip2(plain, blockSize100k: 1)
        var received: [UInt8] = []
        XCTAssertThrowsError(try readInto(try MRTInput(bytes: file + Array("not bzip2".utf8)), &received)) { error in
            XCTAssert("\(error)".contains("corrupt bzip2 data at compressed offset \(file.count)"), "\(error)")
        }
        XCTAssert(received == plain)
        // Zero padding after the stream is no error.
        XCTAssert(try readAll(try MRTInput(bytes: file + [UInt8](repeating: 0, count: 10_000))) == plain)
    }

    func testEmptyStreamsAndAnEmptyFile() throws {
        XCTAssertEqual(try readAll(try MRTInput(bytes: Compressor.bzip2([]))), [])
        let some = Array("some bytes".utf8)
        let file = Compressor.bzip2([]) + Compressor.bzip2(some) + Compressor.bzip2([])
        XCTAssertEqual(try readAll(try MRTInput(bytes: file)), some)
        XCTAssertEqual(try readAll(try MRTInput(bytes: [])), [])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ixaudit-empty-\(getpid()).bz2").path
        FileManager.default.createFile(atPath: path, contents: Data())
        defer { unlink(path) }
        XCTAssertEqual(try readAll(try MRTInput(path: path)), [])
    }

    func testANamedPipe() throws {
        let plain = DecompressionThreadTests.noise(count: 1_500_000)
        let file = Compressor.bzip2(plain, blockSize100k: 2)
        let pipe = try NamedPipe(name: "fifo.bz2")
        defer { pipe.remove() }
        // Small writes, so the reader sees the blocks arrive in pieces.
        pipe.feed(file, piece: { _ in 4_000 })
        let tap = TapCollector()
        let input = try MRTInput(path: pipe.path, tap: tap)
        XCTAssertEqual(input.compression, .bzip2)
        XCTAssert(try readAll(input) == plain)
        XCTAssert(tap.bytes == file, "the tap saw every byte of the pipe in order")
    }

    func testStoppingEarlyEndsEveryThread() throws {
        let plain = DecompressionThreadTests.noise(count: 2 << 20)
        let file = Compressor.bzip2(plain, blockSize100k: 1)
        let before = Self.unnamedThreadCount()
        do {
            let input = try MRTInput(bytes: file)
            var block = [UInt8](repeating: 0, count: 1000)
            let n = try block.withUnsafeMutableBytes { try input.read(into: $0) }
            XCTAssertEqual(Array(block[0..<n]), Array(plain[0..<n]))
            XCTAssertGreaterThan(Self.unnamedThreadCount(), before + 1, "a splitter and block decoders")
        }
        XCTAssertTrue(Self.unnamedThreadsSettle(at: before), "the threads are gone with the input")
        for damaged in [Array(file.prefix(file.count / 2)), file + [1, 2, 3]] {
            _ = try? readAll(try MRTInput(bytes: damaged))
        }
        XCTAssertTrue(Self.unnamedThreadsSettle(at: before), "and after damage")
    }

    /// Threads that carry the process's own name: those started with pthread_create, as the
    /// splitter and the decoders are. libdispatch's workers, named after their queues, come
    /// and go on their own (they leave after a few idle seconds), so they are not counted.
    static func unnamedThreadCount() -> Int {
        let name = try? String(contentsOfFile: "/proc/self/comm", encoding: .utf8)
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return tasks.filter { (try? String(contentsOfFile: "/proc/self/task/\($0)/comm", encoding: .utf8)) == name }.count
    }

    static func unnamedThreadsSettle(at expected: Int) -> Bool {
        for _ in 0..<100 {
            if unnamedThreadCount() == expected { return true }
            usleep(10_000)
        }
        return false
    }

    /// Reads `input` to its end into `received`, so a test sees the bytes before an error.
    private func readInto(_ input: MRTInput, _ received: inout [UInt8]) throws {
        var block = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = try block.withUnsafeMutableBytes { try input.read(into: $0) }
            if n == 0 { return }
            received += block[0..<n]
        }
    }
}

final class TapCollector: ByteTap {
    var bytes: [UInt8] = []
    func consume(_ block: UnsafeRawBufferPointer) { bytes += block }
}
