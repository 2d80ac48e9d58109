import Foundation

/// Why an output could not be claimed or written: the path, what is wrong and what to do.
/// Each ends the run with exit 2 and leaves the previous output as it was.
public enum OutputError: Error, CustomStringConvertible {
    /// `--out` names something ixaudit must not replace.
    case refused(path: String, reason: String)
    /// Another run holds the directory.
    case busy(path: String, holder: String)
    case cannotWrite(path: String, reason: String)
    /// A writer's own error, which already names the path.
    case writer(String)

    public var description: String {
        switch self {
        case let .refused(path, reason):
            return "--out \(path): \(reason); nothing was written"
        case let .busy(path, holder):
            return "--out \(path): another ixaudit run (\(holder)) is writing it; wait for it, or give --wait to queue behind it"
        case let .cannotWrite(path, reason):
            return "cannot write \(path): \(reason); check the path, the permissions and the free space (the previous output is unchanged)"
        case let .writer(message):
            return message + " (the previous output is unchanged)"
        }
    }

    /// The system's reason for a Foundation error, without its wrapping.
    static func reason(_ error: Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if nsError.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(nsError.code))) }
        return nsError.localizedDescription
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}
