@testable import MRT

/// The blocks of a bzip2 file, found as the splitter finds them (each from its block magic to
/// the next marker), for decoding one at a time. Assumes no marker inside compressed data.
enum Bzip2Blocks {
    static func of(_ file: UnsafeRawBufferPointer) -> [BlockBits] {
        var blocks: [BlockBits] = []
        var bit = 0
        var level = 9
        var streamStart = true
        let limit = file.count * 8
        while true {
            if streamStart {
                guard bit / 8 + 4 <= file.count else { return blocks }
                level = Int(file[bit / 8 + 3]) - 0x30
                bit += 32
                streamStart = false
            }
            guard let (start, magic) = Bzip2Magic.find(in: file, from: bit, limit: limit) else { return blocks }
            if magic == .streamEnd {
                // The end-of-stream magic, the combined CRC, padding to a byte; then maybe another stream.
                bit = (start + 80 + 7) / 8 * 8
                streamStart = true
                continue
            }
            guard let (end, _) = Bzip2Magic.find(in: file, from: start + 48, limit: limit) else { return blocks }
            let firstByte = start / 8
            let raw = UnsafeRawBufferPointer(rebasing: file[firstByte..<((end + 7) / 8)])
            let crc = UInt32(Bzip2Magic.bits(file, at: start + 48, count: 32))
            blocks.append(BlockBits(raw: raw, firstBit: start % 8, bitCount: end - start, level: level, crc: crc))
            bit = end
        }
    }
}

extension Bzip2Blocks {
    struct Place {
        /// The block's first bit (its magic's), counted from the start of the file.
        let startBit: Int
        let bitCount: Int
        let level: Int
        let crc: UInt32

        /// The block read from `file` (this file or a damaged copy), `bitCount` bits long.
        func bits(in file: UnsafeRawBufferPointer, bitCount: Int) -> BlockBits {
            let end = min(file.count, (startBit + bitCount + 7) / 8)
            return BlockBits(raw: UnsafeRawBufferPointer(rebasing: file[(startBit / 8)..<end]), firstBit: startBit % 8,
                             bitCount: bitCount, level: level, crc: crc)
        }
    }

    static func places(_ file: [UInt8]) -> [Place] {
        file.withUnsafeBytes { file in
            of(file).map {
                Place(startBit: file.baseAddress!.distance(to: $0.raw.baseAddress!) * 8 + $0.firstBit,
                      bitCount: $0.bitCount, level: $0.level, crc: $0.crc)
            }
        }
    }
}

extension SplitMix64 {
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
