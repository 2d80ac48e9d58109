import Foundation
import MRT
import XCTest

/// `OutputCompressor`: what each engine writes reads back as what went in, whether the input
/// comes in one piece, in thousands of small pieces (igzip keeps its history across calls in
/// its own state: the pieces are freed as soon as each call returns) or not at all.
final class OutputCompressorTests: XCTestCase {
    /// CSV-like lines, repetitive enough for long matches, with random bytes between them so
    /// that matches reach back across the pieces.
    private func sampleText(bytes: Int, seed: UInt64) -> [UInt8] {
        var generator = SplitMix64(seed: seed)
        var out: [UInt8] = []
        out.reserveCapacity(bytes)
        while out.count < bytes {
            let line = "rs1,185.1.12.\(generator.next() % 250),\(generator.next() % 70_000),Metro Media,ipv4,"
                + "37.140.\(generator.next() % 256).0/24,0,25228 39134 197695,IGP,,,0:8960 8960:6715,,2026-11-21T23:55:27Z\n"
            out += Array(line.utf8)
            if generator.next() % 7 == 0 { out += (0..<Int(generator.next() % 64)).map { _ in UInt8(truncatingIfNeeded: generator.next()) } }
        }
        return Array(out.prefix(bytes))
    }

    /// Compresses `input` in pieces of the sizes `sizes` gives, then reads the file back
    /// through the MRT input (which detects gzip by its content).
    private func roundTrip(_ input: [UInt8], fast: Bool, pieces sizes: () -> Int) throws -> (read: [UInt8], written: Int) {
        let compressor = try OutputCompressor(.gzip, level: 1, fast: fast)
        var written: [UInt8] = []
        var offset = 0
        while offset < input.count {
            let end = min(input.count, offset + sizes())
            written += try compressor.compress(Array(input[offset..<end]), finish: false)
            offset = end
        }
        written += try compressor.compress([], finish: true)
        let path = NSTemporaryDirectory() + "ixaudit-compressor-\(UUID().uuidString).gz"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(written).write(to: URL(fileURLWithPath: path))
        XCTAssertEqual(Array(written.prefix(2)), [0x1F, 0x8B], "a gzip member")
        return (try MRTInput.readAll(path: path), written.count)
    }

    func testBothEnginesReadBackWhateverThePieces() throws {
        let input = sampleText(bytes: 3_000_000, seed: 7)
        for fast in [false, true] {
            var generator = SplitMix64(seed: 11)
            let small = try roundTrip(input, fast: fast) { 1 + Int(generator.next() % 997) }
            XCTAssertEqual(small.read, input, "fast \(fast): small pieces")
            let whole = try roundTrip(input, fast: fast) { input.count }
            XCTAssertEqual(whole.read, input, "fast \(fast): one piece")
            XCTAssertLessThan(whole.written, input.count / 2, "fast \(fast): it compresses")
        }
    }

    func testAnEmptyInputIsAnEmptyGzipFile() throws {
        for fast in [false, true] {
            let result = try roundTrip([], fast: fast) { 1 }
            XCTAssertEqual(result.read, [])
        }
    }
}
