import CZlib
import MRT
import XCTest

/// The gzip input (ISA-L) against zlib as the oracle, on seeded random files: one to four
/// members at random levels (0 writes stored blocks), text-like and random bytes, then cut
/// short or with one byte changed. Where zlib reads a file whole, the input must give the same
/// bytes; where zlib finds damage, the input must stop with an error, and a file cut short
/// gives only what came before the cut.
final class GzipAgainstZlibTests: XCTestCase {
    func testRandomFilesDecodeAsZlibDecodesThem() throws {
        var random = SplitMix64(seed: 0x6A09_E667)
        var damagedSeen = 0
        for round in 0..<150 {
            let parts = (0..<(1 + Int(random.next() % 4))).map { _ in Self.plainPart(&random) }
            let members = parts.map { Compressor.gzip($0, level: Int32(random.next() % 10)) }
            var file = members.flatMap { $0 }
            let plain = parts.flatMap { $0 }
            switch round % 3 {
            case 1 where !file.isEmpty:
                file.removeLast(1 + Int(random.next() % UInt64(file.count)))
            case 2 where !file.isEmpty:
                let offset = Int(random.next() % UInt64(file.count))
                file[offset] ^= UInt8(1 + random.next() % 255)
            default:
                break
            }
            let oracle = Self.zlibInflate(file)
            let ours = Self.read(file)
            if oracle.whole {
                XCTAssertNil(ours.error, "round \(round): zlib reads it whole")
                XCTAssert(ours.bytes == oracle.bytes, "round \(round): \(ours.bytes.count) bytes against zlib's \(oracle.bytes.count)")
                if round % 3 == 0 { XCTAssert(ours.bytes == plain, "round \(round)") }
            } else {
                damagedSeen += 1
                XCTAssertNotNil(ours.error, "round \(round): zlib stops, the input must too")
                // A file cut short gives part of its data; a changed byte may give anything
                // before the damage shows (a trailer's CRC-32 catches a changed literal).
                if round % 3 == 1 { XCTAssert(plain.starts(with: ours.bytes), "round \(round): a prefix of the data") }
            }
        }
        XCTAssertGreaterThan(damagedSeen, 60, "most cut or changed files are damaged")
    }

    /// Up to 60 kB, either words from a small vocabulary (long matches) or random bytes.
    static func plainPart(_ random: inout SplitMix64) -> [UInt8] {
        let count = Int(random.next() % 60_000)
        if random.next() % 2 == 0 {
            return (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        }
        let words = ["BGP4MP", "|", "A", "W", "192.0.2.0/24", "2001:db8::/32", "64496", "65000:1", " ", "\n"].map { Array($0.utf8) }
        var out: [UInt8] = []
        while out.count < count { out += words[Int(random.next() % UInt64(words.count))] }
        return Array(out.prefix(count))
    }

    /// Every member zlib reads, one after another; whole when the file ends after a member
    /// (or zero padding, as the input allows).
    static func zlibInflate(_ file: [UInt8]) -> (bytes: [UInt8], whole: Bool) {
        var output: [UInt8] = []
        var offset = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var input = file
        while offset < input.count {
            if input[offset...].allSatisfy({ $0 == 0 }) { return (output, true) }
            var stream = z_stream()
            guard inflateInit2_(&stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return (output, false) }
            defer { inflateEnd(&stream) }
            var status = Z_OK
            input.withUnsafeMutableBufferPointer { source in
                stream.next_in = source.baseAddress! + offset
                stream.avail_in = uInt(source.count - offset)
                while status == Z_OK {
                    let produced: Int = buffer.withUnsafeMutableBufferPointer { out in
                        stream.next_out = out.baseAddress
                        stream.avail_out = uInt(out.count)
                        status = inflate(&stream, Z_NO_FLUSH)
                        return out.count - Int(stream.avail_out)
                    }
                    output += buffer[0..<produced]
                    if status == Z_BUF_ERROR && stream.avail_in > 0 { status = Z_OK }
                }
                offset = source.count - Int(stream.avail_in)
            }
            guard status == Z_STREAM_END else { return (output, false) }
        }
        return (output, true)
    }

    /// What the input gives, and the error it stops with, if any.
    static func read(_ file: [UInt8]) -> (bytes: [UInt8], error: Error?) {
        var bytes: [UInt8] = []
        do {
            let input = try MRTInput(bytes: file)
            var block = [UInt8](repeating: 0, count: 1 << 15)
            while true {
                let n = try block.withUnsafeMutableBytes { try input.read(into: $0) }
                if n == 0 { return (bytes, nil) }
                bytes += block[0..<n]
            }
        } catch {
            return (bytes, error)
        }
    }
}
