import BGP

extension WireAttributes {
    /// Attributes a set rarely has, whose values the compact writer leaves to `PathAttributes`:
    /// with any of them present (or one it does not interpret), `appendCompact` declines.
    private static let leftToPathAttributes: UInt64 = [
        AttributeType.atomicAggregate, AttributeType.aggregator, AttributeType.originatorID, AttributeType.clusterList,
        AttributeType.extendedCommunities, AttributeType.as4Aggregator, AttributeType.onlyToCustomer,
    ].reduce(0) { $0 | 1 << UInt64($1) }

    /// What the compact form of the common set is written from (`CompactFields`); nil when the
    /// block needs more: an AS4_PATH to merge (RFC 6793 section 4.2.3) or a rarer attribute.
    public var compactFields: CompactFields? {
        if unknownCount > 0 || present & Self.leftToPathAttributes != 0 { return nil }
        if asnSize == 2 && has(AttributeType.as4Path) && has(AttributeType.asPath) { return nil }
        return CompactFields(self)
    }

    /// Writes into `out` exactly what `PathAttributes(self).appendCompact(to:)` would, without
    /// building the set: the common set (origin, AS path, next hops, MED, LOCAL_PREF,
    /// communities) of a RIB entry or UPDATE. Returns false, writing nothing, when the block
    /// needs more (`compactFields` is nil).
    public func appendCompact(to out: inout [UInt8]) -> Bool {
        guard let fields = compactFields else { return false }
        fields.appendCompact(block: block, to: &out)
        return true
    }

    /// The compact form of the block whatever it holds: written straight from the wire where
    /// `appendCompact` can, through a `PathAttributes` otherwise (the same bytes either way).
    public func appendCompactForm(to out: inout [UInt8]) {
        if !appendCompact(to: &out) { PathAttributes(self).appendCompact(to: &out) }
    }
}

/// What writing the compact form of a block's common set needs (`WireAttributes.appendCompact`),
/// with each value that has bytes located by its offset in the block: taken where the block is
/// parsed, and written from any copy of the block, on another thread after the record's buffer
/// is gone (how one route server's reconstruction shares the work between two cores). Narrow
/// (32 bytes), as a batch of route changes carries thousands.
public struct CompactFields: Sendable {
    /// Where a value lies in the block: an attribute block has at most 65535 bytes (its length
    /// field in a RIB entry has two octets; RFC 8654 caps an UPDATE at 65535).
    fileprivate struct Place: Sendable {
        let offset: UInt16
        let count: UInt16
        static let none = Place(offset: 0, count: 0)
    }

    /// Which of origin, next hop, MED, LOCAL_PREF, AS_PATH and MP_REACH_NLRI are present.
    private struct Present: OptionSet, Sendable {
        let rawValue: UInt8
        static let origin = Present(rawValue: 1)
        static let nextHop = Present(rawValue: 2)
        static let med = Present(rawValue: 4)
        static let localPref = Present(rawValue: 8)
        static let asPath = Present(rawValue: 16)
        static let mpReach = Present(rawValue: 32)
    }

    private let present: Present
    private let origin: UInt8
    private let asnWidth: UInt8
    private let nextHop: UInt32
    private let med: UInt32
    private let localPref: UInt32
    private let asPath: Place
    private let communities: Place
    private let largeCommunities: Place
    /// MP_REACH_NLRI's next hop.
    private let mpNextHop: Place

    /// Nil for a block of more than 65535 bytes (never from the wire; then the compact form is
    /// written where the block is).
    fileprivate init?(_ wire: WireAttributes) {
        guard wire.block.count <= Int(UInt16.max) else { return nil }
        func place(_ span: WireAttributes.Span) -> Place {
            Place(offset: UInt16(truncatingIfNeeded: span.offset), count: UInt16(truncatingIfNeeded: span.count))
        }
        var present: Present = []
        if wire.has(AttributeType.origin) { present.insert(.origin) }
        if wire.has(AttributeType.nextHop) { present.insert(.nextHop) }
        if wire.has(AttributeType.multiExitDisc) { present.insert(.med) }
        if wire.has(AttributeType.localPref) { present.insert(.localPref) }
        if wire.has(AttributeType.asPath) { present.insert(.asPath) }
        if wire.mpReach != nil { present.insert(.mpReach) }
        self.present = present
        origin = wire.origin
        asnWidth = UInt8(truncatingIfNeeded: wire.asnSize)
        nextHop = wire.nextHop
        med = wire.med
        localPref = wire.localPref
        asPath = place(wire.asPathSpan)
        communities = place(wire.communitiesSpan)
        largeCommunities = place(wire.largeCommunitiesSpan)
        mpNextHop = wire.mpReach.map { place(wire.span(of: $0.nextHopBytes)) } ?? .none
    }

    /// Writes the compact form into `out`; `block` holds the bytes the fields were taken from.
    public func appendCompact(block: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        func view(_ place: Place) -> UnsafeRawBufferPointer {
            guard place.count > 0, let base = block.baseAddress else { return UnsafeRawBufferPointer(start: nil, count: 0) }
            return UnsafeRawBufferPointer(start: base + Int(place.offset), count: Int(place.count))
        }
        let mpNextHop = present.contains(.mpReach) ? MPReach.nextHop(view(self.mpNextHop)) : nil
        let path = present.contains(.asPath) ? WireASPath(unchecked: view(asPath), asnSize: Int(asnWidth)) : nil
        let communities = view(self.communities), largeCommunities = view(self.largeCommunities)
        // Each wire ASN becomes 4 bytes (twice a 2-byte one), each segment header at most 11.
        let bound = CompactWriter.headerBound + 3 * CompactWriter.countBound + 6 * (path?.bytes.count ?? 0)
            + communities.count + largeCommunities.count + CompactWriter.rareMPNextHopBound
        CompactWriter.append(to: &out, bound: bound) { writer in
            writer.header(
                origin: present.contains(.origin) ? Origin(rawValue: origin) ?? .incomplete : nil,
                nextHop: present.contains(.nextHop) ? IPAddress(ipv4: nextHop) : nil,
                med: present.contains(.med) ? med : nil,
                localPref: present.contains(.localPref) ? localPref : nil,
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
            if let mpNextHop { writer.rareMPNextHop(mpNextHop) }
        }
    }

    /// A community list as its count of `width`-byte items and their 4-byte values.
    private static func write(_ bytes: UnsafeRawBufferPointer, width: Int, to writer: inout CompactWriter) {
        let items = bytes.count / width
        guard items > 0 else { return }
        writer.count(items)
        writer.words(bigEndian: UnsafeRawBufferPointer(rebasing: bytes[0..<items * width]), width: 4)
    }
}
