import CBzip2
import CIsal

/// Turns the bytes of one input into MRT bytes: gzip (every member of a multi-member file,
/// RFC 1952 section 2.2), bzip2 (every stream of a concatenated file) or plain. It belongs to
/// one thread at a time: the caller's for plain input, the decompression thread's
/// (`DecompressionThread`) for compressed input once that has started.
final class StreamDecoder {
    let name: String
    private(set) var compression: Compression = .none
    /// Bytes of MRT data produced so far.
    private(set) var uncompressedOffset: Int64 = 0
    /// Bytes of the file consumed by the decompressor so far.
    var compressedOffset: Int64 { file.offset - Int64(pendingCount) }
    var fileSize: Int64? { file.size }

    private let file: ByteOrigin
    private let inputBlock: UnsafeMutableRawBufferPointer
    private var pendingStart = 0
    private var pendingCount = 0
    private var fileEnded = false
    private var decoder: Decoder = .plain

    private enum Decoder {
        case plain
        case gzip(UnsafeMutablePointer<inflate_state>, ended: Bool)
        case bzip2(UnsafeMutablePointer<bz_stream>, ended: Bool)
        /// The damage inflate found, thrown again to every later read.
        case damaged(InputError)
    }

    static let blockSize = 1 << 18

    init(name: String, origin: ByteOrigin) {
        self.name = name
        file = origin
        inputBlock = .allocate(byteCount: Self.blockSize, alignment: 16)
    }

    /// An input that ends at once, standing in for a file that could not be opened.
    init(nothingNamed name: String) {
        self.name = name
        file = .memory(MemoryReader([]))
        inputBlock = .allocate(byteCount: Self.blockSize, alignment: 16)
        fileEnded = true
    }

    /// Reads the first block and sets up the decompressor its magic bytes call for.
    func start() throws(InputError) {
        try refill()
        compression = Compression.detect(UnsafeRawBufferPointer(rebasing: inputBlock[0..<pendingCount]))
        switch compression {
        case .none: decoder = .plain
        case .gzip: decoder = .gzip(startGzip(), ended: false)
        case .bzip2: decoder = .bzip2(try startBzip2(), ended: false)
        }
    }

    deinit {
        switch decoder {
        case .plain, .damaged: break
        case let .gzip(state, _): state.deallocate()
        case let .bzip2(stream, _): BZ2_bzDecompressEnd(stream); stream.deallocate()
        }
        inputBlock.deallocate()
    }

