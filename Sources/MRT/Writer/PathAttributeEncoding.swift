import BGP

/// Attribute flags (RFC 4271 section 4.3): Optional, Transitive, Partial, Extended Length.
enum AttributeFlags {
    static let optional: UInt8 = 0x80
    static let transitive: UInt8 = 0x40
    static let extendedLength: UInt8 = AttributeType.flagExtendedLength

    /// Well-known attributes are transitive and not optional (RFC 4271 section 5).
    static let wellKnown = transitive
    static let optionalTransitive = optional | transitive
    static let optionalNonTransitive = optional
}

extension BGPEncoder {
    /// A path attribute block (RFC 4271 section 4.3) holding every attribute `attributes` has,
    /// in ascending type order (section 5: SHOULD), each with the flags its RFC gives it and
    /// the Extended Length flag when its value exceeds 255 bytes. Unknown attributes are
    /// written as they are, flags included (an Extended Length flag they carry is kept), in
    /// type order after a known attribute of the same type.
    ///
    /// - asnSize: 4, or 2 for a two-octet session: AS_PATH and AGGREGATOR then carry two-octet
    ///   ASNs, with AS4_PATH and AS4_AGGREGATOR added where a four-octet ASN needs them.
    /// - addPath: whether MP_REACH/MP_UNREACH NLRI carry path identifiers (RFC 7911).
    /// - mpReach: how `mpNextHop` is written (see `MPReachForm`); the default writes the
    ///   abbreviated form of TABLE_DUMP_V2 RIB entries.
    /// - mpUnreach: prefixes for MP_UNREACH_NLRI (RFC 4760 section 4), all of one family;
    ///   none writes no MP_UNREACH_NLRI.
    public static func pathAttributes(_ attributes: PathAttributes, asnSize: Int = 4, addPath: Bool = false,
                                      mpReach: MPReachForm = .abbreviated, mpUnreach: [NLRI] = []) -> [UInt8] {
        precondition(asnSize == 2 || asnSize == 4, "ASNs are 2 or 4 bytes, not \(asnSize)")
        let a = attributes
        var known: [(type: UInt8, flags: UInt8, value: [UInt8])] = []
        func add(_ type: UInt8, _ flags: UInt8, _ value: [UInt8]) { known.append((type, flags, value)) }

        if let origin = a.origin { add(AttributeType.origin, AttributeFlags.wellKnown, originValue(origin)) }
        if let path = a.asPath {
            add(AttributeType.asPath, AttributeFlags.wellKnown, asPathValue(path, asnSize: asnSize))
            if let as4 = as4PathValue(path, asnSize: asnSize) {
                add(AttributeType.as4Path, AttributeFlags.optionalTransitive, as4)
            }
        }
        if let nextHop = a.nextHop { add(AttributeType.nextHop, AttributeFlags.wellKnown, nextHopValue(nextHop)) }
        if let med = a.med { add(AttributeType.multiExitDisc, AttributeFlags.optionalNonTransitive, fourOctets(med)) }
        if let localPref = a.localPref { add(AttributeType.localPref, AttributeFlags.wellKnown, fourOctets(localPref)) }
        if a.atomicAggregate { add(AttributeType.atomicAggregate, AttributeFlags.wellKnown, []) }
        if let aggregator = a.aggregator {
            add(AttributeType.aggregator, AttributeFlags.optionalTransitive, aggregatorValue(aggregator, asnSize: asnSize))
            if asnSize == 2 && aggregator.asn.rawValue > 0xFFFF {
                add(AttributeType.as4Aggregator, AttributeFlags.optionalTransitive, aggregatorValue(aggregator, asnSize: 4))
            }
        }
        if !a.communities.isEmpty {
            add(AttributeType.communities, AttributeFlags.optionalTransitive, communitiesValue(a.communities))
        }
        if let originator = a.originatorID {
            add(AttributeType.originatorID, AttributeFlags.optionalNonTransitive, addressValue(originator, "ORIGINATOR_ID"))
        }
        if !a.clusterList.isEmpty {
            add(AttributeType.clusterList, AttributeFlags.optionalNonTransitive, clusterListValue(a.clusterList))
        }
        if let reach = mpReachValue(a.mpNextHop, form: mpReach, addPath: addPath) {
            add(AttributeType.mpReachNLRI, AttributeFlags.optionalNonTransitive, reach)
        }
        if !mpUnreach.isEmpty {
            add(AttributeType.mpUnreachNLRI, AttributeFlags.optionalNonTransitive, mpUnreachValue(mpUnreach, addPath: addPath))
        }
        if !a.extendedCommunities.isEmpty {
            add(AttributeType.extendedCommunities, AttributeFlags.optionalTransitive, extendedCommunitiesValue(a.extendedCommunities))
        }
        if !a.largeCommunities.isEmpty {
            add(AttributeType.largeCommunities, AttributeFlags.optionalTransitive, largeCommunitiesValue(a.largeCommunities))
        }
        if let otc = a.onlyToCustomer {
            add(AttributeType.onlyToCustomer, AttributeFlags.optionalTransitive, fourOctets(otc.rawValue))
        }

        // Known attributes first within a type, then unknown ones in the order given.
        let unknown = a.unknown.map { (type: $0.type, flags: $0.flags, value: $0.value) }
        let ordered = (known + unknown).enumerated().sorted { ($0.element.type, $0.offset) < ($1.element.type, $1.offset) }
        var out: [UInt8] = []
        for (_, attribute) in ordered {
            appendAttribute(flags: attribute.flags, type: attribute.type, value: attribute.value, to: &out)
        }
        return out
    }

