import BGP

extension BGPEncoder {
    /// The NLRI encoding of RFC 4271 section 4.3 (withdrawn routes, NLRI, and the NLRI of
    /// MP_REACH/MP_UNREACH): per prefix its length in bits, then the fewest octets that hold
    /// it. With `addPath` each prefix is preceded by its four-octet path identifier (RFC 7911
    /// section 3); without it every path identifier must be 0.
    public static func nlri(_ entries: [NLRI], addPath: Bool) -> [UInt8] {
        var out: [UInt8] = []
        for entry in entries { appendNLRI(entry, addPath: addPath, to: &out) }
        return out
    }

    static func appendNLRI(_ entry: NLRI, addPath: Bool, to out: inout [UInt8]) {
        if addPath {
            out.appendBigEndian(entry.pathID)
        } else {
            precondition(entry.pathID == 0, "path identifier \(entry.pathID) of \(entry.prefix) needs ADD-PATH (RFC 7911)")
        }
        appendPrefix(entry.prefix, to: &out)
    }

    /// Length octet and significant address octets of a prefix (RFC 4271 section 4.3); the
    /// same layout as the prefix of a TABLE_DUMP_V2 RIB record (RFC 6396 section 4.3.2).
    static func appendPrefix(_ prefix: Prefix, to out: inout [UInt8]) {
        out.append(prefix.length)
        out += prefix.address.bytes.prefix((Int(prefix.length) + 7) / 8)
    }
}
