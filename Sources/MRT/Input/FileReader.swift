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
    private let tap: ByteTap?
    private(set) var offset: Int64 = 0

    /// How long to wait for a program to open a named pipe for writing before giving up
    /// (`IXAUDIT_FIFO_WAIT_SECONDS`, default 60): a FIFO nobody writes to must not hang a
    /// nightly run for ever.
    static var fifoWaitSeconds: Int32 {
        getenv("IXAUDIT_FIFO_WAIT_SECONDS").flatMap { Int32(String(cString: $0)) }.map { max(0, $0) } ?? 60
    }

    init(path: String, tap: ByteTap? = nil) throws(InputError) {
        self.tap = tap
        if path == "-" {
            name = "<stdin>"
            descriptor = 0
            ownsDescriptor = false
            return
        }
        name = path
        var info = stat()
        let isFIFO = stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO
        // A FIFO is opened without blocking, then polled: open(2) would wait for a writer
        // with no way to give up.
        let fd = open(path, O_RDONLY | (isFIFO ? O_NONBLOCK : 0))
        guard fd >= 0 else { throw .cannotOpen(file: path, reason: String(cString: strerror(errno))) }
        if fstat(fd, &info) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                close(fd)
                throw .cannotOpen(file: path, reason: "is a directory, not a file")
            case S_IFREG, S_IFIFO:
                break
            default:
                close(fd)
                throw .cannotOpen(file: path, reason: "is a device or socket, not a file")
            }
        }
        if isFIFO {
            var request = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            var ready: Int32
            repeat { ready = poll(&request, 1, Self.fifoWaitSeconds * 1000) } while ready < 0 && errno == EINTR
            guard ready > 0 else {
                close(fd)
                throw .cannotOpen(file: path, reason: "it is a named pipe and no program wrote to it within \(Self.fifoWaitSeconds) s "
                    + "(IXAUDIT_FIFO_WAIT_SECONDS)")
            }
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        }
        descriptor = fd
        ownsDescriptor = true
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
            tap?.consume(UnsafeRawBufferPointer(start: buffer.baseAddress! + filled, count: n))
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
