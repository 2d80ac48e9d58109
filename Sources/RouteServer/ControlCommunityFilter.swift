import BGP
import Job

/// Which communities may be control communities of a scheme, told from their first field
/// alone: a community matches a pattern of the scheme (or is one it lists) only if its high
/// half (standard) or global administrator (large) is the one the pattern fixes. Most
/// communities of a real route server are informational (`3356:2`, `174:21000`), and the
/// filter lets `CommunityIntent.read` skip them. It must see every pattern and list that
/// `read` tries: a pattern that leaves the first field to the peer lets everything through.
struct ControlCommunityFilter {
    /// One bit per value of a standard community's high 16 bits.
    private var standardHighs = [UInt64](repeating: 0, count: 1 << 10)
    /// The global administrators the large patterns and lists fix; nil when one does not.
    private var largeGlobals: [UInt32]? = []

    init(_ scheme: CommunityScheme) {
        let actions = scheme.actions
        let standardPatterns = [scheme.standard.open, scheme.standard.blockAll, scheme.standard.exclude, scheme.standard.include]
            + actions.prependStandard.toAll + actions.prependStandard.toPeer
        for pattern in standardPatterns.compactMap({ $0 }) {
            switch pattern.high {
            case let .value(high): if high <= 0xFFFF { setHigh(Int(high)) }
            case .peer: for w in standardHighs.indices { standardHighs[w] = ~0 }
            }
        }
        // Read whatever the well-known handling says: letting a few more through is harmless.
        let listed = (actions.blackhole?.standard ?? []) + actions.gracefulShutdownStandard
            + [Community.noExport, .noExportSubconfed, .noAdvertise]
        for community in listed { setHigh(Int(community.high)) }
        let largePatterns = [scheme.large.open, scheme.large.blockAll, scheme.large.exclude, scheme.large.include]
            + actions.prependLarge.toAll + actions.prependLarge.toPeer
        for pattern in largePatterns.compactMap({ $0 }) {
            switch pattern.global {
            case let .value(global): largeGlobals?.append(global)
            case .peer: largeGlobals = nil
            }
        }
        for community in (actions.blackhole?.large ?? []) + actions.gracefulShutdownLarge { largeGlobals?.append(community.global) }
    }

    private mutating func setHigh(_ high: Int) { standardHighs[high >> 6] |= 1 << UInt64(high & 63) }

    func mayControl(_ community: Community) -> Bool {
        let high = Int(community.high)
        return standardHighs[high >> 6] & 1 << UInt64(high & 63) != 0
    }

    func mayControl(_ community: LargeCommunity) -> Bool {
        largeGlobals?.contains(community.global) ?? true
    }
}
