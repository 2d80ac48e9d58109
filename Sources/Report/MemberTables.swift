import BGP
import Routing

/// Who a session belongs to, as the member list says.
public struct SessionOwner {
    public var asn: ASN?
    public var name: String?
    /// How the session matched the member list (`member`, `unknown peer`, ...).
    public var match: String

    public init(asn: ASN?, name: String?, match: String) {
        self.asn = asn
        self.name = name
        self.match = match
    }
}

/// `announcements.csv`: every route present at the end (or at `--at`), one row per session,
/// prefix and path id, with the attributes a peering coordinator checks.
public func announcementsTable(_ rib: AdjRIBIn, owner: (SessionID) -> SessionOwner) -> CSVTable {
    var table = CSVTable(header: [
        "source", "peer_address", "member_asn", "member_name", "family", "prefix", "path_id", "as_path",
        "next_hop", "origin", "med", "local_pref", "communities", "large_communities", "otc",
        "first_seen", "last_seen", "flaps",
    ])
    for session in rib.sortedSessions {
        let who = owner(session.id)
        for (key, record) in session.presentRoutes {
            let a = rib.attributes[record.attributes]
            table.append([
                .text(session.id.source), .text(session.id.peerAddress.description),
                .init(who.asn?.rawValue), .init(who.name),
                .text(key.prefix.family.description), .text(key.prefix.description), .init(Int(key.pathID)),
                .init(a.asPath?.description), .init(a.effectiveNextHop(for: key.prefix.family)?.description),
                .init(a.origin?.description), .init(a.med), .init(a.localPref),
                .text(a.communities.map(\.description).joined(separator: " ")),
                .text(a.largeCommunities.map(\.description).joined(separator: " ")),
                .init(a.onlyToCustomer?.rawValue),
                .text(rfc3339(record.firstSeen)), .text(rfc3339(record.lastSeen)), .init(Int(record.flaps)),
            ])
        }
    }
    return table
}

/// `sessions.csv`: one row per session with its counts and how it ended.
public func sessionsTable(_ rib: AdjRIBIn, owner: (SessionID) -> SessionOwner) -> CSVTable {
    var table = CSVTable(header: [
        "source", "peer_address", "peer_asn", "member_asn", "member_name", "match", "ipv4_routes", "ipv6_routes",
        "resets", "updates", "announced", "withdrawn", "first_update", "last_update", "state_at_end", "partial",
    ])
    for session in rib.sortedSessions {
        let who = owner(session.id)
        let state: String
        switch session.lastState {
        case nil: state = session.ipv4Routes + session.ipv6Routes > 0 ? "established (routes seen)" : "unknown"
        case 6?: state = "established"
        case let other?: state = stateName(other)
        }
        table.append([
            .text(session.id.source), .text(session.id.peerAddress.description), .init(session.id.peerASN.rawValue),
            .init(who.asn?.rawValue), .init(who.name), .text(who.match),
            .init(session.ipv4Routes), .init(session.ipv6Routes), .init(session.resets), .init(session.updates),
            .init(session.announcements), .init(session.withdrawals),
            .init(session.firstUpdate.map(rfc3339)), .init(session.lastUpdate.map(rfc3339)),
            .text(state), .text(session.partial ? "yes" : "no"),
        ])
    }
    return table
}

/// RFC 4271 section 8.2.2 state names.
func stateName(_ state: UInt16) -> String {
    switch state {
    case 1: return "idle"
    case 2: return "connect"
    case 3: return "active"
    case 4: return "opensent"
    case 5: return "openconfirm"
    case 6: return "established"
    default: return "state \(state)"
    }
}

/// `route-counts.csv`: each session's IPv4 and IPv6 route counts at the end of every
/// interval in which they changed (the count holds between rows).
public func routeCountsTable(_ rib: AdjRIBIn) -> CSVTable {
    var table = CSVTable(header: ["source", "peer_address", "peer_asn", "time", "ipv4_routes", "ipv6_routes"])
    for session in rib.sortedSessions {
        for sample in session.series {
            table.append([.text(session.id.source), .text(session.id.peerAddress.description), .init(session.id.peerASN.rawValue),
                          .text(rfc3339(sample.time)), .init(sample.ipv4), .init(sample.ipv6)])
        }
    }
    return table
}
