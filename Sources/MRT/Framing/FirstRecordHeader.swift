extension MRTReader {
    /// The header of a file's first record, from its first 16 bytes decompressed on the
    /// calling thread: what a merge of hundreds of update files needs to order them, without
    /// a decompression thread per file inflating far more than that. Nil when the file cannot
    /// be opened, is shorter than a header, or does not start with a plausible one (RFC 6396
    /// section 2): the caller then decodes its first record properly.
    public static func firstRecordHeader(path: String) -> RecordHeader? {
        guard let input = try? MRTInput(path: path), let bytes = try? input.firstBytes(16), bytes.count >= 12 else { return nil }
        return bytes.withUnsafeBytes { base -> RecordHeader? in
            let type = base.uint16(at: 4), subtype = base.uint16(at: 6), length = base.uint32(at: 8)
            guard HeaderPlausibility.isPlausible(type: type, subtype: subtype, length: length) else { return nil }
            guard RecordHeader.hasExtendedHeader(type: type) else {
                return RecordHeader(timestamp: base.uint32(at: 0), type: type, subtype: subtype, length: length)
            }
            guard base.count >= 16 else { return nil }
            return RecordHeader(timestamp: base.uint32(at: 0), type: type, subtype: subtype, length: length - 4,
                                microseconds: base.uint32(at: 12))
        }
    }
}
