import BGP

extension WireAttributes {
    /// Attributes a set rarely has, whose values the compact writer leaves to `PathAttributes`:
    /// with any of them present (or one it does not interpret), `appendCompact` declines.
    private static let leftToPathAttributes: [UInt8] = [
        AttributeType.atomicAggregate, AttributeType.aggregator, AttributeType.originatorID, AttributeType.clusterList,
        AttributeType.extendedCommunities, AttributeType.as4Aggregator, AttributeType.onlyToCustomer,
    ]

    /// Writes into `out` exactly what `PathAttributes(self).appendCompact(to:)` would, without
    /// building the set: the common set (origin, AS path, next hops, MED, LOCAL_PREF,
    /// communities) of a RIB entry or UPDATE. Returns false, writing nothing, when the block
    /// needs more: an AS4_PATH to merge (RFC 6793 section 4.2.3) or a rarer attribute.
    public func appendCompact(to out: inout [UInt8]) -> Bool {
        if unknownCount > 0 || Self.leftToPathAttributes.contains(where: has) { return false }
        if asnSize == 2 && has(AttributeType.as4Path) && has(AttributeType.asPath) { return false }
        let mpNextHop = mpReach?.nextHop
        CompactForm.appendHeader(
            origin: has(AttributeType.origin) ? Origin(rawValue: origin) ?? .incomplete : nil,
            nextHop: has(AttributeType.nextHop) ? IPAddress(ipv4: nextHop) : nil,
            med: has(AttributeType.multiExitDisc) ? med : nil,
            localPref: has(AttributeType.localPref) ? localPref : nil,
            hasASPath: has(AttributeType.asPath), hasCommunities: communities.count >= 4,
            hasLargeCommunities: largeCommunities.count >= 12, hasRare: mpNextHop != nil, to: &out)
        if has(AttributeType.asPath) {
            var segments = 0
            asPath.forEachSegment { _, _, _ in segments += 1 }
            CompactForm.appendCount(segments, to: &out)
            asPath.forEachSegment { type, count, asns in
                CompactForm.appendSegmentHeader(type: ASPath.SegmentType(rawValue: type) ?? .sequence, count: count, to: &out)
                CompactForm.append(bigEndian: asns, width: asPath.asnSize, to: &out)
            }
        }
        appendValues(communities, width: 4, to: &out)
        appendValues(largeCommunities, width: 12, to: &out)
        if let mpNextHop { CompactForm.appendRare(mpNextHop: mpNextHop, to: &out) }
        return true
    }

    /// The compact form of the block whatever it holds: written straight from the wire where
    /// `appendCompact` can, through a `PathAttributes` otherwise (the same bytes either way).
    public func appendCompactForm(to out: inout [UInt8]) {
        if !appendCompact(to: &out) { PathAttributes(self).appendCompact(to: &out) }
    }

    /// A community list as its count of `width`-byte items and their 4-byte values.
    private func appendValues(_ bytes: UnsafeRawBufferPointer, width: Int, to out: inout [UInt8]) {
        let items = bytes.count / width
        guard items > 0 else { return }
        CompactForm.appendCount(items, to: &out)
        CompactForm.append(bigEndian: UnsafeRawBufferPointer(rebasing: bytes[0..<items * width]), width: 4, to: &out)
    }
}
