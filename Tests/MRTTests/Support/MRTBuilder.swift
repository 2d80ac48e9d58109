import BGP

// Builders for hand-made wire bytes: the MRT records of RFC 6396 (and RFC 8050 ADD-PATH),
// the BGP messages of RFC 4271 and the path attributes the decoder reads. Everything is
// big-endian; addresses and prefixes are given as text ("192.0.2.1", "2001:db8::/32").

/// Network byte order.
enum BE {
    static func u16(_ v: UInt16) -> [UInt8] { [UInt8(truncatingIfNeeded: v >> 8), UInt8(truncatingIfNeeded: v)] }
    static func u16(_ v: Int) -> [UInt8] { u16(UInt16(v)) }
    static func u32(_ v: UInt32) -> [UInt8] {
        [UInt8(truncatingIfNeeded: v >> 24), UInt8(truncatingIfNeeded: v >> 16),
         UInt8(truncatingIfNeeded: v >> 8), UInt8(truncatingIfNeeded: v)]
    }
    static func u64(_ v: UInt64) -> [UInt8] { u32(UInt32(truncatingIfNeeded: v >> 32)) + u32(UInt32(truncatingIfNeeded: v)) }
}

/// The 4 or 16 bytes of an address.
func addressBytes(_ text: String) -> [UInt8] {
    guard let address = IPAddress(text) else { preconditionFailure("not an address: \(text)") }
    return address.bytes
}

func isIPv6(_ text: String) -> Bool { text.contains(":") }

/// "a.b.c.d/len" as its full address bytes and length, host bits kept as written.
func prefixParts(_ text: String) -> (address: [UInt8], length: Int) {
    let parts = text.split(separator: "/")
    precondition(parts.count == 2, "not a prefix: \(text)")
    return (addressBytes(String(parts[0])), Int(parts[1])!)
}

/// AS path segment types (RFC 4271 4.3, RFC 5065).
enum Segment {
    static let set: UInt8 = 1, sequence: UInt8 = 2, confedSequence: UInt8 = 3, confedSet: UInt8 = 4
}

// MARK: - BGP messages

enum BGPBuilder {
    static let marker = [UInt8](repeating: 0xFF, count: 16)

    /// Marker, 2-byte length (the whole message, header included), type, body.
    static func message(type: UInt8, body: [UInt8], marker: [UInt8] = marker) -> [UInt8] {
        marker + BE.u16(19 + body.count) + [type] + body
    }

    /// UPDATE (type 2): withdrawn length + withdrawn, attribute length + attributes, NLRI.
    static func update(withdrawn: [UInt8] = [], attributes: [UInt8] = [], nlri: [UInt8] = []) -> [UInt8] {
        message(type: 2, body: BE.u16(withdrawn.count) + withdrawn + BE.u16(attributes.count) + attributes + nlri)
    }

    static var keepalive: [UInt8] { message(type: 4, body: []) }

    /// One prefix in NLRI encoding: length in bits, then the leading (length+7)/8 octets.
    static func prefix(_ text: String) -> [UInt8] {
        let (address, length) = prefixParts(text)
        return [UInt8(length)] + address.prefix((length + 7) / 8)
    }

    /// An NLRI list; with `pathIDs` each prefix is preceded by its 4-byte path id (RFC 7911).
    static func nlri(_ prefixes: [String], pathIDs: [UInt32]? = nil) -> [UInt8] {
        var out: [UInt8] = []
        for (i, text) in prefixes.enumerated() {
            if let pathIDs { out += BE.u32(pathIDs[i]) }
            out += prefix(text)
        }
        return out
    }
}

// MARK: - Path attributes

enum Attr {
    static let wellKnown: UInt8 = 0x40          // transitive
    static let optional: UInt8 = 0x80           // optional non-transitive
    static let optionalTransitive: UInt8 = 0xC0

    /// Flags, type, length (1 byte, or 2 with the extended-length flag 0x10 when the value is
    /// longer than 255), value.
    static func make(_ flags: UInt8, _ type: UInt8, _ value: [UInt8]) -> [UInt8] {
        if value.count > 255 { return [flags | 0x10, type] + BE.u16(value.count) + value }
        return [flags & ~0x10, type, UInt8(value.count)] + value
    }

    static func origin(_ value: UInt8) -> [UInt8] { make(wellKnown, 1, [value]) }

    /// Segment bytes: type, ASN count, ASNs of `asnSize` bytes.
    static func pathValue(_ segments: [(UInt8, [UInt32])], asnSize: Int) -> [UInt8] {
        var out: [UInt8] = []
        for (type, asns) in segments {
            out += [type, UInt8(asns.count)]
            for asn in asns { out += asnSize == 2 ? BE.u16(UInt16(asn)) : BE.u32(asn) }
        }
        return out
    }

    static func asPath(_ segments: [(UInt8, [UInt32])], asnSize: Int = 4) -> [UInt8] {
        make(wellKnown, 2, pathValue(segments, asnSize: asnSize))
    }

