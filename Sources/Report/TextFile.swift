import Foundation
import MRT

/// Writes a text file through a temporary name beside it, so nothing half-written is left;
/// every write is checked and a failure names the path and the system's reason.
public enum TextFile {
    public static func write(_ text: String, to path: String) throws {
        let temporary = path + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw CSVError.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        var text = text
        var failure = text.withUTF8 { writeFully(descriptor, UnsafeRawBufferPointer($0)) }
        if close(descriptor) != 0 && failure == 0 { failure = errno }
        guard failure == 0, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(failure != 0 ? failure : errno))
            unlink(temporary)
            throw CSVError.cannotWrite(path: path, reason: reason)
        }
    }
}
