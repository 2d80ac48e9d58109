import BGP
import Job

/// How many of one member's accepted prefixes another member does not get from one route
/// server, and why, counted: the review page's "your routes that member Y does not receive"
/// (the route-by-route answer is `Explainer`'s). Counted by prefix, not by route: a member with
/// two routers sends each prefix twice, and a receiver gets one route per prefix (in every mode
/// but add-path, where `received` counts each path).
public struct MissedRoutes: Hashable, Sendable {
    public var routeServer: String
    public var sender: ASN
    public var receiver: ASN
    /// The sender's accepted prefixes of the families the receiver has a session of.
    public var routes: Int
    /// Those the receiver gets a route of the sender for.
    public var received: Int
    /// Kept from it by an exclude community (an "open except" audience naming it).
    public var excluded: Int
    /// Kept from it by a block-all without an include for it (an "only" audience without it).
    public var notIncluded: Int
    /// Kept from every member by NO_EXPORT or NO_ADVERTISE (when the scheme obeys them).
    public var wellKnown: Int
    /// Of a family whose sessions of the receiver the route server closed over max-prefix.
    public var sessionClosed: Int

    /// Allowed by the communities but not received: another route won the decision process
    /// (in best mode, the hidden path; in evaluate-all mode, also the own-path stop). A prefix
    /// the sender sent with different communities on two routers is counted under the first
    /// route's communities, so this never goes below zero.
    public var otherRoute: Int { max(0, routes - received - excluded - notIncluded - wellKnown - sessionClosed) }
    public var missed: Int { routes - received }
}

extension ExportResult {
    /// For each sender of `senders` (nil: every sender), the receivers that miss any of its
    /// accepted prefixes under `mode`, most missed first. One pass over the routes: the
    /// audiences and the export matrix are the simulation's own.
    public func missedRoutes(mode: ExportMode, senders: Set<ASN>? = nil) -> [ASN: [MissedRoutes]] {
        struct Key: Hashable { var sender: Int; var family: Int; var intent: Int32 }
        struct SentPrefix: Hashable { var sender: Int; var prefix: Prefix }
        // A prefix comes twice from one member on ADD-PATH (the session's routes are in key
        // order, so the copies are neighbours) and from a member with several sessions of the
        // family (only those members' prefixes are remembered).
        var sessionsOfFamily = [Int](repeating: 0, count: receivers.count * 2)
        for (s, session) in rib.sessions.enumerated() { sessionsOfFamily[memberOfSession[s] * 2 + (session.peerAddress.family == .ipv4 ? 0 : 1)] += 1 }
        var seen = Set<SentPrefix>()
        var groups: [Key: Int] = [:]
        for (i, route) in rib.routes.enumerated() where routeIntent[i] >= 0 {
            let sender = memberOfSession[Int(route.session)]
            if let senders, !senders.contains(receivers[sender]) { continue }
            let family = route.key.prefix.family == .ipv4 ? 0 : 1
            if i > 0 && rib.routes[i - 1].session == route.session && rib.routes[i - 1].key.prefix == route.key.prefix
                && routeIntent[i - 1] >= 0 { continue }
            if sessionsOfFamily[sender * 2 + family] > 1 && !seen.insert(SentPrefix(sender: sender, prefix: route.key.prefix)).inserted { continue }
            groups[Key(sender: sender, family: family, intent: routeIntent[i]), default: 0] += 1
        }
        let n = receivers.count, matrix = matrix(mode)
        // Receivers with a session of each family, closed or not; those whose are all closed.
        var hasFamily = [[Bool](repeating: false, count: n), [Bool](repeating: false, count: n)]
        for (s, session) in rib.sessions.enumerated() { hasFamily[session.peerAddress.family == .ipv4 ? 0 : 1][memberOfSession[s]] = true }
        let withFamily = (0..<2).map { f in (0..<n).filter { hasFamily[f][$0] } }
        // Members with a receiving (not closed) session of each family.
        var receiving = hasFamily.map { $0.map { _ in false } }
        for f in 0..<2 { familyMask[f].forEach { receiving[f][memberOfSession[self.receiving.sessions[f][$0]]] = true } }
        var perFamily = [Int](repeating: 0, count: n * 2)
        var excluded = [Int](repeating: 0, count: n * n), notIncluded = excluded, wellKnown = excluded, closed = excluded
        for (key, count) in groups {
            perFamily[key.sender * 2 + key.family] += count
            for r in withFamily[key.family] where r != key.sender && !receiving[key.family][r] { closed[key.sender * n + r] += count }
            let intent = intents[Int(key.intent)]
            let audience = intent.audience(profile: profile)
            if case let .allExcept(set) = audience, set.isEmpty { continue }
            let refused = intent.noExport || intent.noAdvertise
            var only = false
            if case .only = audience { only = true }
            for r in withFamily[key.family] where r != key.sender && receiving[key.family][r] && !audience.contains(receivers[r]) {
                if refused { wellKnown[key.sender * n + r] += count }
                else if only { notIncluded[key.sender * n + r] += count } else { excluded[key.sender * n + r] += count }
            }
        }
        var out: [ASN: [MissedRoutes]] = [:]
        for s in 0..<n where perFamily[s * 2] + perFamily[s * 2 + 1] > 0 {
            var rows: [MissedRoutes] = []
            for r in 0..<n where r != s {
                let routes = (hasFamily[0][r] ? perFamily[s * 2] : 0) + (hasFamily[1][r] ? perFamily[s * 2 + 1] : 0)
                let c = s * n + r
                guard routes > matrix[c] else { continue }
                rows.append(MissedRoutes(routeServer: routeServer, sender: receivers[s], receiver: receivers[r], routes: routes,
                                         received: matrix[c], excluded: excluded[c], notIncluded: notIncluded[c], wellKnown: wellKnown[c],
                                         sessionClosed: closed[c]))
            }
            if !rows.isEmpty { out[receivers[s]] = rows.sorted { ($1.missed, $0.receiver) < ($0.missed, $1.receiver) } }
        }
        return out
    }
}