    /// AS_PATH of one AS_SEQUENCE.
    static func asPath(_ sequence: [UInt32], asnSize: Int = 4) -> [UInt8] { asPath([(Segment.sequence, sequence)], asnSize: asnSize) }

    static func nextHop(_ address: String) -> [UInt8] { make(wellKnown, 3, addressBytes(address)) }
    static func med(_ value: UInt32) -> [UInt8] { make(optional, 4, BE.u32(value)) }
    static func localPref(_ value: UInt32) -> [UInt8] { make(wellKnown, 5, BE.u32(value)) }
    static var atomicAggregate: [UInt8] { make(wellKnown, 6, []) }

    static func aggregator(asn: UInt32, address: String, asnSize: Int = 4) -> [UInt8] {
        make(optionalTransitive, 7, (asnSize == 2 ? BE.u16(UInt16(asn)) : BE.u32(asn)) + addressBytes(address))
    }

    static func communities(_ values: [UInt32]) -> [UInt8] { make(optionalTransitive, 8, values.flatMap(BE.u32)) }
    static func originatorID(_ address: String) -> [UInt8] { make(optional, 9, addressBytes(address)) }
    static func clusterList(_ ids: [String]) -> [UInt8] { make(optional, 10, ids.flatMap(addressBytes)) }

    /// MP_REACH_NLRI, full form (RFC 4760 3): AFI, SAFI, next-hop length, next hop(s),
    /// reserved octet 0, NLRI.
    static func mpReach(afi: UInt16, safi: UInt8 = 1, nextHops: [String], nlri: [UInt8]) -> [UInt8] {
        let hop = nextHops.flatMap(addressBytes)
        return make(optional, 14, BE.u16(afi) + [safi, UInt8(hop.count)] + hop + [0] + nlri)
    }

    /// MP_REACH_NLRI as TABLE_DUMP_V2 RIB entries carry it (RFC 6396 4.3.4): next-hop
    /// length and next hop only.
    static func mpReachAbbreviated(nextHops: [String]) -> [UInt8] {
        let hop = nextHops.flatMap(addressBytes)
        return make(optional, 14, [UInt8(hop.count)] + hop)
    }

    /// MP_UNREACH_NLRI (RFC 4760 4): AFI, SAFI, withdrawn NLRI.
    static func mpUnreach(afi: UInt16, safi: UInt8 = 1, nlri: [UInt8]) -> [UInt8] {
        make(optional, 15, BE.u16(afi) + [safi] + nlri)
    }

    static func extendedCommunities(_ values: [UInt64]) -> [UInt8] { make(optionalTransitive, 16, values.flatMap(BE.u64)) }

    static func as4Path(_ segments: [(UInt8, [UInt32])]) -> [UInt8] {
        make(optionalTransitive, 17, pathValue(segments, asnSize: 4))
    }

    static func as4Path(_ sequence: [UInt32]) -> [UInt8] { as4Path([(Segment.sequence, sequence)]) }

    static func as4Aggregator(asn: UInt32, address: String) -> [UInt8] {
        make(optionalTransitive, 18, BE.u32(asn) + addressBytes(address))
    }

    static func largeCommunities(_ values: [(UInt32, UInt32, UInt32)]) -> [UInt8] {
        make(optionalTransitive, 32, values.flatMap { BE.u32($0.0) + BE.u32($0.1) + BE.u32($0.2) })
    }

    static func onlyToCustomer(_ asn: UInt32) -> [UInt8] { make(optionalTransitive, 35, BE.u32(asn)) }
}

// MARK: - MRT records

enum MRTBuilder {
    /// Common header (RFC 6396 2): timestamp, type, subtype, length of the body; then the body.
    static func record(type: UInt16, subtype: UInt16, timestamp: UInt32, body: [UInt8]) -> [UInt8] {
        BE.u32(timestamp) + BE.u16(type) + BE.u16(subtype) + BE.u32(UInt32(body.count)) + body
    }

    /// Extended header (RFC 6396 3): the length counts the 4 microsecond bytes too.
    static func extendedRecord(type: UInt16 = 17, subtype: UInt16, timestamp: UInt32, microseconds: UInt32,
                               body: [UInt8]) -> [UInt8] {
        BE.u32(timestamp) + BE.u16(type) + BE.u16(subtype) + BE.u32(UInt32(body.count + 4)) + BE.u32(microseconds) + body
    }

    // MARK: TABLE_DUMP (RFC 6396 4.2)

    /// View, sequence, full prefix address, prefix length, status, originated time, peer
    /// address, 2-byte peer AS, attribute length, attributes. Subtype 1 (IPv4) or 2 (IPv6).
    static func tableDump(timestamp: UInt32, view: UInt16 = 0, sequence: UInt16 = 0, prefix: String,
                          status: UInt8 = 1, originated: UInt32, peer: String, peerAS: UInt16,
                          attributes: [UInt8]) -> [UInt8] {
        let (address, length) = prefixParts(prefix)
        let body = BE.u16(view) + BE.u16(sequence) + address + [UInt8(length), status] + BE.u32(originated)
            + addressBytes(peer) + BE.u16(peerAS) + BE.u16(attributes.count) + attributes
        return record(type: 12, subtype: address.count == 16 ? 2 : 1, timestamp: timestamp, body: body)
    }

