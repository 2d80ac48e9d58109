import Foundation

/// Why a file could not be read, in words a user acts on.
func readFailure(path: String, error: Error) -> String {
    var isDirectory: ObjCBool = false
    if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) { return "no such file" }
    if isDirectory.boolValue { return "is a directory" }
    if !FileManager.default.isReadableFile(atPath: path) { return "permission denied" }
    if (error as NSError).domain == NSCocoaErrorDomain, (error as NSError).code == CocoaError.fileReadInapplicableStringEncoding.rawValue {
        return "not UTF-8 text"
    }
    return (error as NSError).localizedDescription
}
