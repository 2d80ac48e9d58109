#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CBzip2

/// Decodes a bzip2 file's blocks side by side: one thread splits the file into blocks
/// (`StreamSplitter`), decoder threads and the reader itself decode them (`BlockDecoder`), one
/// decoding thread per core, and the caller reads the decoded bytes back in file order. bzip2
/// blocks are independent (each is its own Burrows-Wheeler transform with its own CRC), so
/// the output is byte for byte what a sequential decoder gives, including every stream of a concatenated file (pbzip2 writes one
/// stream per block). Each block is checked against its CRC by its decoder and each stream against
/// its combined CRC here. A block that fails is joined with the next one or two pieces and
/// decoded again (a block magic inside compressed data cuts a block in two); if that fails
/// too the file is damaged there, and the error names the block's offset after every byte
/// before it has been read. Memory is bounded by the queue: a few blocks in flight.
final class ParallelBzip2 {
    private let name: String
    private let queue: BlockQueue
    private var threads: [pthread_t] = []
    /// The next piece to read, counted from the start of the file.
    private var sequence = 0
    private var current = UnsafeRawBufferPointer(start: nil, count: 0)
    private var position = 0
    /// Pieces before this one are released once `current` is read.
    private var holding = 0
    private var ended = false
    /// The combined CRC of the current stream's blocks read so far.
    private var combined: UInt32 = 0
    private var produced: Int64 = 0
    /// Compressed bytes behind the data handed out so far.
    private(set) var compressedOffset: Int64
    private lazy var readerDecoder = BlockDecoder()
    private lazy var joined = MappedBuffer(capacity: 1 << 20)
    private lazy var joinedOutput = MappedBuffer(capacity: 1 << 20)

    /// Decoder threads besides the reader, which decodes too while it waits when a core is
    /// free (`SpareCore`): one per core in all, at most four. No more: each decoder walks a
    /// block of up to 3.6 MB (the inverse transform, see `InverseBWT`) in an order no cache predicts, and
    /// two decoders taking turns on one core evict each other's block; measured on 2 cores,
    /// three decoding threads used twice the CPU time of two for the same file.
    static var decoderThreads: Int { max(1, min(4, SpareCore.cores - 1)) }

    /// Takes `source` over (its file, from where its reading stopped); nil when no thread
    /// could be started (the caller decodes sequentially).
    init?(taking source: StreamDecoder) {
        name = source.name
        compressedOffset = source.compressedOffset
        let decoders = Self.decoderThreads
        // Room for every decoder and the reader to work on one piece and have another one
        // ready while the splitter fills one more (and at least three, for joining a block
        // with the two pieces after it): a decoder the system stops for a moment must not
        // stop the others.
        queue = BlockQueue(count: 2 * (decoders + 1) + 2)
        // The decoders first: until the splitter runs, `source` is untouched, so the caller
        // can still decode it sequentially when a thread cannot be started.
        for _ in 0..<decoders {
            let queue = self.queue
            guard let thread = Self.spawn({
                let decoder = BlockDecoder()
                while let piece = queue.nextToDecode() {
                    piece.failure = decoder.decode(piece.bits, into: piece.output)
                    queue.decoded(piece)
                }
            }) else { break }
            threads.append(thread)
        }
        let splitter = StreamSplitter(source: source, queue: queue)
        guard !threads.isEmpty, let thread = Self.spawn({ splitter.run() }) else {
            queue.cancel()
            for thread in threads { pthread_join(thread, nil) }
            threads = []
            return nil
        }
        threads.append(thread)
    }

    deinit {
        queue.cancel()
        for thread in threads { pthread_join(thread, nil) }
    }