    // MARK: TABLE_DUMP_V2 (RFC 6396 4.3, RFC 8050)

    struct Peer {
        var bgpID: String
        var address: String
        var asn: UInt32
        /// Peer type bit 1: the ASN is written in 4 bytes.
        var as4 = true
    }

    /// Collector BGP id, view name length + name, peer count, then per peer: peer type
    /// (bit 0 IPv6, bit 1 4-byte AS), BGP id, address, AS.
    static func peerIndexTable(timestamp: UInt32, collectorID: String, viewName: String = "", peers: [Peer]) -> [UInt8] {
        var body = addressBytes(collectorID) + BE.u16(viewName.utf8.count) + Array(viewName.utf8) + BE.u16(peers.count)
        for peer in peers {
            let v6 = isIPv6(peer.address)
            let peerType: UInt8 = (v6 ? 1 : 0) | (peer.as4 ? 2 : 0)
            body += [peerType] + addressBytes(peer.bgpID) + addressBytes(peer.address)
            body += peer.as4 ? BE.u32(peer.asn) : BE.u16(UInt16(peer.asn))
        }
        return record(type: 13, subtype: 1, timestamp: timestamp, body: body)
    }

    struct RIBEntry {
        var peerIndex: UInt16
        var originated: UInt32
        /// Written only for the ADD-PATH subtypes 8-12.
        var pathID: UInt32 = 0
        var attributes: [UInt8]
    }

    /// Sequence, [AFI, SAFI for RIB_GENERIC 6/12], prefix (NLRI encoding), entry count, then
    /// per entry: peer index, originated time, [path id for 8-12], attribute length, attributes.
    static func rib(subtype: UInt16, timestamp: UInt32, sequence: UInt32 = 0, prefix: String, safi: UInt8 = 1,
                    entries: [RIBEntry]) -> [UInt8] {
        var body = BE.u32(sequence)
        if subtype == 6 || subtype == 12 { body += BE.u16(isIPv6(prefix) ? 2 : 1) + [safi] }
        body += BGPBuilder.prefix(prefix) + BE.u16(entries.count)
        for entry in entries {
            body += BE.u16(entry.peerIndex) + BE.u32(entry.originated)
            if (8...12).contains(subtype) { body += BE.u32(entry.pathID) }
            body += BE.u16(entry.attributes.count) + entry.attributes
        }
        return record(type: 13, subtype: subtype, timestamp: timestamp, body: body)
    }

    // MARK: BGP4MP / BGP4MP_ET (RFC 6396 4.4, RFC 8050)

    struct Session {
        var peerAS: UInt32
        var localAS: UInt32
        var interfaceIndex: UInt16 = 0
        var peer: String
        var local: String
    }

    /// Peer AS, local AS (2 or 4 bytes), interface index, AFI, peer address, local address.
    static func sessionHeader(_ s: Session, asnSize: Int) -> [UInt8] {
        let asns = asnSize == 2 ? BE.u16(UInt16(s.peerAS)) + BE.u16(UInt16(s.localAS)) : BE.u32(s.peerAS) + BE.u32(s.localAS)
        return asns + BE.u16(s.interfaceIndex) + BE.u16(isIPv6(s.peer) ? 2 : 1) + addressBytes(s.peer) + addressBytes(s.local)
    }

    /// The subtypes whose ASNs are 4 bytes wide.
    static func asnSize(subtype: UInt16) -> Int { [4, 5, 7, 9, 11].contains(subtype) ? 4 : 2 }

    /// BGP4MP (type 16), or BGP4MP_ET (type 17) when `microseconds` is given.
    static func bgp4mp(subtype: UInt16, timestamp: UInt32, microseconds: UInt32?, body: [UInt8]) -> [UInt8] {
        guard let microseconds else { return record(type: 16, subtype: subtype, timestamp: timestamp, body: body) }
        return extendedRecord(subtype: subtype, timestamp: timestamp, microseconds: microseconds, body: body)
    }

    /// STATE_CHANGE (subtype 0) or STATE_CHANGE_AS4 (5): session header, old state, new state.
    static func stateChange(as4: Bool, timestamp: UInt32, microseconds: UInt32? = nil, session: Session,
                            old: UInt16, new: UInt16) -> [UInt8] {
        let body = sessionHeader(session, asnSize: as4 ? 4 : 2) + BE.u16(old) + BE.u16(new)
        return bgp4mp(subtype: as4 ? 5 : 0, timestamp: timestamp, microseconds: microseconds, body: body)
    }

    /// MESSAGE and its variants (subtypes 1, 4, 6-11): session header, then the BGP message.
    static func message(subtype: UInt16, timestamp: UInt32, microseconds: UInt32? = nil, session: Session,
                        bgp: [UInt8]) -> [UInt8] {
        let body = sessionHeader(session, asnSize: asnSize(subtype: subtype)) + bgp
        return bgp4mp(subtype: subtype, timestamp: timestamp, microseconds: microseconds, body: body)
    }
}
