import BGP
import Job
import Routing

/// Explains one route server's decision about one prefix (docs/explain.md). Needs the import
/// verdicts of the whole RIB (max-prefix depends on every route of a session); everything
/// else is read from the prefix's own routes.
public enum Explainer {
    /// The explanation after the import check of the whole RIB, run as the simulation runs
    /// it: with the scheme's blackhole settings, so a tagged blackhole /32 or /128 passes the
    /// prefix-length rule and may carry the IXP's blackhole next hop.
    public static func explain(_ rib: RouteServerRIB, policy: ImportPolicy, members: MemberDirectory?, scheme: CommunityScheme,
                               implementation: RouteServerImplementation, query: ExplainQuery,
                               stateTime: UInt32) throws(ExplainError) -> Explanation {
        let imported = policy.check(rib, members: members, blackhole: scheme.actions.blackhole)
        return try explain(rib, importResult: imported, policy: policy, scheme: scheme, implementation: implementation,
                           query: query, stateTime: stateTime)
    }

    public static func explain(_ rib: RouteServerRIB, importResult: ImportResult, policy: ImportPolicy, scheme: CommunityScheme,
                               implementation: RouteServerImplementation, query: ExplainQuery,
                               stateTime: UInt32) throws(ExplainError) -> Explanation {
        let label = rib.label, prefix = query.prefix
        guard rib.sessions.contains(where: { $0.peerASN == query.from }) else {
            throw .unknownMember(query.from, routeServer: label, role: "--from")
        }
        if let to = query.to, !rib.sessions.contains(where: { $0.peerASN == to }) {
            throw .unknownMember(to, routeServer: label, role: "--to")
        }
        let group = rib.routes.indices.filter { rib.routes[$0].key.prefix == prefix }
        func sender(_ i: Int) -> ASN { rib.sessions[Int(rib.routes[i].session)].peerASN }
        let fromAll = rib.routes.indices.filter { sender($0) == query.from }
        guard !group.isEmpty else {
            let covering = Set(fromAll.map { rib.routes[$0].key.prefix }.filter { $0.contains(prefix) })
            throw .unknownPrefix(prefix, routeServer: label, covering: covering.sorted { $0.length < $1.length })
        }
        let fromGroup = group.filter { sender($0) == query.from }
        guard !fromGroup.isEmpty else {
            throw .nothingAnnounced(prefix: prefix, from: query.from, routeServer: label,
                                    senders: Set(group.map(sender)).sorted(), fromRoutes: fromAll.count)
        }
        var sessionsOf: [ASN: [Int]] = [:]
        for (s, session) in rib.sessions.enumerated() where session.peerAddress.family == prefix.family {
            sessionsOf[session.peerASN, default: []].append(s)
        }
        if let to = query.to, sessionsOf[to] == nil { throw .noSessionOfFamily(to, routeServer: label, prefix: prefix) }
        let closed = Set(sessionsOf.values.joined().filter(importResult.closedSessions.contains))
        var intents: [Int: CommunityIntent] = [:]
        for i in group { intents[i] = CommunityIntent(rib.attributes[rib.routes[i].attributes], scheme: scheme) }
        let decision = PrefixDecision(rib: rib, profile: scheme.profile, group: group,
                                      accepted: Set(group.filter(importResult.isAccepted)), intents: intents, closed: closed)
        let ordered = decision.ordered
        let listed = ordered + group.filter { !decision.accepted.contains($0) }
        let position = Dictionary(uniqueKeysWithValues: listed.enumerated().map { ($1, $0) })
        let explained = fromGroup.min { (position[$0]!) < (position[$1]!) }!

        let writer = ExplanationWriter(rib: rib, scheme: scheme, policy: policy, importResult: importResult, decision: decision,
                                       position: position, mode: query.mode)
        let candidates = listed.enumerated().map { n, i in
            writer.candidate(i, rank: n < ordered.count ? n + 1 : nil, best: ordered.first)
        }
        let receiving = (query.to.map { [$0] } ?? sessionsOf.keys.sorted()).flatMap { asn in
            sessionsOf[asn]!.sorted { rib.sessions[$0].peerAddress < rib.sessions[$1].peerAddress }
        }
        let receivers = receiving.map { writer.outcome(explained, for: $0) }
        return Explanation(routeServer: label, implementation: implementation.description, profile: scheme.profile.rawValue,
                           policy: policy.name, mode: query.mode.rawValue, prefix: prefix.description, from: query.from.rawValue,
                           stateTime: stateTime, candidates: candidates, fromRoutes: fromGroup.map { position[$0]! }.sorted(),
                           explainedRoute: position[explained]!, receivers: receivers)
    }
}
