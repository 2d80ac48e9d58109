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
                    summary.duplicateAttributes += record.duplicateAttributeCount
                    if let list = record.incompleteNLRI, let cut = list.incompleteTail(in: raw.body) {
                        summary.recordsWithIncompleteNLRI += 1
                        onIssue(issue(raw.header, cut, skipped: false))
                    }
                }
                return (raw.header, record)
            } catch {
                summary.recordsMalformed += 1
                summary.malformedByField[error.field, default: 0] += 1
                onIssue(issue(raw.header, error, skipped: true))
            }
        }
        return nil
    }

    private func end() -> (header: RecordHeader, record: MRTRecord)? {
        if !ended { summary.uncompressedBytes = input.uncompressedOffset }
        ended = true
        return nil
    }

    private func issue(_ header: RecordHeader, _ error: DecodeError, skipped: Bool) -> DecodeIssue {
        DecodeIssue(file: input.name, recordOffset: header.offset,
                    recordKind: MRTType.name(type: header.type, subtype: header.subtype), error: error, skipped: skipped)
    }
}
