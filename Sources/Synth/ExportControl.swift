import BGP

/// Who the route servers give a route to, from its export-control communities as the day's
/// job file reads them (docs/rules.md section A, the arouteserver profile: first match wins;
/// do-not-announce-to-peer, announce-to-peer, do-not-announce-to-any, otherwise announce; the
/// standard and large forms of each step together). The flows send ordinary traffic only
/// where the route servers give the route, and the filtered-traffic anomaly where they do not.
enum ExportControl {
    static let rs = RoutePlan.routeServerASN

    /// Whether a route with these attributes reaches the member with ASN `peer`.
    static func allows(_ a: PathAttributes, to peer: UInt32) -> Bool {
        let standard = peer <= 0xFFFF ? UInt16(peer) : nil
        if let standard, a.communities.contains(Community(0, standard)) { return false }
        if a.largeCommunities.contains(LargeCommunity(rs, 0, peer)) { return false }
        if let standard, a.communities.contains(Community(UInt16(rs), standard)) { return true }
        if a.largeCommunities.contains(LargeCommunity(rs, 1, peer)) { return true }
        return !isBlockAll(a)
    }

    /// No exclude and no block all: every member receives the route.
    static func reachesEveryone(_ a: PathAttributes) -> Bool {
        !a.communities.contains { $0.high == 0 } && !a.largeCommunities.contains { $0.global == rs && $0.local1 == 0 }
    }

    static func isBlockAll(_ a: PathAttributes) -> Bool {
        a.communities.contains(Community(0, UInt16(rs))) || a.largeCommunities.contains(LargeCommunity(rs, 0, 0))
    }
}
