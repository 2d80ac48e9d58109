/// Splits a stream of MRT bytes into records (RFC 6396 section 2). Memory is bounded by the
/// largest record, not by the file.
public final class MRTReader {
    public let input: MRTInput
    /// A record longer than this is taken as a corrupt length field: real records (a full
    /// TABLE_DUMP_V2 entry list of a large collector) stay far below it.
    public static let maximumRecordLength = 16 << 20

    private var buffer: UnsafeMutableRawBufferPointer
    private var start = 0
    private var end = 0
    private var streamOffset: Int64 = 0
    private var inputEnded = false
    private var stopped = false

    public init(input: MRTInput) {
        self.input = input
        buffer = .allocate(byteCount: 1 << 20, alignment: 16)
    }

    public convenience init(path: String) throws(InputError) {
        self.init(input: try MRTInput(path: path))
    }

    deinit { buffer.deallocate() }

    /// A header found by searching past damage may claim at most this many body bytes: the
    /// search reads that far ahead at each candidate, so the bound keeps it linear in the
    /// bytes searched (a larger record right after damage is skipped with it).
    public static let searchRecordLength = 1 << 20

    /// Timestamp of the last record returned: where the search past damage looks for the next.
    private var lastTimestamp: UInt32?
    /// Damage ahead: the offset where it starts and why; the next call searches from there.
    private var damage: Damage?

    private struct Damage {
        var offset: Int64
        var reason: String
        /// For a malformed record: where its length said it ends.
        var framedEnd: Int64? = nil
        /// For a record running past the input's end: the error the file stops with when no
        /// record header follows (it was truncated, not damaged).
        var truncation: MRTReadError? = nil
    }
    /// Byte ranges skipped by the search, not yet taken by `takeSkipped()`.
    private var skipped: [SkippedRange] = []
    /// An input error met while looking past the record last returned.
    private var pendingError: MRTReadError?

    /// The next record, or nil at the end of the input. After damage in the framing (a header
    /// of no MRT type, an impossible length, a record running past the end), the reader
    /// searches for the next plausible record header and goes on from there; every byte range
    /// it skips is kept for `takeSkipped()`. Only input errors end the file with an error.
    public func next() throws(MRTReadError) -> RawRecord? {
        if let error = pendingError {
            pendingError = nil
            throw error
        }
        while !stopped {
            if damage != nil { try resynchronise() ; continue }
            guard try ensure(12) else { return try finish(needed: 12) }
            let base = UnsafeRawBufferPointer(rebasing: buffer[start..<end])
            let timestamp = base.uint32(at: 0)
            let type = base.uint16(at: 4)
            let subtype = base.uint16(at: 6)
            let declared = base.uint32(at: 8)
            let offset = streamOffset
            if let problem = HeaderPlausibility.problem(type: type, subtype: subtype, length: declared) {
                damage = Damage(offset: offset, reason: "the record header at offset \(offset) is damaged: \(problem)")
                continue
            }
            var length = Int(declared)
            var headerLength = 12
            var microseconds: UInt32? = nil
            if RecordHeader.hasExtendedHeader(type: type) {
                guard try ensure(16) else { return try finish(needed: 16) }
                microseconds = UnsafeRawBufferPointer(rebasing: buffer[start..<end]).uint32(at: 12)
                length -= 4
                headerLength = 16
            }
            guard try ensure(headerLength + length) else {
                let available = end - start
                damage = Damage(offset: offset, reason: "the record at offset \(offset) needs \(headerLength + length) bytes but the file ends after \(available)",
                                truncation: .truncatedRecord(file: input.name, offset: offset, needed: headerLength + length, available: available))
                continue
            }
            var record = RawRecord(header: RecordHeader(timestamp: timestamp, type: type, subtype: subtype,
                                                        length: UInt32(length), microseconds: microseconds, offset: offset),
                                   body: UnsafeRawBufferPointer(rebasing: buffer[(start + headerLength)..<(start + headerLength + length)]))
            if type == MRTType.tableDump, let addressLength = TableDumpEntries.addressLength(subtype: subtype) {
                let walked = TableDumpEntries.isOneEntry(record.body, addressLength: addressLength) ? (count: 1, end: length)
                    : TableDumpEntries.walk(record.body, addressLength: addressLength)
                if walked.end == length {
                    record.tableDumpEntries = walked.count
                } else {
                    let entries = try shortTableDump(headerLength: headerLength, length: length, timestamp: timestamp,
                                                     addressLength: addressLength)
                    if let entries {
                        length += 4
                        record.header.length = UInt32(length)
                        record.tableDumpEntries = entries
                        record.lengthShortByFour = true
                    }
                    // Reading ahead may have moved the buffered bytes.
                    record.body = UnsafeRawBufferPointer(rebasing: buffer[(start + headerLength)..<(start + headerLength + length)])
                }
            }
            let total = headerLength + length
            // The common case, checked in place: the next header is buffered and plausible.
            let nextIsPlausible = end - start >= total + 12
                && HeaderPlausibility.isPlausible(type: buffer.loadUnaligned(fromByteOffset: start + total + 4, as: UInt16.self).bigEndian,
                                                  subtype: buffer.loadUnaligned(fromByteOffset: start + total + 6, as: UInt16.self).bigEndian,
                                                  length: buffer.loadUnaligned(fromByteOffset: start + total + 8, as: UInt32.self).bigEndian)
            if !nextIsPlausible, let problem = try damageAfter(total: total) {
                if let inside = try recordStartInside(total: total) {
                    // The record's length ran into the next ones: it is the damaged record.
                    skipped.append(SkippedRange(file: input.name, offset: offset, length: Int64(inside),
                                                reason: "the record at offset \(offset) runs into a record at offset \(offset + Int64(inside)) (\(problem)); its length field or bytes are damaged"))
                    start += inside
                    streamOffset += Int64(inside)
                    continue
                }
                damage = Damage(offset: offset + Int64(total), reason: problem)
            }
            // Reading ahead may have moved the buffered bytes.
            record.body = UnsafeRawBufferPointer(rebasing: buffer[(start + headerLength)..<(start + total)])
            start += total
            streamOffset += Int64(total)
            lastTimestamp = timestamp
            return record
        }
        return nil
    }

