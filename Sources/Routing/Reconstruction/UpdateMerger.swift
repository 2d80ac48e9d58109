import MRT

/// Merges the records of many update files, of all sources, into one time-ordered stream
/// (a k-way merge on the record timestamps, microseconds included). Files are opened only
/// when the merge reaches their first record, so the number open at once is the number whose
/// time ranges overlap, not the number given.
struct UpdateMerger {
    private var pending: [(source: String, path: String, first: UInt64, order: Int)]
    private var active: [Active] = []
    private(set) var summary = DecodeSummary()
    private(set) var outOfOrderRecords = 0
    /// The file whose record was handed out last: it moves on at the next call, not before,
    /// because the record borrows that file's buffer.
    private var handedOut: Active?

    private final class Active {
        let source: String
        let order: Int
        let stream: RecordStream
        var current: (header: RecordHeader, record: MRTRecord)?
        var time: UInt64 = 0
        init(source: String, order: Int, stream: RecordStream) {
            self.source = source; self.order = order; self.stream = stream
        }
    }

    init(files: [(source: String, path: String)]) {
        // The first record's time of each file decides when it joins the merge.
        var peeked: [(source: String, path: String, first: UInt64, order: Int)] = []
        for (order, file) in files.enumerated() {
            let stream = RecordStream(path: file.path)
            let first = stream.next().map { UpdateMerger.time($0.header) } ?? 0
            peeked.append((file.source, file.path, first, order))
        }
        pending = peeked.sorted { ($0.first, $0.order) < ($1.first, $1.order) }
    }

    static func time(_ header: RecordHeader) -> UInt64 {
        UInt64(header.timestamp) * 1_000_000 + UInt64(min(header.microseconds ?? 0, 999_999))
    }

    /// The earliest record not yet returned. Its views are valid until the next call.
    mutating func next(onIssue: (DecodeIssue) -> Void) -> (header: RecordHeader, record: MRTRecord, source: String)? {
        if let last = handedOut {
            handedOut = nil
            if !advance(last, onIssue: onIssue) { active.removeAll { $0 === last } }
        }
        while true {
            let earliest = active.min { ($0.time, $0.order) < ($1.time, $1.order) }
            if let next = pending.first, earliest == nil || next.first <= earliest!.time {
                pending.removeFirst()
                let file = Active(source: next.source, order: next.order, stream: RecordStream(path: next.path))
                if advance(file, onIssue: onIssue) { active.append(file) }
                continue
            }
            guard let chosen = earliest, let current = chosen.current else { return nil }
            handedOut = chosen
            return (current.header, current.record, chosen.source)
        }
    }

    /// Reads the file's next record; false (and its counts merged) at its end.
    private mutating func advance(_ file: Active, onIssue: (DecodeIssue) -> Void) -> Bool {
        guard let next = file.stream.next(onIssue: onIssue) else {
            file.current = nil
            summary.merge(file.stream.summary)
            return false
        }
        let time = UpdateMerger.time(next.header)
        if time < file.time { outOfOrderRecords += 1 }
        file.time = max(file.time, time)
        file.current = next
        return true
    }
}