    /// Copies the next decoded bytes into `buffer`; 0 at the end of the data. Throws at damage
    /// once every byte before it has been returned.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        guard buffer.count > 0 else { return 0 }
        while position == current.count {
            if ended { return 0 }
            queue.release(before: holding)
            try advance()
        }
        let n = min(buffer.count, current.count - position)
        buffer.baseAddress!.copyMemory(from: current.baseAddress! + position, byteCount: n)
        position += n
        produced += Int64(n)
        return n
    }

    /// Makes the next piece's bytes `current` (empty for an end of stream), or throws.
    private func advance() throws(InputError) {
        current = UnsafeRawBufferPointer(start: nil, count: 0)
        position = 0
        switch queue.piece(sequence, help: SpareCore.available() ? decodeHere : nil) {
        case let .finished(finish):
            switch finish {
            case .ended:
                ended = true
            case let .truncated(offset):
                throw .truncatedStream(file: name, format: .bzip2, compressedOffset: offset, uncompressedOffset: produced)
            case let .failed(.corruptStream(file, format, offset, _, detail)):
                throw .corruptStream(file: file, format: format, compressedOffset: offset, uncompressedOffset: produced, detail: detail)
            case let .failed(error):
                throw error
            }
        case let .piece(piece):
            switch piece.kind {
            case .streamEnd:
                guard piece.crc == combined else {
                    throw corrupt(at: piece.startOffset, "the stream's combined CRC \(hex(piece.crc)) does not match its blocks' "
                        + "(\(hex(combined))); every block passed its own CRC, so the stream's end is damaged")
                }
                combined = 0
                sequence += 1
                compressedOffset = piece.endOffset
            case .block, .tail:
                var taken = 1
                if piece.failure == nil {
                    current = piece.output.bytes
                    compressedOffset = piece.endOffset
                } else if piece.kind == .tail, decodeTail(piece) {
                    current = joinedOutput.bytes
                    compressedOffset = piece.endOffset
                } else if let (count, endOffset) = join(from: sequence) {
                    current = joinedOutput.bytes
                    taken = count
                    compressedOffset = endOffset
                } else if let tail = tailReached {
                    // The file ends inside this block: nothing of it can be decoded, nor
                    // anything after it; the splitter's finish says where the file ends.
                    sequence = tail + 1
                    holding = sequence
                    return
                } else {
                    throw corrupt(at: piece.startOffset, "the block at bit \(piece.firstBit) of this byte does not decode "
                        + "(\(Self.reason(piece.failure!))); every block before it was checked against its CRC")
                }
                combined = (combined << 1 | combined >> 31) ^ piece.crc
                sequence += taken
            }
        }
        holding = sequence
    }

    /// The sequence number of the file's tail piece when the last join reached it.
    private var tailReached: Int?

    /// Joins the failed piece `first` with the next one, then the next two (pieces of the
    /// same stream) and decodes them as one block; returns how many pieces the block took and
    /// where in the file it ends.
    private func join(from first: Int) -> (Int, Int64)? {
        tailReached = nil
        var parts: [Bzip2Piece] = []
        guard case let .piece(head) = queue.piece(first, help: decodeHere) else { return nil }
        if head.kind == .tail { tailReached = first }
        parts.append(head)
        for extra in 1...2 {
            guard parts.last!.kind == .block, case let .piece(next) = queue.piece(first + extra, help: decodeHere), next.kind != .streamEnd else {
                return nil
            }
            parts.append(next)
            if next.kind == .tail { tailReached = first + extra }
            joined.count = 0
            var bitCount = 0
            for (i, part) in parts.enumerated() {
                let bytes = i == parts.count - 1 ? part.raw.count : (part.firstBit + part.bitCount) / 8
                joined.reserve(joined.count + bytes)
                (joined.base + joined.count).copyMemory(from: part.raw.base, byteCount: bytes)
                joined.count += bytes
                bitCount += part.bitCount
            }
            let block = BlockBits(raw: joined.bytes, firstBit: head.firstBit, bitCount: bitCount, level: head.level, crc: head.crc)
            if readerDecoder.decode(block, into: joinedOutput) == nil { return (parts.count, next.endOffset) }
        }
        return nil
    }

    /// A file cut right after a block, inside the marker that follows it, still has that
    /// block whole (a sequential decoder gives its bytes before it notices the cut): the tail
    /// is tried without its last bits wherever they spell the start of a marker.
    private func decodeTail(_ piece: Bzip2Piece) -> Bool {
        let bits = piece.raw.bytes
        let end = piece.firstBit + piece.bitCount
        for count in 1..<Bzip2Magic.bitCount where piece.bitCount - count > 80 {
            guard Bzip2Magic.endsInPartialMarker(bits, end: end, count: count) else { continue }
            let block = BlockBits(raw: bits, firstBit: piece.firstBit, bitCount: piece.bitCount - count,
                                  level: piece.level, crc: piece.crc)
            if readerDecoder.decode(block, into: joinedOutput) == nil { return true }
        }
        return false
    }

    private func decodeHere(_ piece: Bzip2Piece) {
        piece.failure = readerDecoder.decode(piece.bits, into: piece.output)
    }

    private func corrupt(at offset: Int64, _ detail: String) -> InputError {
        .corruptStream(file: name, format: .bzip2, compressedOffset: offset, uncompressedOffset: produced, detail: detail)
    }

    private func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
    }

    private static func reason(_ code: Int32) -> String {
        switch code {
        case BZ_DATA_ERROR: return "its data or its CRC is damaged"
        case BZ_DATA_ERROR_MAGIC: return "it is not bzip2 data"
        case BZ_UNEXPECTED_EOF: return "it ends before its data does"
        case BZ_MEM_ERROR: return "out of memory"
        default: return "libbz2 error \(code)"
        }
    }

    /// Starts a thread running `body`; nil when the system would not.
    private static func spawn(_ body: @escaping () -> Void) -> pthread_t? {
        final class Box { let body: () -> Void; init(_ body: @escaping () -> Void) { self.body = body } }
        let context = Unmanaged.passRetained(Box(body)).toOpaque()
        var id = pthread_t()
        guard pthread_create(&id, nil, { context in
            Unmanaged<Box>.fromOpaque(context!).takeRetainedValue().body()
            return nil
        }, context) == 0 else {
            Unmanaged<Box>.fromOpaque(context).release()
            return nil
        }
        return id
    }
}