    /// One attribute (RFC 4271 section 4.3): flags, type code, then the length in one octet,
    /// or in two with the Extended Length flag, which a value over 255 bytes needs.
    static func appendAttribute(flags: UInt8, type: UInt8, value: [UInt8], to out: inout [UInt8]) {
        precondition(value.count <= 0xFFFF, "\(AttributeType.name(type)) is \(value.count) bytes; an attribute holds at most 65535")
        let extended = value.count > 255 || flags & AttributeFlags.extendedLength != 0
        out.append(extended ? flags | AttributeFlags.extendedLength : flags)
        out.append(type)
        if extended { out.appendBigEndian(UInt16(value.count)) } else { out.append(UInt8(value.count)) }
        out += value
    }

    /// ORIGIN (RFC 4271 sections 4.3 and 5.1.1): one octet, 0 IGP, 1 EGP, 2 INCOMPLETE.
    static func originValue(_ origin: Origin) -> [UInt8] { [origin.rawValue] }

    /// NEXT_HOP (RFC 4271 sections 4.3 and 5.1.3): an IPv4 address. IPv6 next hops travel in
    /// MP_REACH_NLRI (`PathAttributes.mpNextHop`).
    static func nextHopValue(_ address: IPAddress) -> [UInt8] { addressValue(address, "NEXT_HOP") }

    /// MULTI_EXIT_DISC and LOCAL_PREF (RFC 4271 sections 4.3, 5.1.4, 5.1.5), ONLY_TO_CUSTOMER
    /// (RFC 9234 section 5): one four-octet number.
    static func fourOctets(_ value: UInt32) -> [UInt8] {
        var out: [UInt8] = []
        out.appendBigEndian(value)
        return out
    }

    /// AGGREGATOR (RFC 4271 section 4.3, type 7): the ASN in `asnSize` octets (AS_TRANS for a
    /// four-octet ASN on a two-octet session), then an IPv4 address; AS4_AGGREGATOR (RFC 6793
    /// section 3) is the same with four octets.
    static func aggregatorValue(_ aggregator: Aggregator, asnSize: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.appendASN(aggregator.asn, size: asnSize)
        out.appendIPv4(aggregator.address, "AGGREGATOR address")
        return out
    }

    /// COMMUNITIES (RFC 1997, "COMMUNITIES attribute"): four octets each.
    static func communitiesValue(_ communities: [Community]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(communities.count * 4)
        for community in communities { out.appendBigEndian(community.rawValue) }
        return out
    }

    /// ORIGINATOR_ID (RFC 4456 section 8): the originator's four-octet router ID.
    static func addressValue(_ address: IPAddress, _ field: StaticString) -> [UInt8] {
        var out: [UInt8] = []
        out.appendIPv4(address, field)
        return out
    }

    /// CLUSTER_LIST (RFC 4456 section 8): four-octet cluster IDs.
    static func clusterListValue(_ clusters: [IPAddress]) -> [UInt8] {
        var out: [UInt8] = []
        for cluster in clusters { out.appendIPv4(cluster, "CLUSTER_LIST") }
        return out
    }

    /// EXTENDED_COMMUNITIES (RFC 4360 section 2): eight octets each.
    static func extendedCommunitiesValue(_ communities: [ExtendedCommunity]) -> [UInt8] {
        var out: [UInt8] = []
        for community in communities { out.appendBigEndian(community.rawValue) }
        return out
    }

    /// LARGE_COMMUNITY (RFC 8092 section 3): global administrator and two local data parts,
    /// four octets each.
    static func largeCommunitiesValue(_ communities: [LargeCommunity]) -> [UInt8] {
        var out: [UInt8] = []
        for community in communities {
            out.appendBigEndian(community.global)
            out.appendBigEndian(community.local1)
            out.appendBigEndian(community.local2)
        }
        return out
    }
}
