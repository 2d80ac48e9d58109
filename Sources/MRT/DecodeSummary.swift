/// A record that could not be decoded and was skipped: where it is and what is wrong.
public struct DecodeIssue: Error, CustomStringConvertible {
    public var file: String
    public var recordOffset: Int64
    public var recordKind: String
    public var error: DecodeError
    /// False for a record that was decoded despite the problem (a cut-off last prefix).
    public var skipped = true

    public var description: String {
        "\(file): \(recordKind) record at offset \(recordOffset) \(skipped ? "skipped" : "partly decoded"): \(error)"
    }
}

/// Every record read is accounted for: decoded, skipped as malformed (with the reason), or
/// not decoded because its type is not one this tool reads. Files that end early say where.
public struct DecodeSummary: Sendable {
    public var files = 0
    public var recordsRead = 0
    public var recordsDecoded = 0
    public var recordsMalformed = 0
    public var recordsUnsupported = 0
    /// Malformed records by the field that was wrong.
    public var malformedByField: [String: Int] = [:]
    public var unsupportedByKind: [String: Int] = [:]
    /// Records decoded up to a cut-off last prefix (the cut prefix is reported, not used).
    public var recordsWithIncompleteNLRI = 0
    /// Attributes that appeared twice in one block (the first was used).
    public var duplicateAttributes = 0
    /// Files whose reading stopped early, and why.
    public var stops: [String] = []
    /// Of those, files that could not even be opened (missing, no permission, a FIFO nobody
    /// wrote to).
    public var unopenedFiles = 0
    public var uncompressedBytes: Int64 = 0

    public init() {}

    public var clean: Bool { recordsMalformed == 0 && stops.isEmpty }

    public mutating func merge(_ other: DecodeSummary) {
        files += other.files
        recordsRead += other.recordsRead
        recordsDecoded += other.recordsDecoded
        recordsMalformed += other.recordsMalformed
        recordsUnsupported += other.recordsUnsupported
        malformedByField.merge(other.malformedByField, uniquingKeysWith: +)
        unsupportedByKind.merge(other.unsupportedByKind, uniquingKeysWith: +)
        recordsWithIncompleteNLRI += other.recordsWithIncompleteNLRI
        duplicateAttributes += other.duplicateAttributes
        stops += other.stops
        unopenedFiles += other.unopenedFiles
        uncompressedBytes += other.uncompressedBytes
    }

    /// Lines for a person: counts, then each kind of problem.
    public var report: [String] {
        var lines = ["\(recordsRead) records read from \(files) file(s): \(recordsDecoded) decoded, "
            + "\(recordsMalformed) malformed and skipped, \(recordsUnsupported) of types not decoded"]
        for (field, count) in malformedByField.sorted(by: { $0.key < $1.key }) {
            lines.append("  malformed: \(count) x \(field)")
        }
        for (kind, count) in unsupportedByKind.sorted(by: { $0.key < $1.key }) {
            lines.append("  not decoded: \(count) x \(kind)")
        }
        if recordsWithIncompleteNLRI > 0 {
            lines.append("  \(recordsWithIncompleteNLRI) record(s) end in a cut-off prefix: the prefixes before it were used")
        }
        if duplicateAttributes > 0 {
            lines.append("  \(duplicateAttributes) repeated path attributes ignored (the first of each was used, RFC 7606 section 3(g))")
        }
        for stop in stops { lines.append("  stopped early: \(stop)") }
        return lines
    }
}

/// Reads every record of one file, decodes it and hands it to `body`; damaged records are
/// reported to `onIssue` and skipped, and a damaged file stops with its reason in `summary`.
public func decodeRecords(
    of path: String, summary: inout DecodeSummary,
    onIssue: (DecodeIssue) -> Void = { _ in },
    progress: ((MRTInput, _ recordsRead: Int) -> Void)? = nil,
    body: (RecordHeader, MRTRecord) -> Void
) {
    let input: MRTInput
    do { input = try MRTInput(path: path) } catch {
        summary.files += 1
        summary.stops.append(error.description)
        summary.unopenedFiles += 1
        return
    }
    decodeRecords(of: input, summary: &summary, onIssue: onIssue, progress: progress, body: body)
}

/// `decodeRecords(of:)` for an input that is already open (in-memory bytes, for instance).
/// `progress` is called every few thousand records, for a progress line.
public func decodeRecords(
    of input: MRTInput, summary: inout DecodeSummary,
    onIssue: (DecodeIssue) -> Void = { _ in },
    progress: ((MRTInput, _ recordsRead: Int) -> Void)? = nil,
    body: (RecordHeader, MRTRecord) -> Void
) {
    let stream = RecordStream(input: input)
    while let (header, record) = stream.next(onIssue: onIssue) {
        body(header, record)
        if let progress, stream.summary.recordsRead % 16_384 == 0 { progress(input, summary.recordsRead + stream.summary.recordsRead) }
    }
    summary.merge(stream.summary)
}
