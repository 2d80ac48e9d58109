#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Raw bytes of a file or of standard input (`-`), read in large blocks with read(2).
final class FileReader {
    let name: String
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private(set) var offset: Int64 = 0

    init(path: String) throws(InputError) {
        if path == "-" {
            name = "<stdin>"
            descriptor = 0
            ownsDescriptor = false
        } else {
            name = path
            let fd = open(path, O_RDONLY)
            guard fd >= 0 else { throw .cannotOpen(file: path, reason: String(cString: strerror(errno))) }
            var info = stat()
            if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
                close(fd)
                throw .cannotOpen(file: path, reason: "is a directory")
            }
            descriptor = fd
            ownsDescriptor = true
        }
    }

    deinit { if ownsDescriptor { close(descriptor) } }

    /// Fills as much of `buffer` as the file has; 0 means end of file.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        var filled = 0
        while filled < buffer.count {
            let n = Glibc.read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            if n < 0 {
                if errno == EINTR { continue }
                throw .readFailed(file: name, reason: String(cString: strerror(errno)))
            }
            if n == 0 { break }
            filled += n
        }
        offset += Int64(filled)
        return filled
    }

    /// Total size when the input is a regular file (for progress), nil for pipes.
    var size: Int64? {
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int64(info.st_size)
    }
}
