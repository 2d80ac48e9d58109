import Foundation

/// A file that could not be read, and why, in words a user acts on.
struct UnreadableFile: Error {
    var reason: String

    init(reason: String) { self.reason = reason }

    init(path: String, error: Error) {
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            reason = "no such file"
        } else if isDirectory.boolValue {
            reason = "is a directory"
        } else if !FileManager.default.isReadableFile(atPath: path) {
            reason = "permission denied"
        } else {
            reason = (error as NSError).localizedDescription
        }
    }
}

/// The bytes of the file at `path`.
func readBytes(path: String) throws(UnreadableFile) -> Data {
    do {
        return try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
        throw UnreadableFile(path: path, error: error)
    }
}

/// The UTF-8 text of the file at `path`. Decoded here rather than by
/// `String(contentsOfFile:)`, whose error on Linux does not say that the bytes are not text.
func readText(path: String) throws(UnreadableFile) -> String {
    guard let text = String(data: try readBytes(path: path), encoding: .utf8) else {
        throw UnreadableFile(reason: "not UTF-8 text (a compressed or binary file?)")
    }
    return text
}
