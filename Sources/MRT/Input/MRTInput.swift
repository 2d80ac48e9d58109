/// The uncompressed MRT bytes of one input (a file path, or `-` for standard input), whatever
/// its container: gzip (every member of a multi-member file), bzip2 (every stream of a
/// concatenated file) or plain. The format is detected from the first bytes, never from the
/// name. Memory stays constant in the file size: one compressed block and a few
/// decompressed chunks are held at a time. Compressed input is decompressed on a thread of
/// its own (`DecompressionThread`), started at the first read; bzip2 on one thread per core,
/// block by block (`ParallelBzip2`).
public final class MRTInput {
    public let name: String
    public let compression: Compression
    /// Bytes of MRT data handed out so far.
    public private(set) var uncompressedOffset: Int64 = 0
    /// Bytes of the file behind the data handed out so far.
    public var compressedOffset: Int64 {
        parallel?.compressedOffset ?? background?.compressedOffset ?? decoder?.compressedOffset ?? 0
    }
    /// The file's size when it is a regular file (for progress), taken when it was opened.
    public let fileSize: Int64?

    /// The decoder while this thread reads through it: always for plain input, and for
    /// compressed input until the decompression thread takes it over.
    private var decoder: StreamDecoder?
    private var background: DecompressionThread?
    private var parallel: ParallelBzip2?

    /// `tap` sees the file's raw bytes as they are read (see `ByteTap`).
    public convenience init(path: String, tap: ByteTap? = nil) throws(InputError) {
        try self.init(StreamDecoder(name: path == "-" ? "<stdin>" : path, origin: .file(try FileReader(path: path, tap: tap))))
    }

    /// Bytes already in memory (tests, fuzzing), compressed or not.
    public convenience init(bytes: [UInt8], name: String = "<memory>") throws(InputError) {
        try self.init(StreamDecoder(name: name, origin: .memory(MemoryReader(bytes))))
    }

    /// An input that ends at once, standing in for a file that could not be opened.
    init(nothingNamed name: String) {
        self.name = name
        compression = .none
        fileSize = nil
        decoder = StreamDecoder(nothingNamed: name)
    }

    private init(_ decoder: StreamDecoder) throws(InputError) {
        try decoder.start()
        name = decoder.name
        compression = decoder.compression
        fileSize = decoder.fileSize
        self.decoder = decoder
    }

    /// Fills `buffer` with the next MRT bytes; returns how many, 0 at the end of the data.
    /// Throws at damage, after every byte before it has been returned by earlier calls.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        startDecompressing()
        let produced: Int
        if let parallel {
            produced = try parallel.read(into: buffer)
        } else if let background {
            produced = try background.read(into: buffer)
        } else {
            produced = try decoder!.read(into: buffer)
        }
        uncompressedOffset += Int64(produced)
        return produced
    }

    /// Starts decompressing on other threads now rather than at the first read, so that the
    /// first bytes are ready when a reader comes to this input (the next file of a merge).
    public func startDecompressing() {
        if compression == .bzip2, let decoder, let blocks = ParallelBzip2(taking: decoder) {
            parallel = blocks
            self.decoder = nil
        }
        if background == nil, parallel == nil, compression != .none, let decoder, let thread = DecompressionThread(taking: decoder) {
            background = thread
            self.decoder = nil
        }
    }

    /// The first `count` bytes of the data (fewer at its end), decompressed on the calling
    /// thread: a look at a file that starts no thread and inflates no more than it needs. The
    /// input is spent by it (a later `read` goes on after those bytes); nil after a `read`.
    func firstBytes(_ count: Int) throws(InputError) -> [UInt8]? {
        guard uncompressedOffset == 0, let decoder else { return nil }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 1)
        defer { buffer.deallocate() }
        let produced = try decoder.read(into: buffer)
        uncompressedOffset += Int64(produced)
        return Array(buffer.prefix(produced))
    }
}
