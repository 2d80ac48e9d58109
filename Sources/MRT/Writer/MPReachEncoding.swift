import BGP

/// How a path attribute block carries `PathAttributes.mpNextHop` in MP_REACH_NLRI.
public enum MPReachForm: Sendable {
    /// No MP_REACH_NLRI: `mpNextHop` is not written.
    case omitted
    /// The abbreviated form of TABLE_DUMP_V2 RIB entries (RFC 6396 section 4.3.4): next-hop
    /// length and next hop only. Written when `mpNextHop` is set.
    case abbreviated
    /// The full attribute of an UPDATE (RFC 4760 section 3) announcing these prefixes, all of
    /// one family (the AFI), SAFI 1 (unicast); `mpNextHop` must be set.
    case full([NLRI])
}

extension BGPEncoder {
    /// MP_REACH_NLRI's value (type 14) in the form asked for; nil when nothing is written.
    static func mpReachValue(_ nextHop: MPNextHop?, form: MPReachForm, addPath: Bool) -> [UInt8]? {
        switch form {
        case .omitted:
            return nil
        case .abbreviated:
            // RFC 6396 section 4.3.4: "only the Next Hop Address Length and Next Hop Address
            // fields are included".
            guard let nextHop else { return nil }
            let address = mpNextHopBytes(nextHop)
            return [UInt8(address.count)] + address
        case let .full(entries):
            // RFC 4760 section 3: AFI (2), SAFI (1), next hop length (1), next hop,
            // reserved (1, zero), NLRI.
            guard let nextHop else {
                preconditionFailure("MP_REACH_NLRI announcing \(entries.count) prefixes needs PathAttributes.mpNextHop")
            }
            let family = self.family(of: entries) ?? nextHop.address.family
            let address = mpNextHopBytes(nextHop)
            var out: [UInt8] = []
            out.appendBigEndian(family.rawValue)
            out.append(SubsequentAddressFamily.unicast.rawValue)
            out.append(UInt8(address.count))
            out += address
            out.append(0)
            out += nlri(entries, addPath: addPath)
            return out
        }
    }

    /// MP_UNREACH_NLRI's value (RFC 4760 section 4, type 15): AFI (2), SAFI (1), withdrawn
    /// routes in the NLRI encoding.
    static func mpUnreachValue(_ entries: [NLRI], addPath: Bool) -> [UInt8] {
        var out: [UInt8] = []
        out.appendBigEndian(family(of: entries)!.rawValue)
        out.append(SubsequentAddressFamily.unicast.rawValue)
        out += nlri(entries, addPath: addPath)
        return out
    }

    /// The next hop field (RFC 4760 section 3): 4 bytes IPv4, 16 IPv6, or 32 for an IPv6
    /// global address followed by its link-local address (RFC 2545 section 3).
    static func mpNextHopBytes(_ nextHop: MPNextHop) -> [UInt8] {
        var out: [UInt8] = []
        out.appendAddress(nextHop.address)
        if let linkLocal = nextHop.linkLocal {
            precondition(nextHop.address.family == .ipv6 && linkLocal.family == .ipv6,
                         "a link-local next hop (\(linkLocal)) goes with an IPv6 global next hop, not \(nextHop.address)")
            out.appendAddress(linkLocal)
        }
        return out
    }

    /// The one family of `entries`; nil when empty.
    static func family(of entries: [NLRI]) -> AddressFamily? {
        guard let first = entries.first?.prefix.family else { return nil }
        precondition(entries.allSatisfy { $0.prefix.family == first }, "MP NLRI of one attribute must all be \(first)")
        return first
    }
}
