import BGP
import Job

/// What would change a receiver's outcome: each change is tried on a copy of the prefix's
/// decision, and said only when the copy's verdict differs ("without 0:8732 AS8732 would
/// receive it").
struct WhatIf {
    let writer: ExplanationWriter
    let route: Int
    /// The receiving session, an index into `rib.sessions`, and its member.
    let session: Int
    var receiver: ASN { decision.member(session) }

    var decision: PrefixDecision { writer.decision }
    var mode: ExportMode { writer.mode }
    var scheme: CommunityScheme { writer.scheme }

    func changes(_ reason: ExplainReason, winner: Int?) -> [String] {
        var out: [String] = []
        let r = "AS\(receiver)"
        switch reason {
        case .exported, .ownRoute:
            break
        case .sessionClosed:
            var d = decision
            d.closedRemoved(session)
            out.append("with its session up, \(r) \(result(d))")
        case .importRejected:
            var d = decision
            d.accepted.insert(route)
            let rules = Set(writer.importResult.reasons[route].map(\.problem.rule.rawValue)).sorted().joined(separator: ", ")
            out.append("if the import policy accepted it (it fails \(rules)), \(r) \(result(d))")
        case .communities:
            let intent = decision.intents[route]!
            let denying = ControlCommunityOrder(intent, scheme: scheme).denying(receiver, intent: intent)
            let a = writer.rib.attributes[writer.rib.routes[route].attributes]
            let dropped = Set(denying.map(\.text))
            var d = decision
            d.intents[route] = CommunityIntent(communities: a.communities.filter { !dropped.contains(ControlCommunityOrder.text($0)) },
                                               largeCommunities: a.largeCommunities.filter { !dropped.contains($0.description) }, scheme: scheme)
            out.append("without \(denying.map(\.text).joined(separator: " and ")), \(r) \(result(d))")
            if denying.contains(where: { $0.action == .blockAll }) {
                let large = denying.contains { $0.action == .blockAll && $0.form == .large }
                var d = decision
                var standard = a.communities, largeList = a.largeCommunities
                var added: String?
                if large, let c = scheme.large.include?.community(for: receiver) {
                    largeList.append(c); added = c.description
                } else if !large, let c = scheme.standard.include?.community(for: receiver) {
                    standard.append(c); added = c.description
                }
                if let added {
                    d.intents[route] = CommunityIntent(communities: standard, largeCommunities: largeList, scheme: scheme)
                    out.append("with \(added) added, \(r) \(result(d))")
                }
            }
        case .lostDecision:
            if mode == .best, decision.gets(session, mode: .perClient).contains(route) {
                out.append("in per-client mode (BIRD secondary on, OpenBGPD rde evaluate all) \(r) would receive it")
            }
            let actions = scheme.actions
            let shutdown = attributes(route).communities.filter(actions.gracefulShutdownStandard.contains).map(ControlCommunityOrder.text)
                + attributes(route).largeCommunities.filter(actions.gracefulShutdownLarge.contains).map(\.description)
            if decision.intents[route]!.gracefulShutdown, !shutdown.isEmpty {
                out.append("without \(shutdown.joined(separator: " and ")) (graceful shutdown), \(r) \(result(dropping(Set(shutdown), from: route)))")
            }
            if let winner {
                let intent = decision.intents[winner]!
                let wellKnown = ControlCommunityOrder(intent, scheme: scheme).denying(receiver, intent: intent).filter(\.action.wellKnown)
                if mode == .best, decision.session(winner) != session, !wellKnown.isEmpty {
                    let texts = wellKnown.map(\.text)
                    out.append("without \(texts.joined(separator: " and ")) on AS\(decision.sender(winner))'s route, \(r) "
                               + result(dropping(Set(texts), from: winner)))
                }
                var d = decision
                d.accepted.remove(winner)
                out.append("without AS\(decision.sender(winner))'s route, \(r) \(result(d))")
            }
        case .ownPathStop:
            if decision.gets(session, mode: .perClient).contains(route) {
                out.append("with BIRD's secondary (per-client mode) \(r) would receive it")
            }
            if let own = winner, let c = scheme.standard.exclude?.community(for: receiver) {
                let a = writer.rib.attributes[writer.rib.routes[own].attributes]
                var d = decision
                d.intents[own] = CommunityIntent(communities: a.communities + [c], largeCommunities: a.largeCommunities, scheme: scheme)
                out.append("if \(r)'s own route carried \(c), \(r) \(result(d))")
            }
        }
        return out
    }

    func attributes(_ route: Int) -> PathAttributes { writer.rib.attributes[writer.rib.routes[route].attributes] }

    /// The decision with the communities `texts` (as `ControlCommunityOrder` writes them)
    /// taken off route `route`.
    func dropping(_ texts: Set<String>, from route: Int) -> PrefixDecision {
        let a = attributes(route)
        var d = decision
        d.intents[route] = CommunityIntent(communities: a.communities.filter { !texts.contains(ControlCommunityOrder.text($0)) },
                                           largeCommunities: a.largeCommunities.filter { !texts.contains($0.description) }, scheme: scheme)
        return d
    }

    /// "would receive it", or why not in the changed decision.
    func result(_ d: PrefixDecision) -> String {
        let (reason, winner) = d.verdict(route, for: session, mode: mode)
        switch reason {
        case .exported: return "would receive it"
        case .lostDecision:
            if let winner {
                return d.gets(session, mode: mode).isEmpty
                    ? "would still get nothing: AS\(d.sender(winner))'s route would be the best"
                    : "would get AS\(d.sender(winner))'s route instead"
            }
            return "would still not receive it (lost the decision process)"
        case .communities: return "would still be excluded by the route's other communities"
        case .importRejected: return "would still not receive it (rejected at import)"
        case .ownRoute, .sessionClosed, .ownPathStop: return "would still not receive it (\(reason.rawValue))"
        }
    }
}

extension PrefixDecision {
    /// The decision with session `receiver` up.
    mutating func closedRemoved(_ receiver: Int) {
        self = PrefixDecision(rib: rib, profile: profile, group: group, accepted: accepted, intents: intents,
                              closed: closed.subtracting([receiver]))
    }
}
