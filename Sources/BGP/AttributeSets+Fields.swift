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
        withCompact(Int(id)) { Self.ranking($0, layout: CompactLayout($0)) }
    }

    /// The ranking of the compact form `bytes`, whose layout is found.
    static func ranking(_ bytes: UnsafeRawBufferPointer, layout: CompactLayout) -> RankingAttributes {
        var ranking = RankingAttributes()
        ranking.origin = layout.origin
        ranking.med = layout.med
        ranking.localPref = layout.localPref
        if let asPathOffset = layout.asPathOffset {
            var reader = CompactBytes.Reader(bytes)
            reader.offset = asPathOffset
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
        ranking.originatorID = layout.originatorID(in: bytes)
        return ranking
    }

    /// The standard and large communities of a stored set, in their stored order.
    public func communities(of id: Int32) -> (standard: [Community], large: [LargeCommunity]) {
        let words = withCompact(Int(id)) { CompactLayout($0).communityValues(in: $0) }
        let large = stride(from: 0, to: words.large.count, by: 3).map {
            LargeCommunity(words.large[$0], words.large[$0 + 1], words.large[$0 + 2])
        }
        return (words.standard.map(Community.init(rawValue:)), large)
    }
}
