#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Appends MRT records to a file, plain or compressed (gzip or bzip2), in large blocks:
/// memory stays bounded however many records are written. Call `finish()` at the end: it
/// ends the compressed stream and closes the file. A writer dropped without `finish()`
/// releases its resources but leaves an incomplete file.
///
///     let file = try MRTFileWriter(path: "rib.20261121.0000.gz", compression: .gzip)
///     var writer = MRTWriter()
///     try file.append(writer.peerIndexTable(table, timestamp: t))
///     try file.append(writer.rib(timestamp: t, prefix: prefix, entries: routes))
///     try file.finish()
public final class MRTFileWriter {
    public let path: String
    public let compression: Compression
    public private(set) var recordsWritten = 0
    /// MRT bytes appended (before compression).
    public private(set) var uncompressedBytes: Int64 = 0
    /// Bytes written to the file so far.
    public private(set) var fileBytes: Int64 = 0

    private var descriptor: Int32
    private let compressor: OutputCompressor
    private var pending: [UInt8] = []
    private var isFinished = false
    /// Records are collected up to this many bytes before they are compressed and written.
    static let stagingSize = 1 << 20

    /// Creates (or truncates) the file at `path`. `level`: zlib's 0-9 (default 6) for gzip,
    /// bzip2's block size 1-9 (default 9) for bzip2; ignored for plain files.
    public init(path: String, compression: Compression = .none, level: Int32? = nil) throws(MRTWriteError) {
        self.path = path
        self.compression = compression
        do { compressor = try OutputCompressor(compression, level: level) } catch {
            throw .compressionFailed(file: path, format: compression, detail: error.detail)
        }
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .cannotCreate(file: path, reason: String(cString: strerror(errno))) }
        pending.reserveCapacity(Self.stagingSize)
    }

    deinit { if descriptor >= 0 { close(descriptor) } }

    /// Appends one record (as `MRTWriter` builds it).
    public func append(_ record: [UInt8]) throws(MRTWriteError) {
        guard !isFinished else { throw .finished(file: path) }
        pending += record
        recordsWritten += 1
        uncompressedBytes += Int64(record.count)
        if pending.count >= Self.stagingSize { try flush(finish: false) }
    }

    /// Appends records in order.
    public func append(contentsOf records: [[UInt8]]) throws(MRTWriteError) {
        for record in records { try append(record) }
    }

    /// Writes what is buffered, ends the compressed stream and closes the file. Calling it
    /// again does nothing.
    public func finish() throws(MRTWriteError) {
        guard !isFinished else { return }
        isFinished = true
        try flush(finish: true)
        let fd = descriptor
        descriptor = -1
        if close(fd) != 0 { throw .writeFailed(file: path, reason: String(cString: strerror(errno))) }
    }

    private func flush(finish: Bool) throws(MRTWriteError) {
        let compressed: [UInt8]
        do { compressed = try compressor.compress(pending, finish: finish) } catch {
            isFinished = true
            throw .compressionFailed(file: path, format: compression, detail: error.detail)
        }
        pending.removeAll(keepingCapacity: !finish)
        try writeOut(compressed)
    }

    /// write(2) until every byte is out.
    private func writeOut(_ bytes: [UInt8]) throws(MRTWriteError) {
        let failure = bytes.withUnsafeBytes { writeFully(descriptor, $0) }
        if failure != 0 {
            isFinished = true
            throw .writeFailed(file: path, reason: String(cString: strerror(failure)))
        }
        fileBytes += Int64(bytes.count)
    }
}
