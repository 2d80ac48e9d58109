import BGP

/// Builds MRT records (RFC 6396) from owned values, each a complete record as `[UInt8]`:
/// header and body, ready to be appended to a file (`MRTFileWriter`) or handed to
/// `MRTInput(bytes:)`. The mirror image of `MRTDecoder`, for round-trip tests and the
/// synthetic-data generator.
///
/// A value type. The only state is what a TABLE_DUMP_V2 dump needs: the size of the last
/// PEER_INDEX_TABLE written (RIB entries name peers by index into it) and the sequence number
/// of the next RIB record, which restarts at 0 with each PEER_INDEX_TABLE.
///
/// Files: `MRTWriter.swift` (framing), `TableDumpV2Writer.swift` (PEER_INDEX_TABLE, RIB
/// records), `BGP4MPWriter.swift` (UPDATEs and state changes).
public struct MRTWriter: Sendable {
    /// Peers in the last PEER_INDEX_TABLE written; nil before the first.
    public internal(set) var peerCount: Int?
    /// Sequence number the next RIB record gets.
    public internal(set) var nextSequence: UInt32 = 0

    public init() {}

    /// One record with the common header (RFC 6396 section 2: timestamp, type, subtype,
    /// length), or with `microseconds` the extended timestamp header of the _ET types
    /// (section 3), whose length field counts the microsecond field too.
    public static func record(type: UInt16, subtype: UInt16, timestamp: UInt32, microseconds: UInt32? = nil,
                              body: [UInt8]) -> [UInt8] {
        let length = body.count + (microseconds == nil ? 0 : 4)
        precondition(length <= Int(UInt32.max), "an MRT record body holds at most 4 GiB")
        var out: [UInt8] = []
        out.reserveCapacity(16 + body.count)
        out.appendBigEndian(timestamp)
        out.appendBigEndian(type)
        out.appendBigEndian(subtype)
        out.appendBigEndian(UInt32(length))
        if let microseconds {
            precondition(microseconds < 1_000_000, "microseconds must be below 1000000, not \(microseconds)")
            out.appendBigEndian(microseconds)
        }
        out += body
        return out
    }
}
