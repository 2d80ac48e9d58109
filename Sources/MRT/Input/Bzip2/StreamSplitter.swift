/// Cuts a bzip2 file into its blocks without decoding them: reads the file in order (so its
/// `ByteTap` sees every byte in order), finds each stream header and, bit by bit, each block
/// magic and end-of-stream magic, and hands each block's bits to the `BlockQueue`. A marker
/// found inside compressed data (possible, one bit position in 2^48) is not caught here: the
/// block it cuts fails to decode and the reader joins the pieces again (`ParallelBzip2`). An
/// end-of-stream marker is trusted when its combined CRC matches the block CRCs seen or when
/// what follows is the end of the file or another stream. Runs on a thread of its own.
final class StreamSplitter {
    private let source: StreamDecoder
    private let queue: BlockQueue
    /// File bytes from `windowStart` on, up to what has been read.
    private let window = MappedBuffer(capacity: 1 << 21)
    private var windowStart: Int64
    private var fileEnded = false
    /// The reader has gone: nothing more is wanted.
    private var stopped = false
    private static let readSize = 1 << 18

    init(source: StreamDecoder, queue: BlockQueue) {
        self.source = source
        self.queue = queue
        windowStart = source.compressedOffset
    }

    func run() {
        do {
            queue.finish(try split())
        } catch {
            queue.finish(.failed(error))
        }
    }

    /// Splits stream after stream; returns how the file ended.
    private func split() throws(InputError) -> BlockQueue.Finish {
        var position = 0
        var first = true
        while true {
            if !first {
                // Zero bytes after a stream are padding some tools add.
                while true {
                    if position == window.count {
                        if !(try fill(to: position + 1)) { return .ended }
                    }
                    if window.base.load(fromByteOffset: position, as: UInt8.self) != 0 { break }
                    position += 1
                }
            }
            first = false
            discard(before: position)
            let whole = try fill(to: 10)
            let header: [UInt8] = [0x42, 0x5A, 0x68]
            let seen = min(window.count, 3)
            guard (0..<seen).allSatisfy({ window.base.load(fromByteOffset: $0, as: UInt8.self) == header[$0] }),
                  window.count < 4 || isHeader(at: 0) || !whole else {
                return .failed(corrupt(at: windowStart, "the bytes after the end of a bzip2 stream do not start another bzip2 stream"))
            }
            guard whole else { return truncated() }
            let level = Int(window.base.load(fromByteOffset: 3, as: UInt8.self)) - 0x30
            guard let next = try splitStream(level: level) else { return truncated() }
            if stopped { return .ended }
            if case .failed = next.finish { return next.finish }
            position = next.endByte
        }
    }

    private struct StreamEnd {
        var endByte: Int
        var finish: BlockQueue.Finish = .ended
    }

    /// Splits the stream whose header is at the start of the window; returns where it ended
    /// (relative to the window), nil when the file ends inside it.
    private func splitStream(level: Int) throws(InputError) -> StreamEnd? {
        var blockStart = 32
        let marker = Bzip2Magic.bits(window.bytes, at: 32, count: 48)
        if marker == Bzip2Magic.streamEndBits {
            guard try fill(to: 14) else { return nil }
            let crc = UInt32(Bzip2Magic.bits(window.bytes, at: 80, count: 32))
            emitStreamEnd(crc: crc, markerBit: 32, endByte: 14)
            return StreamEnd(endByte: 14)
        }
        guard marker == Bzip2Magic.blockBits else {
            return StreamEnd(endByte: 0, finish: .failed(corrupt(at: windowStart + 4, "no block follows the bzip2 stream header")))
        }
        var combined: UInt32 = 0
        var searchFrom = blockStart + Bzip2Magic.bitCount
        while true {
            guard let (bit, magic) = Bzip2Magic.find(in: window.bytes, from: searchFrom, limit: window.count * 8) else {
                if fileEnded {
                    if window.count * 8 - blockStart > 80 {
                        emitBlock(.tail, from: blockStart, to: window.count * 8, level: level)
                    }
                    return nil
                }
                searchFrom = max(searchFrom, window.count * 8 - Bzip2Magic.bitCount + 1)
                try readMore()
                continue
            }
            let blockCRC = Bzip2Magic.crc(window.bytes, blockAt: blockStart)
            switch magic {
            case .block:
                emitBlock(.block, from: blockStart, to: bit, level: level)
                if stopped { return StreamEnd(endByte: 0) }
                combined = (combined << 1 | combined >> 31) ^ blockCRC
                let cut = bit / 8
                discard(before: cut)
                blockStart = bit - cut * 8
                searchFrom = blockStart + Bzip2Magic.bitCount
            case .streamEnd:
                let endByte = (bit + 80 + 7) / 8
                guard try fill(to: endByte) else {
                    emitBlock(.block, from: blockStart, to: bit, level: level)
                    return nil
                }
                let stored = UInt32(Bzip2Magic.bits(window.bytes, at: bit + 48, count: 32))
                let folded = (combined << 1 | combined >> 31) ^ blockCRC
                var trusted = stored == folded
                if !trusted { trusted = try continuationIsValid(from: endByte) }
                guard trusted else {
                    searchFrom = bit + 1
                    continue
                }
                emitBlock(.block, from: blockStart, to: bit, level: level)
                emitStreamEnd(crc: stored, markerBit: bit, endByte: endByte)
                return StreamEnd(endByte: endByte)
            }
        }
    }

