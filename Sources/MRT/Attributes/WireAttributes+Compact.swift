import BGP

extension WireAttributes {
    /// Attributes a set rarely has, whose values the compact writer leaves to `PathAttributes`:
    /// with any of them present (or one it does not interpret), `appendCompact` declines.
    private static let leftToPathAttributes: UInt64 = [
        AttributeType.atomicAggregate, AttributeType.aggregator, AttributeType.originatorID, AttributeType.clusterList,
        AttributeType.extendedCommunities, AttributeType.as4Aggregator, AttributeType.onlyToCustomer,
    ].reduce(0) { $0 | 1 << UInt64($1) }

    /// Writes into `out` exactly what `PathAttributes(self).appendCompact(to:)` would, without
    /// building the set: the common set (origin, AS path, next hops, MED, LOCAL_PREF,
    /// communities) of a RIB entry or UPDATE. Returns false, writing nothing, when the block
    /// needs more: an AS4_PATH to merge (RFC 6793 section 4.2.3) or a rarer attribute.
    public func appendCompact(to out: inout [UInt8]) -> Bool {
        if unknownCount > 0 || present & Self.leftToPathAttributes != 0 { return false }
        if asnSize == 2 && has(AttributeType.as4Path) && has(AttributeType.asPath) { return false }
        let mpNextHop = mpReach?.nextHop
        let path = has(AttributeType.asPath) ? asPath : nil
        // Each wire ASN becomes 4 bytes (twice a 2-byte one), each segment header at most 11.
        let bound = CompactWriter.headerBound + 3 * CompactWriter.countBound + 6 * (path?.bytes.count ?? 0)
            + communities.count + largeCommunities.count
        CompactWriter.append(to: &out, bound: bound) { writer in
            writer.header(
                origin: has(AttributeType.origin) ? Origin(rawValue: origin) ?? .incomplete : nil,
                nextHop: has(AttributeType.nextHop) ? IPAddress(ipv4: nextHop) : nil,
                med: has(AttributeType.multiExitDisc) ? med : nil,
                localPref: has(AttributeType.localPref) ? localPref : nil,
                hasASPath: path != nil, hasCommunities: communities.count >= 4,
                hasLargeCommunities: largeCommunities.count >= 12, hasRare: mpNextHop != nil)
            if let path {
                var segments = 0
                path.forEachSegment { _, _, _ in segments += 1 }
                writer.count(segments)
                path.forEachSegment { type, count, asns in
                    writer.segmentHeader(type: ASPath.SegmentType(rawValue: type) ?? .sequence, count: count)
                    writer.words(bigEndian: asns, width: path.asnSize)
                }
            }
            Self.write(communities, width: 4, to: &writer)
            Self.write(largeCommunities, width: 12, to: &writer)
        }
        if let mpNextHop { CompactForm.appendRare(mpNextHop: mpNextHop, to: &out) }
        return true
    }

    /// The compact form of the block whatever it holds: written straight from the wire where
    /// `appendCompact` can, through a `PathAttributes` otherwise (the same bytes either way).
    public func appendCompactForm(to out: inout [UInt8]) {
        if !appendCompact(to: &out) { PathAttributes(self).appendCompact(to: &out) }
    }

    /// A community list as its count of `width`-byte items and their 4-byte values.
    private static func write(_ bytes: UnsafeRawBufferPointer, width: Int, to writer: inout CompactWriter) {
        let items = bytes.count / width
        guard items > 0 else { return }
        writer.count(items)
        writer.words(bigEndian: UnsafeRawBufferPointer(rebasing: bytes[0..<items * width]), width: 4)
    }
}
