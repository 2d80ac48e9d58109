import CBzip2
import CIsal
import CZlib

/// The compressor of one output file: gzip (RFC 1952, through zlib's deflate with
/// windowBits 15 + 16 for the gzip wrapper, or through ISA-L's igzip), bzip2 (libbz2), or
/// none. Holds C stream state, so a class; `MRTFileWriter` owns one, and so does each
/// compressed CSV table of the reports.
public final class OutputCompressor {
    public struct Failure: Error {
        public var detail: String
    }

    private enum Engine {
        case plain
        case gzip(UnsafeMutablePointer<z_stream>)
        /// The stream and the buffer its level works in.
        case igzip(UnsafeMutablePointer<isal_zstream>, UnsafeMutableRawBufferPointer)
        case bzip2(UnsafeMutablePointer<bz_stream>)
    }

    private var engine: Engine
    private var ended = false
    /// Output is produced in blocks of this size.
    static let blockSize = 1 << 18

    /// `level`: zlib's 0-9 (default 6) or bzip2's block size 1-9 (default 9, 900 kB).
    /// `fast`: gzip through ISA-L's igzip at its level 1 instead of zlib (`level` is then not
    /// used). The reports' large tables are hundreds of megabytes of CSV a night: on a large
    /// IXP's route table igzip deflates about six times faster than zlib's level 1, into a
    /// slightly smaller file, which gzip, pandas, DuckDB and Spark read like any other.
    public init(_ format: Compression, level: Int32? = nil, fast: Bool = false) throws(Failure) {
        switch format {
        case .none:
            engine = .plain
        case .gzip where fast:
            let stream = UnsafeMutablePointer<isal_zstream>.allocate(capacity: 1)
            stream.initialize(to: isal_zstream())
            isal_deflate_init(stream)
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Int(cisal_level1_buffer_size()), alignment: 64)
            stream.pointee.level = 1
            stream.pointee.level_buf = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
            stream.pointee.level_buf_size = UInt32(buffer.count)
            stream.pointee.gzip_flag = UInt16(IGZIP_GZIP)
            engine = .igzip(stream, buffer)
        case .gzip:
            let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
            stream.initialize(to: z_stream())
            let status = deflateInit2_(stream, level ?? Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY,
                                       zlibVersion(), Int32(MemoryLayout<z_stream>.size))
            guard status == Z_OK else {
                stream.deallocate()
                throw Failure(detail: "deflateInit2_ returned \(status)")
            }
            engine = .gzip(stream)
        case .bzip2:
            let stream = UnsafeMutablePointer<bz_stream>.allocate(capacity: 1)
            stream.initialize(to: bz_stream())
            let status = BZ2_bzCompressInit(stream, level ?? 9, 0, 0)
            guard status == BZ_OK else {
                stream.deallocate()
                throw Failure(detail: "BZ2_bzCompressInit returned \(status)")
            }
            engine = .bzip2(stream)
        }
    }

    deinit { end() }

    /// Compresses `input`; with `finish` also ends the stream (Z_FINISH, BZ_FINISH). Returns
    /// the compressed bytes produced so far (often none: the libraries buffer).
    public func compress(_ input: [UInt8], finish: Bool) throws(Failure) -> [UInt8] {
        precondition(!ended, "compressor used after its stream ended")
        var output: [UInt8] = []
        switch engine {
        case .plain:
            output = input
        case let .gzip(stream):
            try deflateAll(stream, input, finish: finish, into: &output)
        case let .igzip(stream, _):
            try igzipAll(stream, input, finish: finish, into: &output)
        case let .bzip2(stream):
            try bzip2All(stream, input, finish: finish, into: &output)
        }
        if finish { end() }
        return output
    }

    /// RFC 1951/1952 through zlib: deflate until the input is consumed (and with Z_FINISH
    /// until Z_STREAM_END), one output block at a time.
    private func deflateAll(_ stream: UnsafeMutablePointer<z_stream>, _ input: [UInt8], finish: Bool,
                            into output: inout [UInt8]) throws(Failure) {
        var input = input
        var block = [UInt8](repeating: 0, count: Self.blockSize)
        var status: Int32 = Z_OK
        input.withUnsafeMutableBufferPointer { source in
            block.withUnsafeMutableBufferPointer { target in
                stream.pointee.next_in = source.baseAddress
                stream.pointee.avail_in = uInt(source.count)
                while true {
                    stream.pointee.next_out = target.baseAddress
                    stream.pointee.avail_out = uInt(target.count)
                    status = deflate(stream, finish ? Z_FINISH : Z_NO_FLUSH)
                    let produced = target.count - Int(stream.pointee.avail_out)
                    output += target[0..<produced]
                    if status == Z_STREAM_END { return }
                    guard status == Z_OK || status == Z_BUF_ERROR else { return }
                    // More output is pending while the block came back full.
                    if produced == target.count { continue }
                    if stream.pointee.avail_in == 0 && !finish { return }
                    if produced == 0 && status == Z_BUF_ERROR { return }
                }
            }
        }
        stream.pointee.next_in = nil
        stream.pointee.next_out = nil
        let expected = finish ? Z_STREAM_END : Z_OK
        if status != expected && !(status == Z_BUF_ERROR && !finish) {
            let message = stream.pointee.msg.map { String(cString: $0) } ?? "deflate returned \(status)"
            throw Failure(detail: message)
        }
    }

    /// RFC 1951/1952 through igzip: deflate until the input is consumed (and at the end until
    /// the stream's trailer is out), one output block at a time. igzip keeps what it needs of
    /// the input (its history) in its own state, so the input may go once it returns.
    private func igzipAll(_ stream: UnsafeMutablePointer<isal_zstream>, _ input: [UInt8], finish: Bool,
                          into output: inout [UInt8]) throws(Failure) {
        var input = input
        var block = [UInt8](repeating: 0, count: Self.blockSize)
        var status = Int32(COMP_OK)
        input.withUnsafeMutableBufferPointer { source in
            block.withUnsafeMutableBufferPointer { target in
                stream.pointee.next_in = source.baseAddress
                stream.pointee.avail_in = UInt32(source.count)
                stream.pointee.end_of_stream = finish ? 1 : 0
                repeat {
                    stream.pointee.next_out = target.baseAddress
                    stream.pointee.avail_out = UInt32(target.count)
                    status = isal_deflate(stream)
                    output += target[0..<(target.count - Int(stream.pointee.avail_out))]
                } while status == COMP_OK && (stream.pointee.avail_in > 0 || (finish && cisal_stream_ended(stream) == 0))
            }
        }
        stream.pointee.next_in = nil
        stream.pointee.next_out = nil
        if status != COMP_OK { throw Failure(detail: "isal_deflate returned \(status)") }
    }

    /// bzip2 through libbz2: BZ_RUN until the input is consumed, BZ_FINISH until
    /// BZ_STREAM_END, one output block at a time.
    private func bzip2All(_ stream: UnsafeMutablePointer<bz_stream>, _ input: [UInt8], finish: Bool,
                          into output: inout [UInt8]) throws(Failure) {
        var input = input
        var block = [UInt8](repeating: 0, count: Self.blockSize)
        var status: Int32 = BZ_OK
        input.withUnsafeMutableBytes { source in
            block.withUnsafeMutableBytes { target in
                stream.pointee.next_in = source.baseAddress?.assumingMemoryBound(to: CChar.self)
                stream.pointee.avail_in = UInt32(source.count)
                while true {
                    stream.pointee.next_out = target.baseAddress!.assumingMemoryBound(to: CChar.self)
                    stream.pointee.avail_out = UInt32(target.count)
                    status = BZ2_bzCompress(stream, finish ? BZ_FINISH : BZ_RUN)
                    let produced = target.count - Int(stream.pointee.avail_out)
                    output += target[0..<produced]
                    switch status {
                    case BZ_STREAM_END: return
                    case BZ_FINISH_OK: continue
                    case BZ_RUN_OK: if stream.pointee.avail_in == 0 && produced < target.count { return }
                    default: return
                    }
                }
            }
        }
        stream.pointee.next_in = nil
        stream.pointee.next_out = nil
        let expected = finish ? BZ_STREAM_END : BZ_RUN_OK
        if status != expected { throw Failure(detail: "BZ2_bzCompress returned \(status)") }
    }

    /// Releases the C stream (deflateEnd, BZ2_bzCompressEnd); safe to call twice.
    private func end() {
        guard !ended else { return }
        ended = true
        switch engine {
        case .plain: break
        case let .gzip(stream): deflateEnd(stream); stream.deallocate()
        case let .igzip(stream, buffer): stream.deallocate(); buffer.deallocate()
        case let .bzip2(stream): BZ2_bzCompressEnd(stream); stream.deallocate()
        }
    }
}
