/// The inverse Burrows-Wheeler transform of one block, then the undoing of bzip2's first
/// run-length stage. Walking the transform is a chain of loads from random places in a table
/// of up to 900,000 entries, each needing the one before, so one walk runs at the speed of
/// memory latency. Here sixteen walks run at once, each from its own row of the table: the
/// first from the origin (the text's first byte), the others from rows spread over the table,
/// whose places in the text are not known yet. Each start row is flagged in the table; a walk
/// ends on reaching another walk's start, which also says which walk's bytes follow its own.
/// Sixteen loads are in flight instead of one, and the table stays at 4 bytes an entry, the size
/// of a core's cache here.
final class InverseBWT {
    /// The last column of the sorted rotations, as the Huffman stage decodes it.
    private let column = MappedBuffer(capacity: 1 << 20)
    /// Per row: the row that follows it in the text << 8 | the byte it gives, and `startFlag`.
    private let successors = MappedBuffer(capacity: 1 << 22)
    /// Each walk's bytes, `count` apart; pages are touched only as far as walks go.
    private let segments = MappedBuffer(capacity: 1 << 23)
    /// How often each byte occurs in the last column.
    let byteCounts = UnsafeMutablePointer<Int32>.allocate(capacity: 256)
    private static let walks = 16
    fileprivate static let startFlag: UInt32 = 1 << 31
    fileprivate static let rowMask: UInt32 = (1 << 23) - 1

    deinit { byteCounts.deallocate() }

    /// Where the Huffman stage writes the last column (room for `capacity` bytes).
    func lastColumn(capacity: Int) -> UnsafeMutablePointer<UInt8> {
        column.reserve(capacity)
        successors.reserve(capacity * 4)
        return column.base.assumingMemoryBound(to: UInt8.self)
    }

    /// Inverts the `count` bytes of the last column starting at row `origin` and writes the
    /// block's original bytes into `output`; false when the column is not a whole transform.
    func invert(count: Int, origin: Int, into output: MappedBuffer) -> Bool {
        let last = column.base.assumingMemoryBound(to: UInt8.self)
        let next = successors.base.assumingMemoryBound(to: UInt32.self)
        var start = [Int32](repeating: 0, count: 256)
        var total: Int32 = 0
        for byte in 0..<256 {
            start[byte] = total
            total += byteCounts[byte]
        }
        guard Int(total) == count, count < 1 << 23 else { return false }
        start.withUnsafeMutableBufferPointer { start in
            for i in 0..<count {
                let byte = last[i]
                let row = Int(start[Int(byte)])
                start[Int(byte)] = Int32(row + 1)
                next[row] = UInt32(i) << 8 | UInt32(byte)
            }
        }
        let walks = count >= 64 * Self.walks ? Self.walks : 1
        segments.reserve(walks * count)
        let bytes = segments.base.assumingMemoryBound(to: UInt8.self)
        var starts = [Int](repeating: 0, count: walks)
        for walk in 0..<walks {
            starts[walk] = (origin + walk * (count / walks)) % count
            next[starts[walk]] |= Self.startFlag
        }
        var rows = [Int](repeating: 0, count: walks)
        var lengths = [Int](repeating: 1, count: walks)
        rows.withUnsafeMutableBufferPointer { rows in
            lengths.withUnsafeMutableBufferPointer { lengths in
                runWalks(next, count: count, starts: starts, into: bytes, rows: rows.baseAddress!, lengths: lengths.baseAddress!)
            }
        }
        // The walks in text order: each is followed by the walk whose start it reached; from the
        // origin's, every walk once and back to the origin, or this is no single transform.
        var undo = RunLengthUndo(output: output, expected: count)
        var walk = 0
        var covered = 0
        for _ in 0..<walks {
            guard covered + lengths[walk] <= count else { return false }
            undo.append(UnsafePointer(bytes + walk * count), count: lengths[walk])
            covered += lengths[walk]
            guard let following = starts.firstIndex(of: rows[walk]) else { return false }
            walk = following
        }
        undo.finish()
        // bzip2 always writes the count after four equal bytes; libbz2 refuses a block whose
        // last four bytes are equal with none after them, so this decoder does too.
        return walk == 0 && covered == count && !undo.awaitsCount
    }
}

extension InverseBWT {
    /// Runs the walks side by side until each reaches a start row: each step of each walk is
    /// independent of the other walks' steps, so their loads overlap.
    private func runWalks(_ next: UnsafeMutablePointer<UInt32>, count: Int, starts: [Int], into bytes: UnsafeMutablePointer<UInt8>,
                      rows: UnsafeMutablePointer<Int>, lengths: UnsafeMutablePointer<Int>) {
        let walks = starts.count
        let active = UnsafeMutablePointer<Int>.allocate(capacity: walks)
        defer { active.deallocate() }
        for walk in 0..<walks {
            active[walk] = walk
            let entry = next[starts[walk]]
            bytes[walk * count] = UInt8(truncatingIfNeeded: entry)
            rows[walk] = Int(entry >> 8 & Self.rowMask)
        }
        var running = walks
        while running > 0 {
            var i = 0
            while i < running {
                let walk = active[i]
                let entry = next[rows[walk]]
                if entry & Self.startFlag != 0 || lengths[walk] == count {
                    active[i] = active[running - 1]
                    running -= 1
                    continue
                }
                bytes[walk * count + lengths[walk]] = UInt8(truncatingIfNeeded: entry)
                lengths[walk] += 1
                rows[walk] = Int(entry >> 8 & Self.rowMask)
                i += 1
            }
        }
    }
}

/// bzip2's first run-length stage undone: after four equal bytes, one byte counts 0-255
/// further copies. Fed the text piece by piece.
struct RunLengthUndo {
    private let output: MappedBuffer
    private var out: UnsafeMutablePointer<UInt8>
    private var written = 0
    /// Bytes still to come, so the output has room for them.
    private var remaining: Int
    private var previous = -1
    private var run = 0

    init(output: MappedBuffer, expected: Int) {
        self.output = output
        output.count = 0
        output.reserve(expected + 256)
        out = output.base.assumingMemoryBound(to: UInt8.self)
        remaining = expected
    }

    mutating func append(_ text: UnsafePointer<UInt8>, count: Int) {
        var i = 0
        remaining -= count
        while i < count {
            let byte = text[i]
            i += 1
            if run == 4 {
                let copies = Int(byte)
                let needed = written + copies + (count - i) + max(remaining, 0) + 256
                if needed > output.capacity {
                    output.count = written
                    output.reserve(max(output.capacity * 2, needed))
                    out = output.base.assumingMemoryBound(to: UInt8.self)
                }
                (out + written).update(repeating: UInt8(truncatingIfNeeded: previous), count: copies)
                written += copies
                run = 0
                continue
            }
            if Int(byte) == previous { run += 1 } else { previous = Int(byte); run = 1 }
            out[written] = byte
            written += 1
        }
    }

    func finish() { output.count = written }

    /// The text ended after four equal bytes, where a count should follow.
    var awaitsCount: Bool { run == 4 }
}
