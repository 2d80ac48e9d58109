import CBzip2
import CZlib

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
        case gzip(UnsafeMutablePointer<z_stream>, ended: Bool)
        case bzip2(UnsafeMutablePointer<bz_stream>, ended: Bool)
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
        case .gzip: decoder = .gzip(try startGzip(), ended: false)
        case .bzip2: decoder = .bzip2(try startBzip2(), ended: false)
        }
    }

    deinit {
        switch decoder {
        case .plain: break
        case let .gzip(stream, _): inflateEnd(stream); stream.deallocate()
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

    private func readPlain(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        var filled = 0
        while filled < buffer.count {
            if pendingCount == 0 {
                if fileEnded { break }
                try refill()
                continue
            }
            let n = min(pendingCount, buffer.count - filled)
            (buffer.baseAddress! + filled).copyMemory(from: inputBlock.baseAddress! + pendingStart, byteCount: n)
            pendingStart += n
            pendingCount -= n
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
            pendingStart += 1
            pendingCount -= 1
        }
    }

    // MARK: gzip (RFC 1952), one member after another

    private func startGzip() throws(InputError) -> UnsafeMutablePointer<z_stream> {
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // 15 + 16: gzip wrapper only, largest window.
        guard inflateInit2_(stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            stream.deallocate()
            throw corrupt("zlib could not be initialised")
        }
        return stream
    }

    private func readGzip(_ stream: UnsafeMutablePointer<z_stream>, ended: Bool,
                          into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        if ended { return 0 }
        var filled = 0
        while filled < buffer.count {
            if pendingCount == 0 && !fileEnded { try refill() }
            stream.pointee.next_in = inputBlock.baseAddress!.advanced(by: pendingStart).assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_in = uInt(pendingCount)
            stream.pointee.next_out = buffer.baseAddress!.advanced(by: filled).assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = uInt(buffer.count - filled)
            let status = inflate(stream, Z_NO_FLUSH)
            let consumed = pendingCount - Int(stream.pointee.avail_in)
            pendingStart += consumed
            pendingCount -= consumed
            filled = buffer.count - Int(stream.pointee.avail_out)
            switch status {
            case Z_OK:
                continue
            case Z_STREAM_END:
                if try onlyPaddingRemains() {
                    decoder = .gzip(stream, ended: true)
                    return filled
                }
                inflateReset(stream)
            case Z_BUF_ERROR where pendingCount == 0 && fileEnded:
                if filled > 0 { return filled }
                throw truncated()
            case Z_BUF_ERROR:
                continue
            default:
                if filled > 0 { return filled }
                let message = stream.pointee.msg.map { String(cString: $0) } ?? "inflate error \(status)"
                throw corrupt(message)
            }
        }
        return filled
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
            stream.pointee.next_in = inputBlock.baseAddress!.advanced(by: pendingStart).assumingMemoryBound(to: CChar.self)
            stream.pointee.avail_in = UInt32(pendingCount)
            stream.pointee.next_out = buffer.baseAddress!.advanced(by: filled).assumingMemoryBound(to: CChar.self)
            stream.pointee.avail_out = UInt32(buffer.count - filled)
            let status = BZ2_bzDecompress(stream)
            let consumed = pendingCount - Int(stream.pointee.avail_in)
            pendingStart += consumed
            pendingCount -= consumed
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
