/// The two 48-bit markers of a bzip2 stream. Blocks are not byte aligned: each marker may
/// start at any bit, so they are searched bit by bit. Each block starts with the block magic
/// (the BCD digits of pi) and its 32-bit CRC; the stream ends with the end-of-stream magic (the
/// digits of sqrt(pi)), the 32-bit combined CRC of its blocks, and padding to a byte.
enum Bzip2Magic {
    case block
    case streamEnd

    static let blockBits: UInt64 = 0x3141_5926_5359
    static let streamEndBits: UInt64 = 0x1772_4538_5090
    static let bitCount = 48

    /// The first bit position `>= from` where either marker starts and ends at or before
    /// `limit` (both in bits from the start of `bytes`). Bits past the end of `bytes` read as 0.
    /// A match inside compressed data is possible (one in 2^48 positions); callers verify.
    static func find(in bytes: UnsafeRawBufferPointer, from: Int, limit: Int) -> (bit: Int, magic: Bzip2Magic)? {
        guard from + bitCount <= limit else { return nil }
        let mask: UInt64 = (1 << 48) - 1
        let table = secondByteCanMatch
        var index = from >> 3
        // Candidates at bits 8i..8i+7 are all inside the 64 bits from byte i; the byte after
        // it is fully inside either marker at every shift, so a table on it skips most bytes.
        while index << 3 < limit - bitCount + 1 {
            let fast = index + 8 <= bytes.count
            if fast && !table[Int(bytes[index + 1])] {
                index += 1
                continue
            }
            let word = fast ? UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                            : slowWord(bytes, at: index)
            for shift in 0..<8 {
                let bit = index << 3 + shift
                guard bit >= from else { continue }
                guard bit + bitCount <= limit else { return nil }
                let candidate = (word >> (16 - UInt64(shift))) & mask
                if candidate == blockBits { return (bit, .block) }
                if candidate == streamEndBits { return (bit, .streamEnd) }
            }
            index += 1
        }
        return nil
    }

    private static func slowWord(_ bytes: UnsafeRawBufferPointer, at index: Int) -> UInt64 {
        var word: UInt64 = 0
        for i in index..<(index + 8) { word = word << 8 | UInt64(i < bytes.count ? bytes[i] : 0) }
        return word
    }

    /// For each value of a byte: can it be the second byte of the 64 bits in which a marker
    /// starts at shift 0-7?
    private static let secondByteCanMatch: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for magic in [blockBits, streamEndBits] {
            for shift in 0..<8 { table[Int((magic << (16 - UInt64(shift))) >> 48 & 0xFF)] = true }
        }
        return table
    }()

    /// `count` (at most 64) bits starting at bit `bit` of `bytes`, most significant first.
    static func bits(_ bytes: UnsafeRawBufferPointer, at bit: Int, count: Int) -> UInt64 {
        var value: UInt64 = 0
        for i in 0..<count {
            let position = bit + i
            value = value << 1 | UInt64((bytes[position >> 3] >> (7 - UInt8(position & 7))) & 1)
        }
        return value
    }

    /// The CRC stored in the 32 bits after a block magic that starts at `bit`.
    static func crc(_ bytes: UnsafeRawBufferPointer, blockAt bit: Int) -> UInt32 {
        UInt32(truncatingIfNeeded: bits(bytes, at: bit + 48, count: 32))
    }

    /// Do the `count` bits of `bytes` that end at bit `end` spell the first `count` bits of
    /// either marker (a file cut inside a marker)?
    static func endsInPartialMarker(_ bytes: UnsafeRawBufferPointer, end: Int, count: Int) -> Bool {
        let tail = bits(bytes, at: end - count, count: count)
        let shift = UInt64(bitCount - count)
        return tail == blockBits >> shift || tail == streamEndBits >> shift
    }
}
