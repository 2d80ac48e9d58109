import Foundation
import MRT
import XCTest

/// Compressed input is decompressed on a thread of its own: the bytes, their order, the tap,
/// the error offsets and the thread's end must be as if it were not.
final class DecompressionThreadTests: XCTestCase {
    /// Bytes that compress poorly (a linear congruential generator), so that a few MB of them
    /// fill the decompression thread's ring many times over.
    static func noise(count: Int) -> [UInt8] {
        var state: UInt32 = 12_345
        return (0..<count).map { _ in
            state = state &* 1_103_515_245 &+ 12_345
            return UInt8(truncatingIfNeeded: state >> 16)
        }
    }

    static func threadCount() -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task").count) ?? 0
    }

    /// Waits up to a second for the process's thread count to be `expected`.
    static func settles(at expected: Int) -> Bool {
        for _ in 0..<100 {
            if threadCount() == expected { return true }
            usleep(10_000)
        }
        return false
    }

    func testStoppingEarlyEndsTheThread() throws {
        let plain = Self.noise(count: 4 << 20)
        let file = Compressor.gzip(plain, level: 1)
        let before = Self.threadCount()
        do {
            let input = try MRTInput(bytes: file)
            var block = [UInt8](repeating: 0, count: 1000)
            let n = try block.withUnsafeMutableBytes { try input.read(into: $0) }
            XCTAssertEqual(Array(block[0..<n]), Array(plain[0..<n]))
            XCTAssertTrue(Self.settles(at: before + 1), "one decompression thread while the input is open")
        }
        XCTAssertTrue(Self.settles(at: before), "the thread is gone with the input, though the file was not read to its end")
    }

    func testReadingToTheEndOrToDamageEndsTheThread() throws {
        let plain = Self.noise(count: 1 << 20)
        let gzip = Compressor.gzip(plain, level: 1)
        let before = Self.threadCount()
        for file in [gzip, Array(gzip.prefix(gzip.count / 2))] {
            let input = try MRTInput(bytes: file)
            _ = try? readAll(input)
        }
        XCTAssertTrue(Self.settles(at: before))
    }

    func testDamageIsThrownAfterEveryByteBeforeIt() throws {
        // Tiny reads against a truncated file: the bytes handed out are a prefix of the data,
        // and the error's uncompressed offset is their count.
        let plain = Self.noise(count: 3 << 20)
        let gzip = Compressor.gzip(plain, level: 1)
        let cut = Array(gzip.prefix(gzip.count * 7 / 10))
        let input = try MRTInput(bytes: cut)
        var received: [UInt8] = []
        var calls = 0
        var block = [UInt8](repeating: 0, count: 70_000)
        do {
            while true {
                let size = 1 + (calls * 7_919) % block.count
                calls += 1
                let n = try block.withUnsafeMutableBytes { try input.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<size])) }
                if n == 0 { return XCTFail("a truncated file ended without an error") }
                received += block[0..<n]
            }
        } catch let error as InputError {
            guard case let .truncatedStream(_, format, compressed, uncompressed) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(format, .gzip)
            XCTAssertEqual(compressed, Int64(cut.count))
            XCTAssertEqual(uncompressed, Int64(received.count))
            XCTAssertEqual(input.uncompressedOffset, Int64(received.count))
            XCTAssertGreaterThan(received.count, 1 << 20)
            XCTAssert(received[...] == plain[0..<received.count], "the bytes before the damage are the data's")
        }
    }

    func testTheTapSeesEveryFileByteInOrder() throws {
        let plain = Self.noise(count: 2 << 20)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ixaudit-tap-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, file) in [("gzip", Compressor.gzipMembers([Array(plain[..<700_001]), Array(plain[700_001...])])),
                             ("bzip2", Compressor.bzip2(plain))] {
            let path = directory.appendingPathComponent(name).path
            try Data(file).write(to: URL(fileURLWithPath: path))
            let tap = Collector()
            let input = try MRTInput(path: path, tap: tap)
            let bytes = try readAll(input, chunk: { 1 + ($0 * 4_099) % 300_000 })
            XCTAssert(bytes == plain, "\(name): the decompressed bytes differ")
            XCTAssert(tap.bytes == file, "\(name): the tap saw \(tap.bytes.count) of \(file.count) bytes, or not in order")
        }
    }
}

private final class Collector: ByteTap {
    var bytes: [UInt8] = []
    func consume(_ block: UnsafeRawBufferPointer) { bytes += block }
}
