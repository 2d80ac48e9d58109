import BGP

/// Whether a route server removes its own control communities from the routes it exports
/// (set per route server in the job file: `control_communities: strip | keep`).
///
/// RFC 7947 section 2.2 leaves communities alone, and a plain BIRD `rs client` sends every
/// community on; the configurations IXPs generate (arouteserver, IXP Manager) delete the
/// route server's control communities in the export filter, which is what `strip`, the
/// default, models.
public enum ControlCommunityHandling: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// The communities of the IXP's community scheme are removed on export.
    case strip
    /// Every community is sent on as received.
    case keep

    public var description: String { rawValue }

    static let expected = "strip (the route server removes its control communities on export) or keep"
}

extension CommunityScheme {
    /// Whether `community` is one of the route server's control communities: it matches the
    /// pattern of one of the scheme's actions (a `peer` field matches any value, so `0:peer`
    /// covers every `0:X`). These are the communities a route server with
    /// `control_communities: strip` removes on export; a control action added to the scheme
    /// belongs in this list.
    public func isControl(_ community: Community) -> Bool {
        for pattern in [standard.open, standard.include, standard.blockAll, standard.exclude] {
            if let pattern, pattern.matches(community) { return true }
        }
        return false
    }

    /// The same for a large community (RFC 8092).
    public func isControl(_ community: LargeCommunity) -> Bool {
        for pattern in [large.open, large.include, large.blockAll, large.exclude] {
            if let pattern, pattern.matches(community) { return true }
        }
        return false
    }
}