    /// The record just returned was malformed inside: if its length was damaged, records
    /// after it may start inside its body, or its end may not be a record's start. The next
    /// call searches from its second byte; the search finding the record right after it
    /// costs nothing more (the record is already counted as malformed).
    public func distrust(_ header: RecordHeader, reason: String) {
        guard damage == nil, !stopped else { return }
        let total = Int64(RecordHeader.hasExtendedHeader(type: header.type) ? 16 : 12) + Int64(header.length)
        guard streamOffset - header.offset == total, Int64(start) >= total else { return }
        start -= Int(total)
        streamOffset -= total
        damage = Damage(offset: header.offset, reason: reason, framedEnd: header.offset + total)
    }

    /// Some byte range was skipped since the last `takeSkipped()`.
    public var hasSkipped: Bool { !skipped.isEmpty }

    /// The byte ranges skipped since the last call.
    public func takeSkipped() -> [SkippedRange] {
        defer { skipped.removeAll() }
        return skipped
    }

    /// Moves to the next offset after the damage where a plausible header starts whose record
    /// ends at another plausible header or at the end of the input. Linear: each offset is
    /// looked at once, reading at most `searchRecordLength` ahead, and the buffer slides on.
    @inline(never)
    private func resynchronise() throws(MRTReadError) {
        guard let found = damage else { return }
        damage = nil
        let from = found.offset, reason = found.reason, framedEnd = found.framedEnd
        start += 1
        streamOffset += 1
        while true {
            guard try ensure(12) else {
                let tail = end - start
                start = end
                streamOffset += Int64(tail)
                stopped = true
                if let truncation = found.truncation { throw truncation }
                note(from: from, to: streamOffset, framedEnd: framedEnd, reason: reason + "; no record header after it")
                return
            }
            if try isResumable() {
                note(from: from, to: streamOffset, framedEnd: framedEnd, reason: reason)
                return
            }
            start += 1
            streamOffset += 1
        }
    }

    @inline(never)
    private func note(from: Int64, to: Int64, framedEnd: Int64?, reason: String) {
        // The record after a malformed one, right where its length said: nothing skipped.
        if to == framedEnd { return }
        skipped.append(SkippedRange(file: input.name, offset: from, length: to - from, reason: reason))
    }

    /// A record can start `probe` bytes after `start`: a plausible header near the last good
    /// timestamp whose record is followed by another plausible header near its own, or by the
    /// input's end.
    private func isResumable(at probe: Int = 0) throws(MRTReadError) -> Bool {
        guard try ensure(probe + 12) else { return false }
        let base = UnsafeRawBufferPointer(rebasing: buffer[(start + probe)..<end])
        let timestamp = base.uint32(at: 0), type = base.uint16(at: 4), subtype = base.uint16(at: 6), length = base.uint32(at: 8)
        guard HeaderPlausibility.isCandidate(timestamp: timestamp, type: type, subtype: subtype, length: length,
                                             near: lastTimestamp) else { return false }
        let next = probe + 12 + Int(length)
        if try isFollowed(at: next, near: timestamp) { return true }
        // A TABLE_DUMP record of the first collectors ends 4 bytes after its length says.
        return type == MRTType.tableDump ? try isFollowed(at: next + 4, near: timestamp) : false
    }

    /// A plausible header near `timestamp` starts `next` bytes after `start`, or the input ends there.
    private func isFollowed(at next: Int, near timestamp: UInt32) throws(MRTReadError) -> Bool {
        guard try ensure(next + 12) else { return inputEnded && end - start == next }
        let base = UnsafeRawBufferPointer(rebasing: buffer[start..<end])
        return HeaderPlausibility.isCandidate(timestamp: base.uint32(at: next), type: base.uint16(at: next + 4),
                                              subtype: base.uint16(at: next + 6), length: base.uint32(at: next + 8),
                                              near: timestamp)
    }

