import CBzip2
import CZlib

/// gzip and bzip2 compression of test bytes through the same system libraries the decoder
/// links (zlib, libbz2).
enum Compressor {
    /// One gzip member (RFC 1952): deflate with windowBits 15 + 16 (gzip wrapper).
    static func gzip(_ bytes: [UInt8], level: Int32 = 6) -> [UInt8] {
        var stream = z_stream()
        let initialised = deflateInit2_(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY,
                                        zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        precondition(initialised == Z_OK, "deflateInit2_ failed: \(initialised)")
        defer { deflateEnd(&stream) }
        var input = bytes
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(bytes.count))) + 64)
        let status: Int32 = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { destination in
                stream.next_in = source.baseAddress
                stream.avail_in = uInt(source.count)
                stream.next_out = destination.baseAddress
                stream.avail_out = uInt(destination.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        precondition(status == Z_STREAM_END, "deflate did not finish: \(status)")
        return Array(output.prefix(Int(stream.total_out)))
    }

    /// A multi-member gzip file: each part compressed as its own member, concatenated.
    static func gzipMembers(_ parts: [[UInt8]]) -> [UInt8] { parts.flatMap { gzip($0) } }

    /// One bzip2 stream (BZ2_bzBuffToBuffCompress); block size 1 (100 kB blocks).
    static func bzip2(_ bytes: [UInt8], blockSize100k: Int32 = 1) -> [UInt8] {
        var input = bytes.isEmpty ? [0] : bytes  // a non-nil base address; the length says 0
        var output = [UInt8](repeating: 0, count: bytes.count + bytes.count / 100 + 1024)
        var length = UInt32(output.count)
        let status = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { destination in
                source.baseAddress!.withMemoryRebound(to: CChar.self, capacity: max(source.count, 1)) { src in
                    destination.baseAddress!.withMemoryRebound(to: CChar.self, capacity: destination.count) { dst in
                        BZ2_bzBuffToBuffCompress(dst, &length, src, UInt32(bytes.count), blockSize100k, 0, 0)
                    }
                }
            }
        }
        precondition(status == BZ_OK, "BZ2_bzBuffToBuffCompress failed: \(status)")
        return Array(output.prefix(Int(length)))
    }

    /// Concatenated bzip2 streams (what pbzip2 and `cat a.bz2 b.bz2` produce).
    static func bzip2Streams(_ parts: [[UInt8]]) -> [UInt8] { parts.flatMap { bzip2($0) } }
}
