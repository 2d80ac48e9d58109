import BGP

/// Owned values -> BGP wire bytes: the inverse of the attribute and UPDATE decoders, for tests
/// that need exact inputs and for the synthetic-data generator. Each function cites the RFC
/// section it follows. The encoders trust their input: what the protocol cannot express (an
/// IPv6 NEXT_HOP, a message over 65535 bytes, a path identifier without ADD-PATH) is a
/// programming error and stops with a precondition failure that says what is wrong.
///
/// Files: `BGPEncoder.swift` (UPDATE messages), `NLRIEncoding.swift`,
/// `PathAttributeEncoding.swift`, `ASPathEncoding.swift`, `MPReachEncoding.swift`.
public enum BGPEncoder {
    /// Marker, length and type of a BGP message (RFC 4271 section 4.1) around `body`. The
    /// length may exceed 4096 only on sessions with extended messages (RFC 8654).
    public static func message(type: UInt8, body: [UInt8]) -> [UInt8] {
        let length = 19 + body.count
        precondition(length <= 0xFFFF, "a BGP message holds at most 65535 bytes (RFC 8654); this one needs \(length)")
        var out = [UInt8](repeating: 0xFF, count: 16)
        out.reserveCapacity(length)
        out.appendBigEndian(UInt16(length))
        out.append(type)
        out += body
        return out
    }

    /// An UPDATE message with its header (RFC 4271 sections 4.1 and 4.3). IPv4 routes go in
    /// the classic withdrawn-routes and NLRI fields, IPv6 routes in MP_UNREACH_NLRI and
    /// MP_REACH_NLRI (RFC 4760 sections 3 and 4), whose next hop is `attributes.mpNextHop`
    /// (required when IPv6 routes are announced). Every other attribute of `attributes` is
    /// written as given, also in a withdrawal-only UPDATE (pass none there). With `addPath`
    /// every prefix carries its path identifier (RFC 7911 section 3). `asnSize` is the
    /// session's: 2 writes AS_PATH and AGGREGATOR with two-octet ASNs plus AS4_PATH and
    /// AS4_AGGREGATOR where a four-octet ASN needs them (RFC 6793 section 4.2.2).
    public static func update(announce: [NLRI] = [], withdraw: [NLRI] = [],
                              attributes: PathAttributes = PathAttributes(),
                              asnSize: Int = 4, addPath: Bool = false) -> [UInt8] {
        let announceV4 = announce.filter { $0.prefix.family == .ipv4 }
        let announceV6 = announce.filter { $0.prefix.family == .ipv6 }
        let withdrawV4 = withdraw.filter { $0.prefix.family == .ipv4 }
        let withdrawV6 = withdraw.filter { $0.prefix.family == .ipv6 }
        let withdrawn = nlri(withdrawV4, addPath: addPath)
        let block = pathAttributes(attributes, asnSize: asnSize, addPath: addPath,
                                   mpReach: announceV6.isEmpty ? .omitted : .full(announceV6),
                                   mpUnreach: withdrawV6)
        precondition(withdrawn.count <= 0xFFFF && block.count <= 0xFFFF, "UPDATE fields longer than 65535 bytes")
        var body: [UInt8] = []
        body.appendBigEndian(UInt16(withdrawn.count))
        body += withdrawn
        body.appendBigEndian(UInt16(block.count))
        body += block
        body += nlri(announceV4, addPath: addPath)
        return message(type: 2, body: body)
    }
}
