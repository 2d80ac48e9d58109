/// Whether 12 bytes can be an MRT common header (RFC 6396 section 2): the test that finds
/// damage in the framing, and the next record after it.
enum HeaderPlausibility {
    /// A type of the MRT registry (RFC 6396 section 4, the deprecated 0-10 included) with a
    /// subtype that type defines.
    static func isKnown(type: UInt16, subtype: UInt16) -> Bool {
        switch type {
        case MRTType.bgp: return subtype <= 7
        case MRTType.tableDump: return (1...4).contains(subtype)
        case MRTType.tableDumpV2: return (1...12).contains(subtype)
        case MRTType.bgp4mp, MRTType.bgp4mpET: return subtype <= 11
        case 0...11, 32, 33, 48, 49: return subtype <= 255
        default: return false
        }
    }

    /// `problem` is nil, told without building its text.
    @inline(__always)
    static func isPlausible(type: UInt16, subtype: UInt16, length: UInt32) -> Bool {
        isKnown(type: type, subtype: subtype) && length <= UInt32(MRTReader.maximumRecordLength)
            && (length >= 4 || !RecordHeader.hasExtendedHeader(type: type))
    }

    /// Why a header read where a record should start cannot be one; nil when it can.
    static func problem(type: UInt16, subtype: UInt16, length: UInt32) -> String? {
        guard isKnown(type: type, subtype: subtype) else {
            return "MRT type \(type) subtype \(subtype) is not one RFC 6396 defines"
        }
        if RecordHeader.hasExtendedHeader(type: type) && length < 4 {
            return "length \(length): an extended-header record holds at least its 4 microsecond bytes"
        }
        if length > UInt32(MRTReader.maximumRecordLength) {
            return "length \(length) is longer than any real MRT record (limit \(MRTReader.maximumRecordLength) bytes)"
        }
        return nil
    }

    /// The types a collector or a route server writes (and type 5 of the old archives): a
    /// search takes no other for a record, as runs of zeros read as the deprecated types 0-4.
    static func isWrittenToday(type: UInt16) -> Bool {
        switch type {
        case MRTType.bgp, MRTType.tableDump, MRTType.tableDumpV2, MRTType.bgp4mp, MRTType.bgp4mpET, 11, 32, 33, 48, 49: return true
        default: return false
        }
    }

    /// How far a resumed record's timestamp may be from the last good one: a RIB dump shares
    /// one timestamp, an update file spans minutes; a day leaves room for slow collectors.
    static let timestampWindow: UInt32 = 86_400

    /// What a header found by searching must have beyond `problem`: a type written today, a
    /// body (no record of those types is empty), a timestamp near the
    /// last good record's (or, before any, one of the MRT era, 1990-2100), and a length the
    /// search is willing to read ahead for (`MRTReader.searchRecordLength`).
    static func isCandidate(timestamp: UInt32, type: UInt16, subtype: UInt16, length: UInt32, near reference: UInt32?) -> Bool {
        guard isWrittenToday(type: type), length > 0, problem(type: type, subtype: subtype, length: length) == nil,
              length <= UInt32(MRTReader.searchRecordLength) else { return false }
        if let reference {
            return timestamp >= reference &- min(reference, timestampWindow) && timestamp <= reference &+ min(UInt32.max - reference, timestampWindow)
        }
        return timestamp >= 631_152_000 && timestamp < 4_102_444_800
    }
}
