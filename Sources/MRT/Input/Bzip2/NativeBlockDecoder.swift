/// Decodes one bzip2 block without libbz2, in less CPU time: the Huffman codes by table lookup
/// on a 64-bit window of the bits (`HuffmanTables`), the move-to-front list as bytes, and the
/// inverse Burrows-Wheeler transform walked by sixteen chains at once (`InverseBWT`). The format
/// is the one bzip2 1.0 writes: after the block magic and CRC, a randomised flag, the origin
/// pointer (24 bits), the bytes in use (a 16-bit map of 16-byte ranges, then one 16-bit map per
/// range used), the table count (3 bits) and selector count (15 bits), the selectors (unary,
/// move-to-front coded), each table's code lengths (5 bits, then per symbol a delta coded as
/// 1x bits, x=0 adding and x=1 subtracting one, ended by a 0), and the symbols in groups of 50,
/// each group coded with the table its selector names. Symbols 0 and 1 (RUNA, RUNB) write the
/// front byte's run length in bijective base 2, the others a move-to-front index plus one,
/// and the last one ends the block. After the inverse transform, runs of four equal bytes are
/// followed by a count of further copies (the first run-length stage).
///
/// Any block it cannot decode, or that is not what bzip2 writes today (a randomised block of
/// bzip2 0.9), it refuses, and the caller decodes it with libbz2, which then decides whether
/// it is damaged. One per thread.
final class NativeBlockDecoder {
    private let input = MappedBuffer(capacity: 1 << 20)
    private let tables = HuffmanTables()
    private let transform = InverseBWT()
    /// The selectors of the block: one table number per group of 50 symbols.
    private let selectors = UnsafeMutablePointer<UInt8>.allocate(capacity: maxSelectors)
    private let lengths = UnsafeMutablePointer<UInt8>.allocate(capacity: HuffmanTables.maxSymbols)
    /// Bytes past the block's last one read as zero; the decoder checks its position against
    /// the block's end once per group, and a group reads at most 50 * 20 bits.
    private static let padding = 512
    private static let maxSelectors = 18002
    private static let groupSize = 50

    deinit { selectors.deallocate(); lengths.deallocate() }

    /// Decodes `block` into `output`; false when it refuses the block (`output` then holds
    /// nothing meaningful).
    func decode(_ block: BlockBits, into output: MappedBuffer) -> Bool {
        let byteCount = (block.firstBit + block.bitCount + 7) / 8
        guard block.level >= 1, block.level <= 9, block.bitCount > 80, byteCount <= block.raw.count else { return false }
        input.count = 0
        input.reserve(byteCount + Self.padding)
        input.base.copyMemory(from: block.raw.baseAddress!, byteCount: byteCount)
        (input.base + byteCount).initializeMemory(as: UInt8.self, repeating: 0, count: Self.padding)
        input.count = byteCount
        var reader = BitReader(base: UnsafeRawPointer(input.base), position: block.firstBit + 80,
                               end: block.firstBit + block.bitCount)
        guard let (origin, count) = decodeSymbols(&reader, level: block.level) else { return false }
        guard reader.position == reader.end else { return false }
        guard transform.invert(count: count, origin: origin, into: output) else { return false }
        return BlockCRC.of(output.bytes) == block.crc
    }

