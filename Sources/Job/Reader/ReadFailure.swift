import Foundation

/// Why a file could not be read, in words a user acts on.
func readFailure(path: String, error: Error) -> String {
    var isDirectory: ObjCBool = false
    if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) { return "no such file" }
    if isDirectory.boolValue { return "is a directory" }
    if !FileManager.default.isReadableFile(atPath: path) { return "permission denied" }
    return (error as NSError).localizedDescription
}

/// A file that could not be read as text, and why.
struct UnreadableFile: Error {
    var reason: String
}

/// The UTF-8 text of the file at `path`. Decoded here rather than by
/// `String(contentsOfFile:)`, whose error on Linux does not say that the bytes are not text.
func readText(path: String) throws(UnreadableFile) -> String {
    let data: Data
    do {
        data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
        throw UnreadableFile(reason: readFailure(path: path, error: error))
    }
    guard let text = String(data: data, encoding: .utf8) else {
        throw UnreadableFile(reason: "not UTF-8 text (a compressed or binary file?)")
    }
    return text
}
