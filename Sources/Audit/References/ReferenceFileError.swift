/// Why a reference file (AS relationships, RPKI VRPs, IRR route objects) could not be read.
/// Each message names the file, the line (or JSON entry) and what to do about it.
public enum ReferenceFileError: Error, Equatable, CustomStringConvertible {
    /// The file could not be opened or decompressed.
    case unreadable(file: String, reason: String)
    /// A line does not have the form the format needs; `expected` says what it should be.
    case malformedLine(file: String, line: Int, text: String, expected: String)
    /// A JSON file that is not JSON, or lacks the `roas` list.
    case malformedJSON(file: String, reason: String)
    /// An entry of a JSON list (counted from 0) lacks a field or has a bad value.
    case malformedEntry(file: String, index: Int, expected: String)
    /// A VRP file naming more distinct trust anchors than the reader keeps apart.
    case tooManyTrustAnchors(file: String, limit: Int)

    public var description: String {
        switch self {
        case let .unreadable(file, reason):
            return "\(file): cannot read: \(reason); check the path in the job file (inputs:) or the command-line flag"
        case let .malformedLine(file, line, text, expected):
            return "\(file) line \(line): \"\(Self.shortened(text))\" is not \(expected); fix or delete the line"
        case let .malformedJSON(file, reason):
            return "\(file): \(reason); give an rpki-client or Routinator JSON export ({\"roas\": [...]}) or its CSV export"
        case let .malformedEntry(file, index, expected):
            return "\(file): roas[\(index)]: \(expected); fix or delete the entry"
        case let .tooManyTrustAnchors(file, limit):
            return "\(file): more than \(limit) different trust anchors; a validator's export names a few (one per RIR), "
                + "so this is not a VRP export: give the rpki-client or Routinator output"
        }
    }

    private static func shortened(_ text: String) -> String {
        text.count <= 80 ? text : String(text.prefix(77)) + "..."
    }
}
