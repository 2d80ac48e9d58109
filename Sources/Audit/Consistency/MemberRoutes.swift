import BGP
import Routing

/// One session of a member as the consistency checks see it.
struct MemberSession {
    let state: SessionState
    /// Whether its source is one of the job's route servers.
    let isRouteServer: Bool
    /// The families it carried routes of at any time of the day; its address's family when it
    /// carried none (an IPv4 session may carry IPv6 routes, RFC 4760).
    let families: Set<AddressFamily>
    /// False when the data shows it down at the end of the day: it left Established and did not
    /// come back. Its missing routes are the session-reset check's business, not a prefix-set one.
    var isUp: Bool { state.isEstablished != false }
    var source: String { state.id.source }
    /// "rs1 185.1.15.21": the source and the member's address on it.
    var label: String { "\(state.id.source) \(state.id.peerAddress)" }

    func carries(_ family: AddressFamily) -> Bool { families.contains(family) }
}

/// A route present at the end of the day on one of the member's sessions.
struct PresentRoute {
    let key: RouteKey
    /// Index into `MemberRoutes.sessions`.
    let session: Int
    let record: RouteRecord

    /// Same prefix (the path id aside).
    func samePrefix(_ other: PresentRoute) -> Bool { key.prefix == other.key.prefix }

    /// Prefix, path id, session: on plain integers, millions of routes are sorted.
    static func before(_ a: PresentRoute, _ b: PresentRoute) -> Bool {
        let x = a.key.prefix.address, y = b.key.prefix.address
        if x.family != y.family { return x.family.rawValue < y.family.rawValue }
        if x.high != y.high { return x.high < y.high }
        if x.low != y.low { return x.low < y.low }
        if a.key.prefix.length != b.key.prefix.length { return a.key.prefix.length < b.key.prefix.length }
        if a.key.pathID != b.key.pathID { return a.key.pathID < b.key.pathID }
        return a.session < b.session
    }
}

/// A route of the day (present or not) that a stability check picked out.
struct NotableRoute {
    let key: RouteKey
    let session: Int
    let record: RouteRecord
}

/// Everything the consistency checks read about one member, gathered in one pass over the
/// routes of its sessions: the routes present at the end, sorted by prefix, and the routes
/// that flapped or changed communities.
struct MemberRoutes {
    let asn: ASN
    let name: String
    /// The member's sessions, in `SessionID` order.
    let sessions: [MemberSession]
    /// Present routes sorted by prefix, path id and session.
    let present: [PresentRoute]
    /// Routes announced again after an explicit withdrawal at least `flapThreshold` times.
    let flapping: [NotableRoute]
    let flapThreshold: Int
    /// Routes announced again with other communities while present.
    let communityChurn: [NotableRoute]

    init(asn: ASN, name: String, sessions states: [SessionState], routeServers: Set<String>, flapThreshold: Int) {
        self.asn = asn
        self.name = name
        self.flapThreshold = flapThreshold
        var sessions: [MemberSession] = []
        var present: [PresentRoute] = []
        var flapping: [NotableRoute] = []
        var churn: [NotableRoute] = []
        for state in states {
            let index = sessions.count
            var families: Set<AddressFamily> = []
            present.reserveCapacity(present.count + state.ipv4Routes + state.ipv6Routes)
            for (key, record) in state.routes {
                if families.count < 2 { families.insert(key.prefix.family) }
                if record.isPresent { present.append(PresentRoute(key: key, session: index, record: record)) }
                if Int(record.withdrawalFlaps) >= flapThreshold {
                    flapping.append(NotableRoute(key: key, session: index, record: record))
                }
                if record.communityChanges > 0 { churn.append(NotableRoute(key: key, session: index, record: record)) }
            }
            if families.isEmpty { families.insert(state.id.peerAddress.family) }
            sessions.append(MemberSession(state: state, isRouteServer: routeServers.contains(state.id.source), families: families))
        }
        present.sort(by: PresentRoute.before)
        let order = { (a: NotableRoute, b: NotableRoute) in (a.key, a.session) < (b.key, b.session) }
        self.sessions = sessions
        self.present = present
        self.flapping = flapping.sorted(by: order)
        self.communityChurn = churn.sorted(by: order)
    }

    /// The present routes, one slice per prefix, in prefix order.
    var byPrefix: [ArraySlice<PresentRoute>] {
        var groups: [ArraySlice<PresentRoute>] = []
        var start = 0
        while start < present.count {
            var end = start + 1
            while end < present.count && present[end].samePrefix(present[start]) { end += 1 }
            groups.append(present[start..<end])
            start = end
        }
        return groups
    }

    /// Sessions of `family` that are up at the end of the day, at route servers or elsewhere.
    func upSessions(_ family: AddressFamily, atRouteServer: Bool) -> [Int] {
        sessions.indices.filter { sessions[$0].isUp && sessions[$0].carries(family) && sessions[$0].isRouteServer == atRouteServer }
    }
}
