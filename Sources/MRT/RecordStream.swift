/// The decoded records of one input, one at a time: what `decodeRecords` loops over, and
/// what a merge of several files in time order advances one file at a time. Every record read
/// is accounted for in `summary`; malformed ones are reported and skipped.
public final class RecordStream {
    public let input: MRTInput
    public private(set) var summary = DecodeSummary()
    private let reader: MRTReader
    private var decoder = MRTDecoder()
    private var ended = false
    /// The TABLE_DUMP record whose further entries are still to be returned, and where the
    /// next one starts in its body (its bytes stay valid: the reader is not asked for more).
    private var batch: (raw: RawRecord, offset: Int, remaining: Int)?

    public init(input: MRTInput) {
        self.input = input
        reader = MRTReader(input: input)
        summary.files = 1
    }

    /// Opens a file; an unreadable file is a stream that ends at once with the reason in
    /// `summary.stops`.
    /// `tap` sees the file's raw bytes as they are read (see `ByteTap`).
    public convenience init(path: String, tap: ByteTap? = nil) {
        do {
            self.init(input: try MRTInput(path: path, tap: tap))
        } catch {
            self.init(input: MRTInput(nothingNamed: path))
            summary.stops.append(error.description)
            summary.unopenedFiles = 1
        }
    }

    /// The next decodable record, or nil at the end of the input (or where it is damaged).
    /// The record borrows this stream's buffer: it is valid until the next call.
    public func next(onIssue: (DecodeIssue) -> Void = { _ in }) -> (header: RecordHeader, record: MRTRecord)? {
        while !ended {
            if batch != nil, let entry = nextBatchEntry(onIssue: onIssue) { return entry }
            let raw: RawRecord
            do {
                let next = try reader.next()
                if reader.hasSkipped { summary.skippedRanges += reader.takeSkipped() }
                guard let next else { return end() }
                raw = next
            } catch {
                summary.skippedRanges += reader.takeSkipped()
                summary.stops.append(error.description)
                return end()
            }
            summary.recordsRead += 1
            if raw.lengthShortByFour { summary.tableDumpShortLengthRecovered += 1 }
            if raw.tableDumpEntries > 1 {
                batch = (raw, 4 + TableDumpEntries.length(of: raw.body, at: 4, subtype: raw.header.subtype), raw.tableDumpEntries - 1)
            }
            do {
                let record = try decoder.decode(raw)
                switch record {
                case let .unsupported(kind):
                    summary.recordsUnsupported += 1
                    summary.unsupportedByKind[kind, default: 0] += 1
                default:
                    summary.recordsDecoded += 1
                    if decoder.lastHasFindings { tally(record, raw, onIssue: onIssue) }
                    if let kind = decoder.lastShortRecovered { summary.shortRecordsRecovered[kind.description, default: 0] += 1 }
                }
                return (raw.header, record)
            } catch where error.consequence == .treatAsWithdraw {
                // A one-route record (TABLE_DUMP, BGP4MP_ENTRY) whose route RFC 7606 withdraws.
                summary.recordsDecoded += 1
                summary.routesTreatedAsWithdrawn += 1
                summary.treatAsWithdrawByAttribute[DecodeSummary.kind(of: error), default: 0] += 1
                onIssue(issue(raw.header, error))
            } catch {
                summary.recordsMalformed += 1
                summary.malformedByField[error.field, default: 0] += 1
                let problem = issue(raw.header, error)
                onIssue(problem)
                // A batch's entries were proved well-formed: the record's framing is sound.
                if batch == nil { reader.distrust(raw.header, reason: "the \(problem.recordKind) record at offset \(raw.header.offset) is malformed (\(error.field)) and no record header follows where its length ends") }
            }
        }
        return nil
    }

    /// The next entry of a TABLE_DUMP record holding several; nil when the batch is done.
    private func nextBatchEntry(onIssue: (DecodeIssue) -> Void) -> (header: RecordHeader, record: MRTRecord)? {
        while let (raw, offset, remaining) = batch, remaining > 0 {
            let length = TableDumpEntries.length(of: raw.body, at: offset, subtype: raw.header.subtype)
            batch = remaining > 1 ? (raw, offset + length, remaining - 1) : nil
            summary.tableDumpBatchedEntries += 1
            do {
                let record = try decoder.decodeTableDumpEntry(raw, at: offset)
                if decoder.lastHasFindings { tally(record, raw, onIssue: onIssue) }
                return (raw.header, record)
            } catch where error.consequence == .treatAsWithdraw {
                summary.routesTreatedAsWithdrawn += 1
                summary.treatAsWithdrawByAttribute[DecodeSummary.kind(of: error), default: 0] += 1
                onIssue(issue(raw.header, error))
            } catch {
                summary.partlyMalformed += 1
                summary.partlyMalformedByField["TABLE_DUMP entry " + error.field, default: 0] += 1
                onIssue(issue(raw.header, error.with(.partOmitted)))
            }
        }
        batch = nil
        return nil
    }

