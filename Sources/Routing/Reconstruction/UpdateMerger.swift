#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MRT

/// Merges the records of many update files, of all sources, into one time-ordered stream
/// (a k-way merge on the record timestamps, microseconds included). Files are opened only
/// when the merge reaches their first record, so the number open at once is the number whose
/// time ranges overlap, not the number given.
struct UpdateMerger {
    private var pending: [Pending]
    private struct Pending {
        var source: String
        var path: String
        var first: UInt64
        var order: Int
        /// The stream and the first record, kept when the file can be read only once (a
        /// pipe); a regular file is opened again when the merge reaches it.
        var opened: (stream: RecordStream, record: (header: RecordHeader, record: MRTRecord))?
        /// A regular file opened and decompressing ahead, because the merge reaches it next.
        var readingAhead: RecordStream?
    }
    private let tap: (String) -> ByteTap?
    /// Each file's decode accounting, by path.
    private(set) var files: [String: DecodeSummary] = [:]
    private var active: [Active] = []
    private(set) var summary = DecodeSummary()
    private(set) var outOfOrderRecords = 0
    /// The file whose record was handed out last: it moves on at the next call, not before,
    /// because the record borrows that file's buffer.
    private var handedOut: Active?

    private final class Active {
        let source: String
        let path: String
        let order: Int
        let stream: RecordStream
        var current: (header: RecordHeader, record: MRTRecord)?
        var time: UInt64 = 0
        init(source: String, path: String, order: Int, stream: RecordStream) {
            self.source = source; self.path = path; self.order = order; self.stream = stream
        }
    }

    /// `tap` gives what sees a file's raw bytes during the pass whose records are applied.
    init(files: [(source: String, path: String)], tap: @escaping (String) -> ByteTap? = { _ in nil }) {
        self.tap = tap
        // The first record's time of each file decides when it joins the merge. A regular file
        // is only looked at: its first header, inflated here, or else its first record.
        var peeked: [Pending] = []
        for (order, file) in files.enumerated() {
            let rereadable = Self.isRegularFile(file.path)
            if rereadable, let header = MRTReader.firstRecordHeader(path: file.path) {
                peeked.append(Pending(source: file.source, path: file.path, first: Self.time(header), order: order))
                continue
            }
            let stream = RecordStream(path: file.path, tap: rereadable ? nil : tap(file.path))
            let record = stream.next()
            let first = record.map { UpdateMerger.time($0.header) } ?? 0
            peeked.append(Pending(source: file.source, path: file.path, first: first, order: order,
                                  opened: rereadable ? nil : record.map { (stream, $0) }))
            if !rereadable && record == nil {
                summary.merge(stream.summary)
                self.files[file.path, default: DecodeSummary()].merge(stream.summary)
            }
        }
        pending = peeked.sorted { ($0.first, $0.order) < ($1.first, $1.order) }
    }

    static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    static func time(_ header: RecordHeader) -> UInt64 {
        UInt64(header.timestamp) * 1_000_000 + UInt64(min(header.microseconds ?? 0, 999_999))
    }

    /// The earliest record not yet returned. Its views are valid until the next call.
    /// `file` is the record's file as a position in the list given to `init`.
    mutating func next(onIssue: (DecodeIssue) -> Void) -> (header: RecordHeader, record: MRTRecord, source: String, file: Int)? {
        if let last = handedOut {
            handedOut = nil
            if active.count == 1, let record = read(last, onIssue: onIssue) {
                // The common case, one file at a time: its next record goes out as read, not
                // kept in the file first (a record is hundreds of bytes, millions a night).
                if pending.first.map({ $0.first > last.time }) ?? true {
                    handedOut = last
                    return (record.header, record.record, last.source, last.order)
                }
                last.current = record
            } else if active.count == 1 {
                active.removeAll()
            } else if !advance(last, onIssue: onIssue) {
                active.removeAll { $0 === last }
            }
        }
        while true {
            let earliest = active.min { ($0.time, $0.order) < ($1.time, $1.order) }
            if let next = pending.first, earliest == nil || next.first <= earliest!.time {
                pending.removeFirst()
                if let (stream, record) = next.opened {
                    let file = Active(source: next.source, path: next.path, order: next.order, stream: stream)
                    file.current = record
                    file.time = next.first
                    active.append(file)
                    continue
                }
                let file = Active(source: next.source, path: next.path, order: next.order,
                                  stream: next.readingAhead ?? RecordStream(path: next.path, tap: tap(next.path)))
                readAhead()
                if advance(file, onIssue: onIssue) { active.append(file) }
                continue
            }
            guard let chosen = earliest, let current = chosen.current else { return nil }
            handedOut = chosen
            return (current.header, current.record, chosen.source, chosen.order)
        }
    }

    /// Opens the file the merge reaches next and starts decompressing it, so that its first
    /// bytes are ready when the merge comes to it (update files follow each other: without
    /// this, reading waits for each file's first chunk).
    private mutating func readAhead() {
        guard let next = pending.first, next.opened == nil, next.readingAhead == nil else { return }
        let stream = RecordStream(path: next.path, tap: tap(next.path))
        stream.input.startDecompressing()
        pending[0].readingAhead = stream
    }

    /// Reads the file's next record into `current`; false at its end.
    private mutating func advance(_ file: Active, onIssue: (DecodeIssue) -> Void) -> Bool {
        file.current = read(file, onIssue: onIssue)
        return file.current != nil
    }

    /// The file's next record, its time taken; nil (and the file's counts merged) at its end.
    private mutating func read(_ file: Active, onIssue: (DecodeIssue) -> Void) -> (header: RecordHeader, record: MRTRecord)? {
        guard let next = file.stream.next(onIssue: onIssue) else {
            summary.merge(file.stream.summary)
            files[file.path, default: DecodeSummary()].merge(file.stream.summary)
            return nil
        }
        let time = UpdateMerger.time(next.header)
        if time < file.time { outOfOrderRecords += 1 }
        file.time = max(file.time, time)
        return next
    }
}
