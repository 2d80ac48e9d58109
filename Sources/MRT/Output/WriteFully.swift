#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// write(2) until every byte is out, retrying after a signal: 0, or the errno of the failure
/// (EPIPE for a reader that went away, ENOSPC for a full disk). Every writer of the project
/// goes through it, so no failed write goes unnoticed.
public func writeFully(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32 {
    var offset = 0
    while offset < bytes.count {
        guard let base = bytes.baseAddress else { return 0 }
        let n = write(descriptor, base + offset, bytes.count - offset)
        if n < 0 {
            if errno == EINTR { continue }
            return errno
        }
        offset += n
    }
    return 0
}

extension MRTInput {
    /// The whole uncompressed content of a file (plain, gzip or bzip2), read once; `tap` sees
    /// its raw bytes as they are read. For the small inputs read whole: reference files, the
    /// member list, the job.
    public static func readAll(path: String, tap: ByteTap? = nil) throws(InputError) -> [UInt8] {
        let input = try MRTInput(path: path, tap: tap)
        var out: [UInt8] = []
        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { block.deallocate() }
        while true {
            let n = try input.read(into: block)
            if n == 0 { return out }
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: block[0..<n]))
        }
    }
}
