/// The MRT common header (RFC 6396 section 2), and for the _ET types the microsecond field
/// of the extended header (section 3), which the length field counts.
public struct RecordHeader: Hashable, Sendable {
    public var timestamp: UInt32
    public var type: UInt16
    public var subtype: UInt16
    /// Length of the message body, without the microsecond field of _ET records.
    public var length: UInt32
    public var microseconds: UInt32?
    /// Offset of the record's first header byte in the uncompressed stream.
    public var offset: Int64

    public init(timestamp: UInt32, type: UInt16, subtype: UInt16, length: UInt32,
                microseconds: UInt32? = nil, offset: Int64 = 0) {
        self.timestamp = timestamp; self.type = type; self.subtype = subtype
        self.length = length; self.microseconds = microseconds; self.offset = offset
    }

    /// Types with the extended (microsecond) header: BGP4MP_ET, ISIS_ET, OSPFv3_ET.
    public static func hasExtendedHeader(type: UInt16) -> Bool { type == 17 || type == 33 || type == 49 }
}

/// One framed record: its header and its body bytes. The body is borrowed from the reader's
/// buffer and valid only until the reader is asked for the next record.
public struct RawRecord {
    public var header: RecordHeader
    public var body: UnsafeRawBufferPointer
    /// For a TABLE_DUMP record: how many entries its body holds behind the view and sequence,
    /// when the walk of `TableDumpEntries` fills the body with them; 0 when it does not (the
    /// record is then read as the one entry RFC 6396 section 4.2 gives it).
    public var tableDumpEntries = 0
    /// The TABLE_DUMP record's length field was 4 bytes short of the entries written (the
    /// view and sequence left out of the count); `body` holds the 4 bytes more.
    public var lengthShortByFour = false
}
