import Foundation

/// A report directory written as a whole: files go into a staging directory beside the
/// final one, which replaces the final one only when everything is written, so a failed run
/// leaves the previous report in place.
public struct ReportDirectory {
    public let final: String
    public let path: String

    public init(final: String) {
        let trimmed = final.count > 1 && final.hasSuffix("/") ? String(final.dropLast()) : final
        self.final = trimmed
        self.path = "\(trimmed).partial-\(getpid())"
    }

    public func prepare() throws(OutputError) {
        let manager = FileManager.default
        do {
            if manager.fileExists(atPath: path) { try manager.removeItem(atPath: path) }
            try manager.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw .cannotWrite(path: path, reason: OutputError.reason(error))
        }
    }

    /// Moves the staging directory into place; the previous report, if any, goes only after.
    public func commit() throws(OutputError) {
        let manager = FileManager.default
        let previous = "\(final).previous-\(getpid())"
        let hadPrevious = manager.fileExists(atPath: final)
        do {
            if hadPrevious { try manager.moveItem(atPath: final, toPath: previous) }
            do {
                try manager.moveItem(atPath: path, toPath: final)
            } catch {
                if hadPrevious { try? manager.moveItem(atPath: previous, toPath: final) }
                throw error
            }
        } catch {
            throw .cannotWrite(path: final, reason: OutputError.reason(error))
        }
        if hadPrevious { try? manager.removeItem(atPath: previous) }
    }

    public func discard() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Why an output could not be written: the path and the system's reason.
public enum OutputError: Error, CustomStringConvertible {
    case cannotWrite(path: String, reason: String)
    /// A writer's own error, which already names the path.
    case writer(String)

    public var description: String {
        switch self {
        case let .cannotWrite(path, reason):
            return "cannot write \(path): \(reason); check the path, the permissions and the free space"
        case let .writer(message):
            return message
        }
    }

    /// The system's reason without Foundation's wrapping.
    static func reason(_ error: Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if nsError.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(nsError.code))) }
        return nsError.localizedDescription
    }
}