    /// Reads the block's tables and symbols into the transform's last column; returns the
    /// origin pointer and the column's length.
    private func decodeSymbols(_ reader: inout BitReader, level: Int) -> (origin: Int, count: Int)? {
        guard reader.read(1) == 0 else { return nil }
        let origin = Int(reader.read(24))
        var alphabet = [UInt8](repeating: 0, count: 256)
        var used = 0
        let ranges = reader.read(16)
        for range in 0..<16 where ranges & (0x8000 >> range) != 0 {
            let bytes = reader.read(16)
            for i in 0..<16 where bytes & (0x8000 >> i) != 0 {
                alphabet[used] = UInt8(range * 16 + i)
                used += 1
            }
        }
        guard used > 0 else { return nil }
        let symbolCount = used + 2
        let tableCount = Int(reader.read(3))
        let selectorCount = Int(reader.read(15))
        guard tableCount >= 2, tableCount <= HuffmanTables.maxTables,
              selectorCount >= 1, selectorCount <= Self.maxSelectors else { return nil }
        var order: [UInt8] = [0, 1, 2, 3, 4, 5]
        for s in 0..<selectorCount {
            var j = 0
            while reader.read(1) == 1 {
                j += 1
                guard j < tableCount else { return nil }
            }
            let table = order[j]
            order.remove(at: j)
            order.insert(table, at: 0)
            selectors[s] = table
            guard reader.position <= reader.end else { return nil }
        }
        for table in 0..<tableCount {
            var length = Int(reader.read(5))
            for symbol in 0..<symbolCount {
                while true {
                    guard length >= 1, length <= HuffmanTables.maxLength, reader.position <= reader.end else { return nil }
                    if reader.read(1) == 0 { break }
                    length += reader.read(1) == 0 ? 1 : -1
                }
                lengths[symbol] = UInt8(length)
            }
            guard tables.build(table: table, lengths: lengths, symbolCount: symbolCount) else { return nil }
        }
        guard let count = decodeMoveToFront(&reader, alphabet: alphabet, used: used,
                                            selectorCount: selectorCount, limit: level * 100_000) else { return nil }
        guard origin < count else { return nil }
        return (origin, count)
    }

    /// Decodes the symbols, undoes the move-to-front and the zero runs, and writes the bytes
    /// into the transform's last column; returns their count.
    private func decodeMoveToFront(_ reader: inout BitReader, alphabet: [UInt8], used: Int,
                                   selectorCount: Int, limit: Int) -> Int? {
        let column = transform.lastColumn(capacity: limit)
        let counts = transform.byteCounts
        counts.update(repeating: 0, count: 256)
        let front = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        defer { front.deallocate() }
        for i in 0..<used { front[i] = alphabet[i] }
        let endOfBlock = used + 1
        var count = 0
        var run = 0
        var weight = 1
        var group = 0
        var left = 0
        var table = 0
        let tables = self.tables
        while true {
            if left == 0 {
                guard group < selectorCount, reader.position <= reader.end else { return nil }
                table = Int(selectors[group])
                group += 1
                left = Self.groupSize
            }
            left -= 1
            guard let (symbol, length) = tables.decode(table: table, window: reader.window) else { return nil }
            reader.position += length
            if symbol <= 1 {
                // Bijective base 2: RUNA adds the digit's weight, RUNB twice it.
                guard weight <= 1 << 20 else { return nil }
                run += (symbol + 1) * weight
                weight <<= 1
                continue
            }
            if run > 0 {
                guard count + run <= limit else { return nil }
                let byte = front[0]
                (column + count).update(repeating: byte, count: run)
                counts[Int(byte)] += Int32(run)
                count += run
                run = 0
                weight = 1
            }
            if symbol == endOfBlock { return count }
            guard count < limit else { return nil }
            let index = symbol - 1
            let byte: UInt8
            if index < 8 {
                // Most indexes are small: the first eight bytes of the list moved in a word.
                let word = UnsafeMutableRawPointer(front).loadUnaligned(as: UInt64.self)
                byte = UInt8(truncatingIfNeeded: word >> UInt64(8 * index))
                let moved = UInt64.max >> UInt64(56 - 8 * index)
                let shifted = (word & ~moved) | (word << 8 & moved) | UInt64(byte)
                UnsafeMutableRawPointer(front).storeBytes(of: shifted, as: UInt64.self)
            } else {
                byte = front[index]
                (front + 1).update(from: front, count: index)
                front[0] = byte
            }
            column[count] = byte
            counts[Int(byte)] += 1
            count += 1
        }
    }
}

/// Reads a block's bits most significant first from a buffer padded with zero bytes.
struct BitReader {
    let base: UnsafeRawPointer
    var position: Int
    let end: Int

    /// The next 57 bits or more, the first one as the most significant.
    @inline(__always)
    var window: UInt64 {
        UInt64(bigEndian: base.loadUnaligned(fromByteOffset: position >> 3, as: UInt64.self)) << UInt64(position & 7)
    }

    @inline(__always)
    mutating func read(_ count: Int) -> UInt32 {
        let value = UInt32(truncatingIfNeeded: window >> UInt64(64 - count))
        position += count
        return value
    }
}
