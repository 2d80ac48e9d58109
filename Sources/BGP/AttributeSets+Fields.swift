/// What the decision process ranks routes on (RFC 4271 section 9.1.2.2), read from a stored
/// set without building it: no heap allocation per route.
public struct RankingAttributes: Sendable {
    public var origin: Origin?
    public var localPref: UInt32?
    public var med: UInt32?
    /// `ASPath.length`; nil without an AS_PATH.
    public var pathLength: Int?
    /// `ASPath.firstASN`: the leftmost AS of a path that begins with an AS_SEQUENCE.
    public var firstASN: ASN?
    public var originatorID: IPAddress?
}

extension AttributeSets {
    public func ranking(of id: Int32) -> RankingAttributes {
        withCompact(Int(id)) { bytes in
            var reader = CompactBytes.Reader(bytes)
            var ranking = RankingAttributes()
            let fields = PathAttributes.Field(rawValue: reader.byte())
            if fields.contains(.origin) { ranking.origin = Origin(rawValue: reader.byte()) }
            if fields.contains(.nextHop) { _ = reader.address() }
            if fields.contains(.med) { ranking.med = reader.uint32() }
            if fields.contains(.localPref) { ranking.localPref = reader.uint32() }
            if fields.contains(.asPath) {
                var length = 0
                for segment in 0..<reader.count() {
                    let type = ASPath.SegmentType(rawValue: reader.byte()) ?? .sequence
                    let count = reader.count()
                    if segment == 0, type == .sequence, count > 0 { ranking.firstASN = ASN(rawValue: reader.peekUInt32()) }
                    reader.offset += 4 * count
                    switch type {
                    case .sequence: length += count
                    case .set: length += 1
                    case .confedSequence, .confedSet: break
                    }
                }
                ranking.pathLength = length
            }
            guard fields.contains(.rare) else { return ranking }
            if fields.contains(.communities) { reader.offset += 4 * reader.count() }
            if fields.contains(.largeCommunities) { reader.offset += 12 * reader.count() }
            ranking.originatorID = RareAttributes(compact: &reader).originatorID
            return ranking
        }
    }

    /// The standard and large communities of a stored set, in their stored order.
    public func communities(of id: Int32) -> (standard: [Community], large: [LargeCommunity]) {
        let words = withCompact(Int(id)) { bytes in
            var reader = CompactBytes.Reader(bytes)
            return reader.communities()
        }
        let large = stride(from: 0, to: words.large.count, by: 3).map {
            LargeCommunity(words.large[$0], words.large[$0 + 1], words.large[$0 + 2])
        }
        return (words.standard.map(Community.init(rawValue:)), large)
    }
}
