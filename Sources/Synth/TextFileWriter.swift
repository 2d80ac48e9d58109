import BGP
import MRT

/// A large text file (the reference files, the flows) written in blocks through the MRT
/// module's file writer, plain or gzip: callers append bytes to `buffer` and call `flush()`
/// now and then; memory stays bounded by the block size.
struct TextFileWriter {
    let path: String
    private let file: MRTFileWriter
    var buffer: [UInt8] = []
    static let blockSize = 1 << 18

    init(path: String, compression: Compression = .none, level: Int32? = nil) throws(SynthError) {
        self.path = path
        do {
            file = try MRTFileWriter(path: path, compression: compression, level: level)
        } catch {
            throw SynthError.wrap(error, path: path)
        }
        buffer.reserveCapacity(Self.blockSize + 4096)
    }

    /// Writes the buffer out once it holds a block.
    mutating func flush() throws(SynthError) {
        guard buffer.count >= Self.blockSize else { return }
        try writeBuffer()
    }

    /// Writes the buffer, then `block` (a caller's own buffer, for the hot loops).
    mutating func write(_ block: [UInt8]) throws(SynthError) {
        try writeBuffer()
        do {
            try file.append(block)
        } catch {
            throw SynthError.wrap(error, path: path)
        }
    }

    /// Writes what is left and closes the file: its size on disk and before compression.
    mutating func finish() throws(SynthError) -> (fileBytes: Int64, uncompressedBytes: Int64) {
        try writeBuffer()
        do {
            try file.finish()
        } catch {
            throw SynthError.wrap(error, path: path)
        }
        return (file.fileBytes, file.uncompressedBytes)
    }

    private mutating func writeBuffer() throws(SynthError) {
        guard !buffer.isEmpty else { return }
        do {
            try file.append(buffer)
        } catch {
            throw SynthError.wrap(error, path: path)
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

extension SynthRoute {
    /// `192.0.2.0/24` or `2001:db8::/32`.
    func appendPrefix(to out: inout [UInt8]) {
        if isIPv6 {
            AddressText.appendIPv6(high: address, low: 0, to: &out)
        } else {
            AddressText.appendIPv4(UInt32(truncatingIfNeeded: address), to: &out)
        }
        out.append(UInt8(ascii: "/"))
        out.appendDecimal(UInt32(length))
    }
}
