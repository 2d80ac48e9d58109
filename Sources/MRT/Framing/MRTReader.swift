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

    /// The next record, or nil at the end of the input. Damage ends the file with an error
    /// that says where; every complete record before it has been returned.
    public func next() throws(MRTReadError) -> RawRecord? {
        if stopped { return nil }
        guard try ensure(12) else { return try finish(needed: 12) }
        let base = UnsafeRawBufferPointer(rebasing: buffer[start..<end])
        let timestamp = base.uint32(at: 0)
        let type = base.uint16(at: 4)
        let subtype = base.uint16(at: 6)
        var length = Int(base.uint32(at: 8))
        var headerLength = 12
        var microseconds: UInt32? = nil
        let offset = streamOffset
        if RecordHeader.hasExtendedHeader(type: UInt16(type)) {
            guard try ensure(16) else { return try finish(needed: 16) }
            microseconds = UnsafeRawBufferPointer(rebasing: buffer[start..<end]).uint32(at: 12)
            guard length >= 4 else {
                stopped = true
                throw .badLength(file: input.name, offset: offset, length: UInt32(length),
                                 detail: "an extended-header record must be at least 4 bytes long (it holds the microseconds)")
            }
            length -= 4
            headerLength = 16
        }
        guard length <= Self.maximumRecordLength else {
            stopped = true
            throw .badLength(file: input.name, offset: offset, length: UInt32(length),
                             detail: "longer than any real MRT record (limit \(Self.maximumRecordLength) bytes); the length field is corrupt")
        }
        guard try ensure(headerLength + length) else { return try finish(needed: headerLength + length) }
        let body = UnsafeRawBufferPointer(rebasing: buffer[(start + headerLength)..<(start + headerLength + length)])
        start += headerLength + length
        streamOffset += Int64(headerLength + length)
        return RawRecord(header: RecordHeader(timestamp: timestamp, type: type, subtype: subtype,
                                              length: UInt32(length), microseconds: microseconds, offset: offset),
                         body: body)
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

    private func finish(needed: Int) throws(MRTReadError) -> RawRecord? {
        stopped = true
        let have = end - start
        if have == 0 { return nil }
        throw .truncatedRecord(file: input.name, offset: streamOffset, needed: needed, available: have)
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
