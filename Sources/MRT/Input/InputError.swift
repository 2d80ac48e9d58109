/// Why an input file could not be read to its end. Each names the file and where it stopped:
/// for a compressed file both the compressed offset (bytes of the file) and the uncompressed
/// offset (bytes of MRT data produced so far).
public enum InputError: Error, Equatable, CustomStringConvertible {
    case cannotOpen(file: String, reason: String)
    case readFailed(file: String, reason: String)
    case corruptStream(file: String, format: Compression, compressedOffset: Int64, uncompressedOffset: Int64, detail: String)
    case truncatedStream(file: String, format: Compression, compressedOffset: Int64, uncompressedOffset: Int64)

    public var description: String {
        switch self {
        case let .cannotOpen(file, reason):
            return "\(file): cannot open: \(reason); check the path and permissions"
        case let .readFailed(file, reason):
            return "\(file): read failed: \(reason)"
        case let .corruptStream(file, format, c, u, detail):
            return "\(file): corrupt \(format) data at compressed offset \(c) (uncompressed offset \(u)): \(detail); "
                + "records before this point were decoded, the rest of the file is unreadable"
        case let .truncatedStream(file, format, c, u):
            return "\(file): \(format) stream ends early at compressed offset \(c) (uncompressed offset \(u)); "
                + "the file looks truncated (an interrupted download?); records before this point were decoded"
        }
    }
}

/// The container format of an input, detected from its first bytes.
public enum Compression: String, Sendable, CustomStringConvertible {
    case none = "plain"
    case gzip
    case bzip2

    public var description: String { rawValue }

    /// gzip starts 1f 8b (RFC 1952 section 2.3.1); bzip2 starts "BZh" and a block size digit,
    /// then the block magic 31 41 59 26 53 59 (or, for an empty stream, the end-of-stream
    /// magic 17 72 45 38 50 90). The magic matters: a plain MRT file whose first timestamp is
    /// 0x425A6831-0x425A6839 (2005-04-11 12:06:09-17 UTC) also starts "BZh1"-"BZh9".
    public static func detect(_ head: UnsafeRawBufferPointer) -> Compression {
        if head.count >= 2, head[0] == 0x1F, head[1] == 0x8B { return .gzip }
        if head.count >= 4, head[0] == 0x42, head[1] == 0x5A, head[2] == 0x68, (0x31...0x39).contains(head[3]) {
            guard head.count >= 10 else { return .bzip2 }
            let magic = Array(head[4..<10])
            if magic == [0x31, 0x41, 0x59, 0x26, 0x53, 0x59] || magic == [0x17, 0x72, 0x45, 0x38, 0x50, 0x90] { return .bzip2 }
        }
        return .none
    }
}
