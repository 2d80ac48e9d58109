import BGP
import Job

/// Prepending asked for one peer: the peer and how many times (1 to 3).
public struct PeerPrepend: Hashable, Sendable, Comparable {
    public var peer: ASN
    public var count: UInt8

    public static func < (a: PeerPrepend, b: PeerPrepend) -> Bool { (a.peer, a.count) < (b.peer, b.count) }
}

/// The action communities of `CommunityActions` in a route's intent: read when a community
/// is none of the four who-gets-the-route patterns.
extension CommunityIntent {
    /// Reads `c` if it is an action community of `actions`; false when it is none.
    mutating func readAction(_ c: Community, _ actions: CommunityActions) -> Bool {
        if actions.wellKnown == .interpret {
            if c == .noExport || c == .noExportSubconfed { noExportFlag(); return true }
            if c == .noAdvertise { noAdvertiseFlag(); return true }
        }
        if actions.blackhole?.standard.contains(c) == true { setBlackhole(); return true }
        if actions.gracefulShutdownStandard.contains(c) { setGracefulShutdown(); return true }
        return readPrepend(c, actions.prependStandard) { p, c in p.matches(c) ? (p.peer(in: c), true) : (nil, false) }
    }

    mutating func readAction(_ c: LargeCommunity, _ actions: CommunityActions) -> Bool {
        if actions.blackhole?.large.contains(c) == true { setBlackhole(); return true }
        if actions.gracefulShutdownLarge.contains(c) { setGracefulShutdown(); return true }
        return readPrepend(c, actions.prependLarge) { p, c in p.matches(c) ? (p.peer(in: c), true) : (nil, false) }
    }

    /// The "to all" patterns first: they have no peer field, and a peer field matches any
    /// number (IXP Manager's `RS:101:0` is both "once to all" and "once to peer 0").
    private mutating func readPrepend<P, C>(_ c: C, _ prepend: PrependCommunities<P>,
                                            _ match: (P, C) -> (ASN?, Bool)) -> Bool {
        for (n, pattern) in prepend.toAll.enumerated() {
            if let pattern, match(pattern, c).1 { addPrependToAll(UInt8(n + 1)); return true }
        }
        for (n, pattern) in prepend.toPeer.enumerated() {
            guard let pattern else { continue }
            let (peer, matched) = match(pattern, c)
            guard matched, let peer else { continue }
            // IXP Manager writes "to all" as peer 0.
            if peer.rawValue == 0 { addPrependToAll(UInt8(n + 1)) } else { addPrependToPeer(peer, UInt8(n + 1)) }
            return true
        }
        return false
    }

    /// How many times the route server prepends the sender's ASN when it announces the route
    /// to `receiver`: a count asked for that peer wins over one asked for all; the largest of
    /// several counts for the same target wins (arouteserver and IXP Manager test thrice, then
    /// twice, then once).
    public func prepends(to receiver: ASN) -> Int {
        if let p = prependToPeer.first(where: { $0.peer == receiver }) { return Int(p.count) }
        return Int(prependToAll)
    }

    /// Whether the route asks for any prepending.
    public var prepends: Bool { prependToAll > 0 || !prependToPeer.isEmpty }

    /// The actions asked beyond who gets the route, in words (`prepend 2x to all; prepend 3x
    /// to AS8447; blackhole; graceful shutdown; NO_EXPORT`); empty when none.
    public var actionsDescription: String {
        var parts: [String] = []
        if prependToAll > 0 { parts.append("prepend \(prependToAll)x to all") }
        for p in prependToPeer { parts.append("prepend \(p.count)x to AS\(p.peer)") }
        if blackhole { parts.append("blackhole") }
        if gracefulShutdown { parts.append("graceful shutdown (local pref 0)") }
        if noExport { parts.append("NO_EXPORT: to no member") }
        if noAdvertise { parts.append("NO_ADVERTISE: to no member") }
        return parts.joined(separator: "; ")
    }
}
