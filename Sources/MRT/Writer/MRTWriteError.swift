/// Why an MRT file could not be written. Each names the file.
public enum MRTWriteError: Error, Equatable, CustomStringConvertible {
    case cannotCreate(file: String, reason: String)
    case writeFailed(file: String, reason: String)
    case compressionFailed(file: String, format: Compression, detail: String)
    /// A record was appended after `finish()`.
    case finished(file: String)

    public var description: String {
        switch self {
        case let .cannotCreate(file, reason):
            return "\(file): cannot create: \(reason); check that the directory exists and is writable"
        case let .writeFailed(file, reason):
            return "\(file): write failed: \(reason); the file is incomplete"
        case let .compressionFailed(file, format, detail):
            return "\(file): \(format) compression failed: \(detail); the file is incomplete"
        case let .finished(file):
            return "\(file): a record was appended after the file was finished"
        }
    }
}
