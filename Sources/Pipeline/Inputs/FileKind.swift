#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a path is, told by stat(2) without opening it: nothing is read twice, and a FIFO is
/// not consumed by looking at it.
enum FileKind: Equatable {
    case regular(size: Int64)
    /// A named pipe or a process substitution (`<(zcat ...)`): read once, size unknown.
    case pipe
    case missing
    case directory
    /// A device or a socket: not an input file.
    case special
    case unreadable(reason: String)

    init(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            self = errno == ENOENT || errno == ENOTDIR ? .missing : .unreadable(reason: String(cString: strerror(errno)))
            return
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            self = access(path, R_OK) == 0 ? .regular(size: Int64(info.st_size)) : .unreadable(reason: "permission denied")
        case S_IFIFO:
            self = .pipe
        case S_IFDIR:
            self = .directory
        default:
            self = .special
        }
    }
}
