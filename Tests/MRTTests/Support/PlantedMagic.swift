/// A bzip2 file with the block magic 31 41 59 26 53 59 inside its first block's header, where
/// a splitter searching bit by bit finds it before the block's real end. A bzip2 block
/// header is the magic (48 bits), the CRC of the block's data (32), the "randomised" flag (1),
/// the BWT origin pointer (24) and a 16-bit map of which 16-value ranges of bytes occur. The
/// data is chosen so that those fields spell the magic from bit 22 of the CRC on:
/// - the CRC's last 10 bits are the magic's first 10 (0b0011000101), by choice of the last
///   three bytes;
/// - the flag is 0 and the origin pointer is the magic's next 24 bits, 0x0AC932 = 706866:
///   the sorted position of the data's first rotation, which is 706866 when the first byte
///   (0x60) occurs once and exactly 706866 bytes are smaller;
/// - the map's first 13 bits are the magic's last 13, 1001101011001: bytes occur from the
///   ranges 0x00, 0x30, 0x40, 0x60, 0x80, 0x90 and 0xC0 and no others.
/// No byte repeats its neighbour, so bzip2's first run-length stage leaves the data as it is.
enum PlantedMagic {
    static func file() -> (data: [UInt8], file: [UInt8]) {
        let lowRanges: [UInt8] = [0x00, 0x30, 0x40], highRanges: [UInt8] = [0x80, 0x90, 0xC0]
        var state: UInt32 = 2_718_281
        func next() -> Int {
            state = state &* 1_103_515_245 &+ 12_345
            return Int(state >> 16)
        }
        var data: [UInt8] = [0x60]
        func append(from ranges: [UInt8], low: UInt8 = 0) {
            while true {
                let byte = ranges[next() % ranges.count] + UInt8(next() % 16)
                if byte != data.last! && byte > low { return data.append(byte) }
            }
        }
        for _ in 0..<706_866 { append(from: lowRanges) }
        for _ in 0..<90_000 { append(from: highRanges + [0x60], low: 0x60) }
        // Three last bytes from 0x80-0x9F that bring the CRC's low 10 bits to 0b0011000101.
        let prefix = crc(data, finish: false)
        search: for a in UInt8(0x80)...0x9F where a != data.last! {
            for b in UInt8(0x80)...0x9F where b != a {
                for c in UInt8(0x80)...0x9F where c != b {
                    if ~update(prefix, [a, b, c]) & 0x3FF == 0b00_1100_0101 {
                        data += [a, b, c]
                        break search
                    }
                }
            }
        }
        return (data, Compressor.bzip2(data, blockSize100k: 9))
    }

    /// `count` bits of `bytes` from bit `from`, most significant first.
    static func bits(_ bytes: [UInt8], from: Int, count: Int) -> UInt64 {
        (from..<(from + count)).reduce(0) { $0 << 1 | UInt64(bytes[$1 >> 3] >> (7 - UInt8($1 & 7)) & 1) }
    }

    /// bzip2's CRC: CRC-32 with polynomial 0x04C11DB7, most significant bit first, starting
    /// at all ones and inverted at the end.
    static func crc(_ bytes: [UInt8], finish: Bool = true) -> UInt32 {
        let value = update(0xFFFF_FFFF, bytes)
        return finish ? ~value : value
    }

    private static func update(_ start: UInt32, _ bytes: [UInt8]) -> UInt32 {
        var crc = start
        for byte in bytes {
            crc ^= UInt32(byte) << 24
            for _ in 0..<8 { crc = crc & 0x8000_0000 != 0 ? crc << 1 ^ 0x04C1_1DB7 : crc << 1 }
        }
        return crc
    }
}
