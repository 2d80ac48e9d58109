/// The decoded records of one input, one at a time: what `decodeRecords` loops over, and
/// what a merge of several files in time order advances one file at a time. Every record read
/// is accounted for in `summary`; malformed ones are reported and skipped.
public final class RecordStream {
    public let input: MRTInput
    public private(set) var summary = DecodeSummary()
    private let reader: MRTReader
    private var decoder = MRTDecoder()
    private var ended = false

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
            let raw: RawRecord
            do {
                guard let next = try reader.next() else { return end() }
                raw = next
            } catch {
                summary.stops.append(error.description)
                return end()
            }
            summary.recordsRead += 1
            do {
                let record = try decoder.decode(raw)
                switch record {
                case let .unsupported(kind):
                    summary.recordsUnsupported += 1
                    summary.unsupportedByKind[kind, default: 0] += 1
                default:
                    summary.recordsDecoded += 1
                    tally(record, raw, onIssue: onIssue)
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
                onIssue(issue(raw.header, error))
            }
        }
        return nil
    }

    /// Counts what a decoded record says about its own damage and the RFC 7606 handling of
    /// its attributes, and reports each problem with its offset.
    private func tally(_ record: MRTRecord, _ raw: RawRecord, onIssue: (DecodeIssue) -> Void) {
        var notes = AttributeNotes()
        switch record {
        case let .rib(rib):
            for entry in rib.entries { notes.add(entry.attributes) }
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
            if let problem = route.attributes.problem {
                summary.partlyMalformed += 1
                summary.partlyMalformedByField[DecodeSummary.kind(of: problem), default: 0] += 1
                onIssue(issue(raw.header, problem))
            }
        case let .message(message):
            if message.pathIDsInferred { summary.updatesWithPathIDsInferred += 1 }
            if case let .update(update) = message.message {
                notes.add(update.attributes)
                if !message.addPath && !message.pathIDsInferred && !message.pathIDFamilies.isEmpty {
                    summary.updatesWithPathIDsFromOPEN += 1
                }
                if let problem = update.attributes.problem, update.attributes.treatAsWithdraw {
                    summary.routesTreatedAsWithdrawn += (update.withdrawnByTreatAsWithdraw ? update.withdrawn.count : 0)
                        + (update.mpWithdrawnByTreatAsWithdraw ? update.attributes.mpUnreach?.nlri?.count ?? 0 : 0)
                    summary.treatAsWithdrawByAttribute[DecodeSummary.kind(of: problem), default: 0] += 1
                    onIssue(issue(raw.header, problem.shifted(by: message.attributesOffset(in: raw.body))))
                }
            }
            for problem in message.problems {
                summary.partlyMalformed += 1
                summary.partlyMalformedByField[DecodeSummary.kind(of: problem), default: 0] += 1
                onIssue(issue(raw.header, problem))
            }
        case .peerIndexTable, .stateChange, .unsupported:
            break
        }
        summary.duplicateAttributes += notes.duplicates
        summary.aggregatorsReadAsFourByte += notes.widenedAggregators
        if notes.discarded != 0 {
            for type in 0..<64 where notes.discarded & (1 << UInt64(type)) != 0 {
                summary.attributesDiscarded[AttributeType.name(UInt8(type)), default: 0] += notes.discardedCounts[type]
            }
        }
        if let list = record.incompleteNLRI, let cut = list.incompleteTail(in: raw.body) {
            summary.recordsWithIncompleteNLRI += 1
            onIssue(issue(raw.header, cut.with(.partOmitted)))
        }
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
    var discarded: UInt64 = 0
    /// Per attribute type, filled only when something was discarded (rare).
    var discardedCounts: [Int] = []

    mutating func add(_ attributes: WireAttributes) {
        duplicates += attributes.duplicateCount
        if attributes.aggregatorReadAsFourByte { widenedAggregators += 1 }
        guard attributes.discarded != 0 else { return }
        if discardedCounts.isEmpty { discardedCounts = Array(repeating: 0, count: 64) }
        discarded |= attributes.discarded
        for type in 0..<64 where attributes.discarded & (1 << UInt64(type)) != 0 { discardedCounts[type] += 1 }
    }
}
