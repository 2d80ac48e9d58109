/// The entries of a TABLE_DUMP (v1) record (RFC 6396 section 4.2) walked without decoding
/// them: the first collectors (MRTd, RIPE RIS 1999-2001) wrote many entries behind one view
/// and sequence number, and declared the record's length without those 4 bytes. The walk is
/// what proves such a record: every entry well-formed up to the record's end.
enum TableDumpEntries {
    /// Bytes of an address for a TABLE_DUMP subtype: 1 is IPv4, 2 is IPv6.
    static func addressLength(subtype: UInt16) -> Int? {
        switch subtype {
        case 1: return 4
        case 2: return 16
        default: return nil
        }
    }

    /// Bytes of one entry after the view and sequence: prefix, prefix length, status,
    /// originated time, peer address, peer AS (2), attribute length (2), then the attributes.
    static func fixedLength(addressLength: Int) -> Int { addressLength * 2 + 10 }

    /// The body is view, sequence and one entry to its last byte, as RFC 6396 section 4.2
    /// lays it out: the common case, told without walking the attributes (the decoder reads
    /// them next).
    static func isOneEntry(_ body: UnsafeRawBufferPointer, addressLength: Int) -> Bool {
        let fixed = fixedLength(addressLength: addressLength)
        guard body.count >= 4 + fixed else { return false }
        return 4 + fixed + Int(body.uint16(at: 4 + fixed - 2)) == body.count
    }

    /// Bytes of the entry at `offset` of a body `walk` proved (0 for a subtype it does not read).
    static func length(of body: UnsafeRawBufferPointer, at offset: Int, subtype: UInt16) -> Int {
        guard let addressLength = addressLength(subtype: subtype) else { return 0 }
        let fixed = fixedLength(addressLength: addressLength)
        return fixed + Int(body.uint16(at: offset + fixed - 2))
    }

    /// How many entries follow the view and sequence, and where the last whole one ends.
    /// The walk stops at the first entry that is not well-formed: a prefix length over the
    /// address's bits, an attribute block that runs past `body`, or attributes whose headers
    /// do not chain exactly to the block's end (RFC 4271 section 4.3).
    static func walk(_ body: UnsafeRawBufferPointer, addressLength: Int) -> (count: Int, end: Int) {
        let fixed = fixedLength(addressLength: addressLength)
        var offset = 4
        var count = 0
        while offset + fixed <= body.count {
            guard Int(body[offset + addressLength]) <= addressLength * 8 else { break }
            let blockStart = offset + fixed
            let end = blockStart + Int(body.uint16(at: blockStart - 2))
            guard end <= body.count, attributesChain(body, from: blockStart, to: end) else { break }
            offset = end
            count += 1
        }
        return (count, offset)
    }

    /// Attribute headers (flags, type, 1- or 2-byte length by the Extended Length flag) lead
    /// from `start` exactly to `end`.
    static func attributesChain(_ body: UnsafeRawBufferPointer, from start: Int, to end: Int) -> Bool {
        var offset = start
        while offset < end {
            guard offset + 3 <= end else { return false }
            let extended = body[offset] & 0x10 != 0
            if extended {
                guard offset + 4 <= end else { return false }
                offset += 4 + Int(body.uint16(at: offset + 2))
            } else {
                offset += 3 + Int(body[offset + 2])
            }
        }
        return offset == end
    }
}
