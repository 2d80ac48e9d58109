/// Why a line of a flow file was set aside. Every line read is a sample, a header, a blank
/// line, a counter line or one of these: nothing is dropped without being counted.
public enum FlowSkipReason: Int, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    case tooFewFields
    case badTimestamp
    case badMAC
    case badAddress
    case badNumber
    case badSamplingRate
    /// An IP protocol number over 255 or a port over 65535, or not digits (the optional columns).
    case badProtocolOrPort
    case mixedFamilies
    /// sflowtool prints `-` for the addresses of a frame that is not IP (ARP, LACP, ...).
    case notIP
    /// In an sflowtool file, a line that is neither `FLOW` nor `CNTR`.
    case unknownLine
    case tooLong
    /// The last line, cut off where the compressed stream broke.
    case truncated

    public var description: String {
        switch self {
        case .tooFewFields: return "too few fields"
        case .badTimestamp: return "bad timestamp (Unix seconds or RFC 3339 expected)"
        case .badMAC: return "bad MAC address (aa:bb:cc:dd:ee:ff, aabb.ccdd.eeff or aabbccddeeff expected)"
        case .badAddress: return "bad IP address"
        case .badNumber: return "bad byte or packet count (digits expected)"
        case .badSamplingRate: return "bad sampling rate (a whole number of at least 1 expected)"
        case .badProtocolOrPort: return "bad protocol or port (a protocol number 0-255 and ports 0-65535 expected)"
        case .mixedFamilies: return "source and destination addresses of different families"
        case .notIP: return "not an IP frame"
        case .unknownLine: return "neither a FLOW nor a CNTR line"
        case .tooLong: return "line longer than \(FlowReader.bufferSize) bytes"
        case .truncated: return "line cut off where the file stopped"
        }
    }

    /// The column name for reports (`run.json`, CSV).
    public var key: String {
        switch self {
        case .tooFewFields: return "too-few-fields"
        case .badTimestamp: return "bad-timestamp"
        case .badMAC: return "bad-mac"
        case .badAddress: return "bad-address"
        case .badNumber: return "bad-number"
        case .badSamplingRate: return "bad-sampling-rate"
        case .badProtocolOrPort: return "bad-protocol-or-port"
        case .mixedFamilies: return "mixed-families"
        case .notIP: return "not-ip"
        case .unknownLine: return "unknown-line"
        case .tooLong: return "too-long"
        case .truncated: return "truncated"
        }
    }

    /// Whether a skipped line of this kind is a problem worth an issue message; frames that
    /// are not IP are normal on a peering LAN and only counted.
    public var isProblem: Bool { self != .notIP }
}

/// What the flow files held, line by line: `lines` equals `headerLines + blankLines +
/// counterLines + samples + skippedLines`.
public struct FlowReadSummary: Hashable, Sendable {
    /// Files opened and read (to their end or to where they broke).
    public var files = 0
    /// Files that broke part-way (corrupt or truncated compression), each with where.
    public var stoppedFiles: [String] = []
    public var lines = 0
    public var headerLines = 0
    public var blankLines = 0
    /// sflowtool `CNTR` lines (interface counters), skipped.
    public var counterLines = 0
    /// Lines read as samples.
    public var samples = 0
    public var skipped: [FlowSkipReason: Int] = [:]

    public init() {}

    public var skippedLines: Int { skipped.values.reduce(0, +) }

    public mutating func merge(_ other: FlowReadSummary) {
        files += other.files
        stoppedFiles += other.stoppedFiles
        lines += other.lines
        headerLines += other.headerLines
        blankLines += other.blankLines
        counterLines += other.counterLines
        samples += other.samples
        skipped.merge(other.skipped, uniquingKeysWith: +)
    }
}

/// A problem met while reading a flow file, with where it is.
public struct FlowIssue: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    /// 1-based; 0 when the issue is about the file as a whole.
    public var line: Int
    public var reason: FlowSkipReason?
    public var message: String

    public var description: String { line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)" }
}

/// Why a flow file could not be read at all.
public enum FlowReadError: Error, Hashable, Sendable, CustomStringConvertible {
    case cannotOpen(file: String, reason: String)
    /// The first line is neither a CSV header nor an sflowtool line.
    case unknownFormat(file: String, line: Int, text: String)
    /// A CSV header that lacks columns the checks need.
    case missingColumns(file: String, line: Int, missing: [String])
    case empty(file: String)

    public var description: String {
        switch self {
        case let .cannotOpen(file, reason):
            return "\(file): cannot read the flow file: \(reason); check the path (inputs.flows, --flows)"
        case let .unknownFormat(file, line, text):
            return "\(file):\(line): not a flow file: the first line \"\(text)\" is neither a CSV header naming "
                + "\(FlowReader.requiredColumns.joined(separator: ",")) nor an `sflowtool -l` FLOW or CNTR line; "
                + "add the header row (docs/flows.md)"
        case let .missingColumns(file, line, missing):
            return "\(file):\(line): the CSV header lacks the column(s) \(missing.joined(separator: ", ")); "
                + "name them in the header row (docs/flows.md)"
        case let .empty(file):
            return "\(file): the flow file holds no lines"
        }
    }
}
