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

    /// Calls `body` with every record in time order: its header, the record (valid during
    /// the call only: it borrows its file's buffer) and its file's position in the list given
    /// to `init`.
    mutating func forEach(onIssue: (DecodeIssue) -> Void, _ body: (_ header: RecordHeader, _ record: MRTRecord, _ file: Int) -> Void) {
        while true {
            if active.count == 1 {
                // The common case, one file at a time until the next file's first record: its
                // records go out as read, not kept in the file first (a record is hundreds of
                // bytes, millions a night).
                let file = active[0]
                if file.current == nil {
                    guard let record = file.stream.next(onIssue: onIssue) else {
                        close(file)
                        active.removeAll()
                        continue
                    }
                    note(record.header, of: file)
                    guard pending.first.map({ $0.first > file.time }) ?? true else {
                        file.current = record
                        continue
                    }
                    body(record.header, record.record, file.order)
                    continue
                }
            }
            // Every open file holds its next record: a file due opens, else the earliest goes out.
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
            guard let chosen = earliest, let current = chosen.current else { return }
            body(current.header, current.record, chosen.order)
            if active.count == 1 {
                chosen.current = nil
            } else if !advance(chosen, onIssue: onIssue) {
                active.removeAll { $0 === chosen }
            }
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
            close(file)
            return nil
        }
        note(next.header, of: file)
        return next
    }

    /// A record read from `file`: the file's time moves on (never back; a record older than
    /// the one before it is counted).
    private mutating func note(_ header: RecordHeader, of file: Active) {
        let time = UpdateMerger.time(header)
        if time < file.time { outOfOrderRecords += 1 }
        file.time = max(file.time, time)
    }

    /// The file's end: its counts join the merge's.
    private mutating func close(_ file: Active) {
        summary.merge(file.stream.summary)
        files[file.path, default: DecodeSummary()].merge(file.stream.summary)
    }
}