    /// Counts what a decoded record says about its own damage and the RFC 7606 handling of
    /// its attributes, and reports each problem with its offset.
    /// Called only for the records the decoder found something in (`lastHasFindings`).
    private func tally(_ record: MRTRecord, _ raw: RawRecord, onIssue: (DecodeIssue) -> Void) {
        var notes = AttributeNotes()
        switch record {
        case let .rib(rib):
            for entry in rib.entries { notes.add(entry.attributes) }
            if notes.discardedBlocks > 0 { for entry in rib.entries { count(discardsOf: entry.attributes) } }
            for problem in rib.problems {
                if problem.consequence == .treatAsWithdraw {
                    summary.routesTreatedAsWithdrawn += 1
                    summary.treatAsWithdrawByAttribute[DecodeSummary.kind(of: problem), default: 0] += 1
                } else {
                    summary.partlyMalformed += 1
                    summary.partlyMalformedByField[DecodeSummary.kind(of: problem), default: 0] += 1
                }
                onIssue(issue(raw.header, problem))
            }
        case let .tableDump(route):
            notes.add(route.attributes)
            count(discardsOf: route.attributes)
            if route.attributes.hasProblem, let problem = route.attributes.problem {
                summary.partlyMalformed += 1
                summary.partlyMalformedByField[DecodeSummary.kind(of: problem), default: 0] += 1
                onIssue(issue(raw.header, problem))
            }
        case let .message(message):
            if message.pathIDsInferred { summary.updatesWithPathIDsInferred += 1 }
            if case let .update(update) = message.message {
                notes.add(update.attributes)
                count(discardsOf: update.attributes)
                if !message.addPath && !message.pathIDsInferred && !message.pathIDFamilies.isEmpty {
                    summary.updatesWithPathIDsFromOPEN += 1
                }
                if update.attributes.treatAsWithdraw, let problem = update.attributes.problem {
                    summary.routesTreatedAsWithdrawn += update.routesTreatedAsWithdrawn
                    summary.treatAsWithdrawByAttribute[DecodeSummary.kind(of: problem), default: 0] += 1
                    onIssue(issue(raw.header, problem.shifted(by: message.attributesOffset(in: raw.body))))
                }
            }
            if message.trailingBytes > 0, let problem = message.problems.first {
                summary.partlyMalformed += 1
                summary.partlyMalformedByField[DecodeSummary.kind(of: problem), default: 0] += 1
                onIssue(issue(raw.header, problem))
            }
        case .peerIndexTable, .stateChange, .unsupported:
            break
        }
        if notes.duplicates > 0 { summary.duplicateAttributes += notes.duplicates }
        if notes.widenedAggregators > 0 { summary.aggregatorsReadAsFourByte += notes.widenedAggregators }
        if let list = record.incompleteNLRI, let cut = list.incompleteTail(in: raw.body) {
            summary.recordsWithIncompleteNLRI += 1
            onIssue(issue(raw.header, cut.with(.partOmitted)))
        }
    }

    private func count(discardsOf attributes: WireAttributes) {
        guard attributes.discarded != 0 else { return }
        for name in attributes.discardedNames { summary.attributesDiscarded[name, default: 0] += 1 }
    }

    private func end() -> (header: RecordHeader, record: MRTRecord)? {
        if !ended { summary.uncompressedBytes = input.uncompressedOffset }
        ended = true
        return nil
    }

    private func issue(_ header: RecordHeader, _ error: DecodeError) -> DecodeIssue {
        DecodeIssue(file: input.name, recordOffset: header.offset,
                    recordKind: MRTType.name(type: header.type, subtype: header.subtype), error: error,
                    skipped: error.consequence == .recordSkipped)
    }
}

/// The attribute findings of one record, gathered in one pass over its attribute blocks.
struct AttributeNotes {
    var duplicates = 0
    var widenedAggregators = 0
    /// Blocks with discarded attributes: the caller names them in a second pass (rare).
    var discardedBlocks = 0

    mutating func add(_ attributes: WireAttributes) {
        duplicates += attributes.duplicateCount
        if attributes.aggregatorReadAsFourByte { widenedAggregators += 1 }
        if attributes.discarded != 0 { discardedBlocks += 1 }
    }
}