    /// After an end-of-stream marker whose CRC did not match the blocks seen (a marker inside
    /// a block cut it): is the rest of the file padding, or another stream?
    private func continuationIsValid(from byte: Int) throws(InputError) -> Bool {
        var position = byte
        while true {
            if position == window.count, !(try fill(to: position + 1)) { return true }
            if window.base.load(fromByteOffset: position, as: UInt8.self) != 0 { break }
            position += 1
        }
        _ = try fill(to: position + 10)
        let head = UnsafeRawBufferPointer(start: window.base + position, count: min(10, window.count - position))
        return Compression.detect(head) == .bzip2
    }

    private func isHeader(at byte: Int) -> Bool {
        Compression.detect(UnsafeRawBufferPointer(start: window.base + byte, count: min(10, window.count - byte))) == .bzip2
    }

    /// Copies bits `from..<to` of the window into the next piece.
    private func emitBlock(_ kind: Bzip2Piece.Kind, from: Int, to: Int, level: Int) {
        guard !stopped, let piece = queue.pieceToFill() else { stopped = true; return }
        let first = from / 8, last = (to + 7) / 8
        piece.kind = kind
        piece.raw.count = 0
        piece.raw.reserve(last - first)
        piece.raw.base.copyMemory(from: window.base + first, byteCount: last - first)
        piece.raw.count = last - first
        piece.firstBit = from % 8
        piece.bitCount = to - from
        piece.level = level
        // A piece cut short by a false marker may end before its CRC does; the window still
        // holds it (the marker that ended the piece is in the window too).
        piece.crc = from + 80 <= window.count * 8 ? Bzip2Magic.crc(window.bytes, blockAt: from) : 0
        piece.startOffset = windowStart + Int64(first)
        piece.endOffset = windowStart + Int64(to / 8)
        piece.failure = nil
        queue.publish()
    }

    private func emitStreamEnd(crc: UInt32, markerBit: Int, endByte: Int) {
        guard !stopped, let piece = queue.pieceToFill() else { stopped = true; return }
        piece.kind = .streamEnd
        piece.crc = crc
        piece.startOffset = windowStart + Int64(markerBit / 8)
        piece.endOffset = windowStart + Int64(endByte)
        piece.failure = nil
        queue.publish()
    }

    private func truncated() -> BlockQueue.Finish {
        .truncated(compressedOffset: windowStart + Int64(window.count))
    }

    private func corrupt(at offset: Int64, _ detail: String) -> InputError {
        .corruptStream(file: source.name, format: .bzip2, compressedOffset: offset, uncompressedOffset: -1, detail: detail)
    }

    /// Makes the window reach byte `end` if the file is that long; false when it is not.
    private func fill(to end: Int) throws(InputError) -> Bool {
        while window.count < end {
            if fileEnded { return false }
            try readMore()
        }
        return true
    }

    private func readMore() throws(InputError) {
        window.reserve(window.count + Self.readSize)
        let n = try source.readFileBytes(into: UnsafeMutableRawBufferPointer(start: window.base + window.count, count: Self.readSize))
        if n == 0 { fileEnded = true }
        window.count += n
    }

    private func discard(before byte: Int) {
        guard byte > 0 else { return }
        (window.base).copyMemory(from: window.base + byte, byteCount: window.count - byte)
        window.count -= byte
        windowStart += Int64(byte)
    }
}
