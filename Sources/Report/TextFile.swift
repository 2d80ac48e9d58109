import Foundation

/// Writes a text file through a temporary name beside it, so nothing half-written is left.
public enum TextFile {
    public static func write(_ text: String, to path: String) throws {
        let temporary = path + ".tmp-\(getpid())"
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
        } catch {
            throw CSVError.cannotWrite(path: path, reason: (error as NSError).localizedDescription)
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw CSVError.cannotWrite(path: path, reason: reason)
        }
    }
}
