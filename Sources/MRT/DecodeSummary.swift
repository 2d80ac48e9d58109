/// A problem in one record: where it is, what is wrong, and what became of the record.
public struct DecodeIssue: Error, CustomStringConvertible {
    public var file: String
    public var recordOffset: Int64
    public var recordKind: String
    public var error: DecodeError
    /// False for a record that was decoded despite the problem (a cut-off last prefix, bytes
    /// after the entries, routes treated as withdrawn).
    public var skipped = true

    public var description: String {
        let outcome: String
        switch error.consequence {
        case .recordSkipped: outcome = "skipped"
        case .partOmitted: outcome = "partly decoded"
        case .treatAsWithdraw: outcome = "routes treated as withdrawn (RFC 7606)"
        }
        return "\(file): \(recordKind) record at offset \(recordOffset) \(outcome): \(error)"
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
    /// Problems in records that were kept: entry counts that differ from the entries present,
    /// bytes after a BGP message or after the RIB entries, unusable RIB entries left out, an
    /// MP_REACH_NLRI whose NLRI is not its RIB entry's prefix. Each was reported with its offset.
    public var partlyMalformed = 0
    public var partlyMalformedByField: [String: Int] = [:]
    /// Routes withdrawn because their attributes were malformed in a way RFC 7606 answers
    /// with "treat-as-withdraw", and the attribute blocks that did it, by attribute.
    public var routesTreatedAsWithdrawn = 0
    public var treatAsWithdrawByAttribute: [String: Int] = [:]
    /// Attributes left out by RFC 7606 "attribute discard", by attribute (routes kept).
    public var attributesDiscarded: [String: Int] = [:]
    /// 8-byte AGGREGATORs in 2-byte-ASN records, read as 4-byte ones.
    public var aggregatorsReadAsFourByte = 0
    /// Plain BGP4MP MESSAGE UPDATEs read with path ids because the session's OPEN messages
    /// negotiated ADD-PATH (RFC 7911), and ones read with them by the fallback ("path ids
    /// inferred": the file's OPENs do not settle it (none, or only one side's: FRR and BIRD
    /// record only the OPEN they received), malformed without them, exact with them).
    public var updatesWithPathIDsFromOPEN = 0
    public var updatesWithPathIDsInferred = 0
    /// Byte ranges passed over after damage to reach the next plausible record header, with
    /// where and why; the records after each were decoded.
    public var skippedRanges: [SkippedRange] = []
    /// TABLE_DUMP records whose length field was 4 bytes short of the entries written, read
    /// whole because their entries proved it ("short length, recovered"), and the entries
    /// read beyond the first of records holding several behind one view and sequence.
    public var tableDumpShortLengthRecovered = 0
    public var tableDumpBatchedEntries = 0
    /// Records shorter than their format says, read with what they carry ("short,
    /// recovered"), by kind: Zebra's BGP4MP state changes and OPENs.
    public var shortRecordsRecovered: [String: Int] = [:]
    /// Files whose reading stopped early, and why.
    public var stops: [String] = []
    /// Of those, files that could not even be opened (missing, no permission, a FIFO nobody
    /// wrote to).
    public var unopenedFiles = 0
    public var uncompressedBytes: Int64 = 0

    public init() {}

    /// No record malformed, whole or in part, and every file read to its end.
    public var clean: Bool { recordsMalformed == 0 && partlyMalformed == 0 && stops.isEmpty && skippedRanges.isEmpty }

    /// The counting key of a problem: its field without the entry number ("RIB entry 7 ORIGIN"
    /// counts as "ORIGIN" of RIB entries).
    static func kind(of error: DecodeError) -> String {
        guard error.field.hasPrefix("RIB entry ") else { return error.field }
        let rest = error.field.dropFirst("RIB entry ".count).drop { $0.isNumber }
        return rest.isEmpty ? "RIB entry" : "RIB entry" + rest
    }

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
        partlyMalformed += other.partlyMalformed
        partlyMalformedByField.merge(other.partlyMalformedByField, uniquingKeysWith: +)
        routesTreatedAsWithdrawn += other.routesTreatedAsWithdrawn
        treatAsWithdrawByAttribute.merge(other.treatAsWithdrawByAttribute, uniquingKeysWith: +)
        attributesDiscarded.merge(other.attributesDiscarded, uniquingKeysWith: +)
        aggregatorsReadAsFourByte += other.aggregatorsReadAsFourByte
        updatesWithPathIDsFromOPEN += other.updatesWithPathIDsFromOPEN
        updatesWithPathIDsInferred += other.updatesWithPathIDsInferred
        skippedRanges += other.skippedRanges
        tableDumpShortLengthRecovered += other.tableDumpShortLengthRecovered
        tableDumpBatchedEntries += other.tableDumpBatchedEntries
        shortRecordsRecovered.merge(other.shortRecordsRecovered, uniquingKeysWith: +)
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
        for (field, count) in partlyMalformedByField.sorted(by: { $0.key < $1.key }) {
            lines.append("  malformed in part (the rest of the record was used): \(count) x \(field)")
        }
        if routesTreatedAsWithdrawn > 0 || !treatAsWithdrawByAttribute.isEmpty {
            let causes = treatAsWithdrawByAttribute.sorted { $0.key < $1.key }.map { "\($0.value) x \($0.key)" }.joined(separator: ", ")
            lines.append("  \(routesTreatedAsWithdrawn) route(s) treated as withdrawn, malformed attributes (RFC 7606): \(causes)")
        }
        if !attributesDiscarded.isEmpty {
            let names = attributesDiscarded.sorted { $0.key < $1.key }.map { "\($0.value) x \($0.key)" }.joined(separator: ", ")
            lines.append("  malformed attributes discarded, routes kept (RFC 7606): \(names)")
        }
        if aggregatorsReadAsFourByte > 0 {
            lines.append("  \(aggregatorsReadAsFourByte) 8-byte AGGREGATOR(s) in 2-byte-ASN records read as 4-byte ones")
        }
        if updatesWithPathIDsFromOPEN > 0 {
            lines.append("  \(updatesWithPathIDsFromOPEN) plain BGP4MP UPDATE(s) read with ADD-PATH path ids, as the session's OPEN messages negotiated (RFC 7911)")
        }
        if updatesWithPathIDsInferred > 0 {
            lines.append("  \(updatesWithPathIDsInferred) plain BGP4MP UPDATE(s) with path ids inferred: the OPENs in the file do not settle ADD-PATH (none, or one side's only), malformed without path ids, exact with them")
        }
        if duplicateAttributes > 0 {
            lines.append("  \(duplicateAttributes) repeated path attributes ignored (the first of each was used, RFC 7606 section 3(g))")
        }
        if tableDumpShortLengthRecovered > 0 {
            lines.append("  \(tableDumpShortLengthRecovered) TABLE_DUMP record(s) with a short length, recovered: the length field left out the view and sequence (4 bytes); the entries prove the real length")
        }
        if tableDumpBatchedEntries > 0 {
            lines.append("  \(tableDumpBatchedEntries) TABLE_DUMP entries read after the first of records holding several behind one view and sequence")
        }
        for (kind, count) in shortRecordsRecovered.sorted(by: { $0.key < $1.key }) {
            lines.append("  short, recovered: \(count) x \(kind) shorter than the format says, read with what it carries")
        }
        for range in skippedRanges { lines.append("  damaged: \(range)") }
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
