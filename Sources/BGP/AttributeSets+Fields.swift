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
        ranking.pathLength = layout.pathLength(in: bytes)
        ranking.firstASN = layout.firstASN(in: bytes)
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