    /// Fills `buffer` with the next MRT bytes; returns how many, 0 at the end of the data.
    /// Throws at damage, after every byte before it has been returned by earlier calls.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        let produced: Int
        switch decoder {
        case .plain: produced = try readPlain(into: buffer)
        case let .gzip(stream, ended): produced = try readGzip(stream, ended: ended, into: buffer)
        case let .bzip2(stream, ended): produced = try readBzip2(stream, ended: ended, into: buffer)
        case let .damaged(damage): throw damage
        }
        uncompressedOffset += Int64(produced)
        return produced
    }

    /// The file's next bytes as they are, compressed or not: for a reader that decodes them
    /// itself (`ParallelBzip2`) once `start` has detected the format.
    func readFileBytes(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        try readPlain(into: buffer)
    }

    private func refill() throws(InputError) {
        if pendingCount > 0 && pendingStart > 0 {
            inputBlock.baseAddress!.copyMemory(from: inputBlock.baseAddress! + pendingStart, byteCount: pendingCount)
        }
        pendingStart = 0
        guard !fileEnded, pendingCount < inputBlock.count else { return }
        let n = try file.read(into: UnsafeMutableRawBufferPointer(rebasing: inputBlock[pendingCount...]))
        if n == 0 { fileEnded = true }
        pendingCount += n
    }

    /// The first pending byte of the file: where a decompressor reads on from.
    private var pendingBytes: UnsafeMutableRawPointer { inputBlock.baseAddress! + pendingStart }

    /// Takes `count` pending bytes as read.
    private func consume(_ count: Int) {
        pendingStart += count
        pendingCount -= count
    }

    private func readPlain(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        var filled = 0
        while filled < buffer.count {
            if pendingCount == 0 {
                if fileEnded { break }
                try refill()
                continue
            }
            let n = min(pendingCount, buffer.count - filled)
            (buffer.baseAddress! + filled).copyMemory(from: pendingBytes, byteCount: n)
            consume(n)
            filled += n
        }
        return filled
    }

    private func corrupt(_ detail: String) -> InputError {
        .corruptStream(file: name, format: compression, compressedOffset: compressedOffset,
                       uncompressedOffset: uncompressedOffset, detail: detail)
    }

    private func truncated() -> InputError {
        .truncatedStream(file: name, format: compression, compressedOffset: compressedOffset,
                         uncompressedOffset: uncompressedOffset)
    }

    /// True when nothing but end of file follows; false when another member/stream starts.
    /// Trailing zero bytes (padding some tools add) count as end of file.
    private func onlyPaddingRemains() throws(InputError) -> Bool {
        while true {
            if pendingCount == 0 {
                if fileEnded { return true }
                try refill()
                continue
            }
            if inputBlock[pendingStart] != 0 { return false }
            consume(1)
        }
    }

    // MARK: gzip (RFC 1952), one member after another

    /// ISA-L's inflate, which reads the gzip header and checks each member's CRC-32 and
    /// length (RFC 1952 section 2.3.1) itself: it inflates about four times as fast as zlib,
    /// and a night's reconstruction inflates every file it reads.
    private func startGzip() -> UnsafeMutablePointer<inflate_state> {
        // Zeroed in place: the state is 87 kB, too large a value to build on a thread's stack.
        let state = UnsafeMutablePointer<inflate_state>.allocate(capacity: 1)
        UnsafeMutableRawPointer(state).initializeMemory(as: UInt8.self, repeating: 0, count: MemoryLayout<inflate_state>.size)
        restartGzip(state)
        return state
    }

    private func restartGzip(_ state: UnsafeMutablePointer<inflate_state>) {
        isal_inflate_init(state)
        state.pointee.crc_flag = UInt32(ISAL_GZIP)
    }

    private func readGzip(_ state: UnsafeMutablePointer<inflate_state>, ended: Bool,
                          into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        if ended { return 0 }
        var filled = 0
        while filled < buffer.count {
            if pendingCount == 0 && !fileEnded { try refill() }
            state.pointee.next_in = pendingBytes.assumingMemoryBound(to: UInt8.self)
            state.pointee.avail_in = UInt32(pendingCount)
            state.pointee.next_out = buffer.baseAddress!.advanced(by: filled).assumingMemoryBound(to: UInt8.self)
            state.pointee.avail_out = UInt32(buffer.count - filled)
            let status = isal_inflate(state)
            let consumed = pendingCount - Int(state.pointee.avail_in)
            consume(consumed)
            let before = filled
            filled = buffer.count - Int(state.pointee.avail_out)
            guard status == ISAL_DECOMP_OK else {
                return try stop(state, at: corrupt(Self.inflateProblem(status)), filled: filled)
            }
            if state.pointee.block_state == ISAL_BLOCK_FINISH {
                if try onlyPaddingRemains() {
                    decoder = .gzip(state, ended: true)
                    return filled
                }
                // Inflate waits for a whole header before judging it: a few stray bytes at the
                // end would otherwise read as a member cut short.
                guard try nextBytesStartAMember() else {
                    let damage = corrupt("bytes after the last gzip member that are neither a member nor zero padding")
                    return try stop(state, at: damage, filled: filled)
                }
                restartGzip(state)
            } else if consumed == 0 && filled == before {
                // Inflate wants more of the member than the bytes at hand.
                guard fileEnded else {
                    guard pendingCount < inputBlock.count else {
                        return try stop(state, at: corrupt("inflate took nothing from a full input block"), filled: filled)
                    }
                    try refill()
                    continue
                }
                if filled > 0 { return filled }
                throw truncated()
            }
        }
        return filled
    }

    /// Ends the gzip input at `damage`: the bytes before it are returned first, and every
    /// later read throws it (inflate is not asked again).
    private func stop(_ state: UnsafeMutablePointer<inflate_state>, at damage: InputError, filled: Int) throws(InputError) -> Int {
        decoder = .damaged(damage)
        state.deallocate()
        if filled > 0 { return filled }
        throw damage
    }

    /// Whether the pending bytes begin with the gzip magic 1F 8B (RFC 1952 section 2.3.1).
    private func nextBytesStartAMember() throws(InputError) -> Bool {
        while pendingCount < 2 && !fileEnded { try refill() }
        return pendingCount >= 2 && inputBlock[pendingStart] == 0x1F && inputBlock[pendingStart + 1] == 0x8B
    }

    private static func inflateProblem(_ status: Int32) -> String {
        switch status {
        case ISAL_INVALID_WRAPPER: "not a gzip member header"
        case ISAL_UNSUPPORTED_METHOD: "a gzip member compressed by a method other than deflate"
        case ISAL_INCORRECT_CHECKSUM: "the CRC-32 or length in a gzip member's trailer does not match its data"
        case ISAL_INVALID_BLOCK: "invalid deflate block"
        case ISAL_INVALID_SYMBOL: "invalid deflate code"
        case ISAL_INVALID_LOOKBACK: "a deflate back-reference before the start of the data"
        default: "inflate error \(status)"
        }
    }

    // MARK: bzip2, one stream after another

    private func startBzip2() throws(InputError) -> UnsafeMutablePointer<bz_stream> {
        let stream = UnsafeMutablePointer<bz_stream>.allocate(capacity: 1)
        stream.initialize(to: bz_stream())
        guard BZ2_bzDecompressInit(stream, 0, 0) == BZ_OK else {
            stream.deallocate()
            throw corrupt("libbz2 could not be initialised")
        }
        return stream
    }

    private func readBzip2(_ stream: UnsafeMutablePointer<bz_stream>, ended: Bool,
                           into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        if ended { return 0 }
        var filled = 0
        while filled < buffer.count {
            if pendingCount == 0 && !fileEnded { try refill() }
            if pendingCount == 0 && fileEnded {
                if filled > 0 { return filled }
                throw truncated()
            }
            stream.pointee.next_in = pendingBytes.assumingMemoryBound(to: CChar.self)
            stream.pointee.avail_in = UInt32(pendingCount)
            stream.pointee.next_out = buffer.baseAddress!.advanced(by: filled).assumingMemoryBound(to: CChar.self)
            stream.pointee.avail_out = UInt32(buffer.count - filled)
            let status = BZ2_bzDecompress(stream)
            consume(pendingCount - Int(stream.pointee.avail_in))
            filled = buffer.count - Int(stream.pointee.avail_out)
            switch status {
            case BZ_OK:
                continue
            case BZ_STREAM_END:
                BZ2_bzDecompressEnd(stream)
                if try onlyPaddingRemains() {
                    decoder = .bzip2(stream, ended: true)
                    // Re-initialise so deinit's End call pairs with an Init.
                    BZ2_bzDecompressInit(stream, 0, 0)
                    return filled
                }
                stream.initialize(to: bz_stream())
                guard BZ2_bzDecompressInit(stream, 0, 0) == BZ_OK else { throw corrupt("libbz2 could not restart") }
            default:
                if filled > 0 { return filled }
                throw corrupt("bzip2 error \(status)")
            }
        }
        return filled
    }
}

/// Where the (possibly compressed) bytes come from.
enum ByteOrigin {
    case file(FileReader)
    case memory(MemoryReader)

    var offset: Int64 {
        switch self {
        case let .file(f): return f.offset
        case let .memory(m): return Int64(m.position)
        }
    }

    var size: Int64? {
        switch self {
        case let .file(f): return f.size
        case let .memory(m): return Int64(m.bytes.count)
        }
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        switch self {
        case let .file(f): return try f.read(into: buffer)
        case let .memory(m): return m.read(into: buffer)
        }
    }
}

final class MemoryReader {
    let bytes: [UInt8]
    private(set) var position = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let n = min(buffer.count, bytes.count - position)
        bytes.withUnsafeBytes { source in
            buffer.baseAddress!.copyMemory(from: source.baseAddress! + position, byteCount: n)
        }
        position += n
        return n
    }
}