    /// The record at `start`, `total` bytes long, is not followed by a plausible header.
    /// Either its length is damaged and it runs into the records after it (one of them starts
    /// inside it: the offset of that one is returned, the record is dropped), or the damage
    /// is after it (nil: the record stands, the search goes on from its end).
    @inline(never)
    private func recordStartInside(total: Int) throws(MRTReadError) -> Int? {
        var probe = 1
        while probe < total {
            if try isResumable(at: probe) { return probe }
            probe += 1
        }
        return nil
    }

    /// After the record at `start`, `total` bytes long: nil when a plausible header (or the
    /// input's end, or a tail too short for a header, which `finish` reports) follows.
    @inline(never)
    private func damageAfter(total: Int) throws(MRTReadError) -> String? {
        do {
            guard try ensure(total + 12) else { return nil }
        } catch {
            // The input failed after this record: it is whole; the next call says why.
            pendingError = error
            return nil
        }
        let base = UnsafeRawBufferPointer(rebasing: buffer[(start + total)..<end])
        guard let problem = HeaderPlausibility.problem(type: base.uint16(at: 4), subtype: base.uint16(at: 6), length: base.uint32(at: 8)) else {
            return nil
        }
        return "the record header at offset \(streamOffset + Int64(total)) is damaged: \(problem)"
    }

    /// The entries of a TABLE_DUMP record whose length field is 4 bytes short: the body read
    /// 4 bytes longer is entries to its last byte, and a plausible header (or the input's
    /// end) follows. Nil when the bytes do not prove it.
    @inline(never)
    private func shortTableDump(headerLength: Int, length: Int, timestamp: UInt32, addressLength: Int) throws(MRTReadError) -> Int? {
        let recordEnd = headerLength + length + 4
        let followed: Bool
        if try ensure(recordEnd + 12) {
            let base = UnsafeRawBufferPointer(rebasing: buffer[start..<end])
            followed = HeaderPlausibility.isCandidate(timestamp: base.uint32(at: recordEnd), type: base.uint16(at: recordEnd + 4),
                                                      subtype: base.uint16(at: recordEnd + 6), length: base.uint32(at: recordEnd + 8),
                                                      near: timestamp)
        } else {
            followed = inputEnded && end - start == recordEnd
        }
        guard followed else { return nil }
        let body = UnsafeRawBufferPointer(rebasing: buffer[(start + headerLength)..<(start + recordEnd)])
        let walked = TableDumpEntries.walk(body, addressLength: addressLength)
        return walked.end == length + 4 ? walked.count : nil
    }

    /// Ensures `count` bytes are buffered from `start`; false when the input ends first.
    private func ensure(_ count: Int) throws(MRTReadError) -> Bool {
        if end - start >= count { return true }
        if start > 0 {
            let kept = end - start
            if kept > 0 { buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + start, byteCount: kept) }
            start = 0
            end = kept
        }
        if count > buffer.count {
            let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, buffer.count * 2), alignment: 16)
            larger.baseAddress!.copyMemory(from: buffer.baseAddress!, byteCount: end)
            buffer.deallocate()
            buffer = larger
        }
        while end < count && !inputEnded {
            do {
                let n = try input.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[end...]))
                if n == 0 { inputEnded = true }
                end += n
            } catch {
                inputEnded = true
                stopped = true
                throw .input(error, pendingRecordOffset: end > 0 ? streamOffset : nil)
            }
        }
        return end - start >= count
    }

    @inline(never)
    private func finish(needed: Int) throws(MRTReadError) -> RawRecord? {
        stopped = true
        let have = end - start
        if have == 0 { return nil }
        throw .truncatedRecord(file: input.name, offset: streamOffset, needed: needed, available: have)
    }
}

/// Bytes of a file passed over to reach the next record after damage.
public struct SkippedRange: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    /// Offset in the uncompressed stream of the first byte skipped.
    public var offset: Int64
    public var length: Int64
    public var reason: String

    public var description: String {
        "\(file): \(length) bytes skipped at offset \(offset)-\(offset + length - 1): \(reason); decoding resumed at the next plausible record header"
    }
}

/// Why a file's records stop before its end.
public enum MRTReadError: Error, CustomStringConvertible {
    case input(InputError, pendingRecordOffset: Int64?)
    case truncatedRecord(file: String, offset: Int64, needed: Int, available: Int)
    case badLength(file: String, offset: Int64, length: UInt32, detail: String)

    public var description: String {
        switch self {
        case let .input(error, pending):
            if let pending { return "\(error) (the record at uncompressed offset \(pending) is incomplete)" }
            return error.description
        case let .truncatedRecord(file, offset, needed, available):
            return "\(file): the record at offset \(offset) needs \(needed) bytes but the file ends after \(available); "
                + "the file is truncated (records before it were decoded)"
        case let .badLength(file, offset, length, detail):
            return "\(file): the record at offset \(offset) has length \(length): \(detail); decoding of this file stops here"
        }
    }

    /// Offset in the uncompressed stream where decoding stopped.
    public var offset: Int64? {
        switch self {
        case let .input(_, pending): return pending
        case let .truncatedRecord(_, offset, _, _), let .badLength(_, offset, _, _): return offset
        }
    }
}
