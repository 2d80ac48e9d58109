import BGP
import Job

/// What the route server changes in a route it announces to one receiver because of the
/// route's action communities (`CommunityActions`): the sender's ASN prepended, and the
/// next hop of a blackholed route. Export-side, per receiver: the decision process and the
/// audience are not affected. The exported-path builder applies it (`exportedPath(_:)`).
public struct ExportAdjustment: Hashable, Sendable {
    /// Extra copies of the route's first AS put in front of its path (0 to 3).
    public var prepends: Int
    /// The IXP's blackhole next hop for a blackhole-tagged route; nil: the route's own.
    public var nextHop: IPAddress?
    /// The route is tagged for blackholing.
    public var blackhole: Bool

    public init(prepends: Int = 0, nextHop: IPAddress? = nil, blackhole: Bool = false) {
        self.prepends = prepends
        self.nextHop = nextHop
        self.blackhole = blackhole
    }

    public var changesNothing: Bool { prepends == 0 && nextHop == nil && !blackhole }

    /// `path` as the receiver gets it: the first AS `prepends` more times in front (as
    /// arouteserver's and IXP Manager's `bgp_path.prepend(bgp_path.first)`), so the path
    /// is `prepends` longer. A path that does not start with an AS (empty, or a set first)
    /// is left as it is: there is no first AS to repeat.
    public func exportedPath(_ path: ASPath?) -> ASPath? {
        guard prepends > 0, var path, let first = path.segments.first, first.type == .sequence, let asn = first.asns.first
        else { return path }
        path.segments[0].asns.insert(contentsOf: repeatElement(asn, count: prepends), at: 0)
        return path
    }
}

extension ExportResult {
    /// The adjustment of route `index` of `rib.routes` when it is announced to `receiver`,
    /// under the scheme's `actions` (the same scheme the simulation ran with); nil for a
    /// rejected route.
    public func adjustment(ofRoute index: Int, to receiver: ASN, actions: CommunityActions) -> ExportAdjustment? {
        let id = routeIntent[index]
        guard id >= 0 else { return nil }
        let intent = intents[Int(id)]
        let family = rib.routes[index].key.prefix.family
        return ExportAdjustment(prepends: intent.prepends(to: receiver),
                                nextHop: intent.blackhole ? actions.blackhole?.nextHop(family) : nil,
                                blackhole: intent.blackhole)
    }
}
