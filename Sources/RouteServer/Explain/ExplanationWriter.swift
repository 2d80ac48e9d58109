import BGP
import Job
import Routing

/// Turns a `PrefixDecision` into the values of an `Explanation`: candidates with their
/// import rules, communities and decision step; receivers with the reason and what would
/// change it.
struct ExplanationWriter {
    let rib: RouteServerRIB
    let scheme: CommunityScheme
    let policy: ImportPolicy
    let importResult: ImportResult
    let decision: PrefixDecision
    /// Route index to its place in `Explanation.candidates`.
    let position: [Int: Int]
    let mode: ExportMode

    func candidate(_ i: Int, rank: Int?, best: Int?) -> Candidate {
        let route = rib.routes[i], a = rib.attributes[route.attributes]
        let intent = decision.intents[i]!
        var lost: DecisionLoss?
        if let rank, rank > 1, let best { lost = loss(best, over: i) }
        return Candidate(sender: decision.sender(i).rawValue, session: rib.sessions[Int(route.session)].peerAddress.description,
                         pathID: route.key.pathID, asPath: a.asPath?.description ?? "", nextHop: a.effectiveNextHop(for: route.prefix.family)?.description,
                         localPref: a.localPref, med: a.med, origin: a.origin?.description, rank: rank, lostAt: lost,
                         importRules: ruleVerdicts(importResult.reasons[i]), accepted: decision.accepted.contains(i),
                         controlCommunities: ControlCommunityOrder(intent, scheme: scheme).readings.map(\.value),
                         audience: intent.audience(profile: scheme.profile).description)
    }

    func loss(_ winner: Int, over loser: Int) -> DecisionLoss {
        let w = rank(winner), l = rank(loser)
        let step = w.decidingStep(against: l)
        func value(_ r: DecisionRank, _ route: Int) -> String {
            Self.value(r, step) + (step == .localPref && decision.intents[route]!.gracefulShutdown ? " (graceful shutdown)" : "")
        }
        return DecisionLoss(winner: position[winner]!, winnerSender: decision.sender(winner).rawValue, step: step?.rawValue ?? "tie",
                            rule: step?.rule ?? "every step ties; the simulation keeps the order it read them in",
                            winnerValue: value(w, winner), loserValue: value(l, loser))
    }

    /// The route's rank in the decision process: LOCAL_PREF 0 when its intent asks for
    /// graceful shutdown (RFC 8326), as `PrefixDecision.ordered` ranks it.
    func rank(_ route: Int) -> DecisionRank {
        var r = rib.decisionRank(route)
        if decision.intents[route]!.gracefulShutdown { r.localPref = 0 }
        return r
    }

    /// What the route server changes in `route` when it sends it to `receiver`: the path
    /// after prepending and the blackhole next hop (`ExportAdjustment`), nil when nothing.
    func adjustment(_ route: Int, to receiver: ASN) -> ExportAdjustment? {
        let intent = decision.intents[route]!
        let a = ExportAdjustment(prepends: intent.prepends(to: receiver),
                                 nextHop: intent.blackhole ? scheme.actions.blackhole?.nextHop(rib.routes[route].key.prefix.family) : nil,
                                 blackhole: intent.blackhole)
        return a.changesNothing ? nil : a
    }

    static func value(_ r: DecisionRank, _ step: DecisionStep?) -> String {
        switch step {
        case .localPref: return "\(r.localPref)"
        case .asPathLength: return "\(r.pathLength)"
        case .origin: return (Origin(rawValue: r.origin) ?? .incomplete).description
        case .med: return "\(r.med)"
        case .routerID: return r.routerID.map { IPAddress(ipv4: $0).description } ?? "unknown"
        case .neighbourAddress: return r.neighbourAddress.description
        case .pathID: return "\(r.pathID)"
        case nil: return "-"
        }
    }

    /// Every rule of the policy, with the reasons the route failed it.
    func ruleVerdicts(_ reasons: [ImportReason]) -> [RuleVerdict] {
        var rules: [(PolicyRuleKey, String)] = []
        if let r = policy.bogonPrefix { rules.append((.bogonPrefix, r.clause)) }
        if let r = policy.prefixLength { rules.append((.prefixLength, r.clause)) }
        if let r = policy.defaultRoute { rules.append((.defaultRoute, r.clause)) }
        if let r = policy.bogonASN { rules.append((.bogonASN, r.clause)) }
        if let r = policy.firstAS { rules.append((.firstAS, r.clause)) }
        if let r = policy.nextHop { rules.append((.nextHop, r.clause)) }
        if let r = policy.transitFreeASN { rules.append((.transitFreeASN, r.clause)) }
        if let r = policy.asPathLength { rules.append((.asPathLength, r.clause)) }
        if let r = policy.maxPrefix { rules.append((.maxPrefix, r.clause)) }
        return rules.map { key, clause in
            let failed = reasons.filter { Self.key(of: $0.problem.rule) == key }
            return RuleVerdict(rule: key.rawValue, clause: clause, passed: failed.isEmpty, reasons: failed.map(\.problem.description))
        }
    }

    static func key(of rule: ImportRule) -> PolicyRuleKey {
        switch rule {
        case .bogonPrefix: return .bogonPrefix
        case .prefixTooLong, .prefixTooShort: return .prefixLength
        case .defaultRoute: return .defaultRoute
        case .bogonASN: return .bogonASN
        case .firstAS: return .firstAS
        case .nextHop: return .nextHop
        case .transitFreeASN: return .transitFreeASN
        case .asPathTooLong: return .asPathLength
        case .maxPrefix: return .maxPrefix
        }
    }

    /// The outcome for receiving session `session` (an index into `rib.sessions`).
    func outcome(_ route: Int, for session: Int) -> ReceiverOutcome {
        let receiver = decision.member(session)
        let (reason, winner) = decision.verdict(route, for: session, mode: mode)
        let hidden = decision.gets(session, mode: .best).isEmpty && !decision.gets(session, mode: .perClient).isEmpty
        var sentPath: String?, sentNextHop: String?
        if reason == .exported, let adjusted = adjustment(route, to: receiver) {
            if adjusted.prepends > 0 { sentPath = adjusted.exportedPath(rib.attributes[rib.routes[route].attributes].asPath)?.description }
            sentNextHop = adjusted.nextHop?.description
        }
        return ReceiverOutcome(receiver: receiver.rawValue, session: rib.sessions[session].peerAddress.description,
                               gets: decision.gets(session, mode: mode).map { position[$0]! }, exported: reason == .exported,
                               sentPath: sentPath, sentNextHop: sentNextHop,
                               reason: reason, detail: detail(route, session, reason, winner), hiddenPath: hidden,
                               whatIf: WhatIf(writer: self, route: route, session: session).changes(reason, winner: winner))
    }

    func communityList(_ readings: [ControlCommunityOrder.Reading]) -> String {
        readings.map { "\($0.text) (\($0.action.rawValue)\($0.peer.map { " AS\($0)" } ?? ""))" }.joined(separator: ", ")
    }

    /// Why a route does not go to `receiver` when `route` is not the one it got: own or
    /// denied by its communities.
    func whyNotSent(_ route: Int, to session: Int) -> String {
        let receiver = decision.member(session)
        if decision.session(route) == session { return "it came from this session of AS\(receiver)" }
        let order = ControlCommunityOrder(decision.intents[route]!, scheme: scheme)
        let denying = order.denying(receiver, intent: decision.intents[route]!)
        if denying.allSatisfy(\.action.wellKnown) { return Self.wellKnownDetail(denying) }
        return "its communities exclude AS\(receiver): " + communityList(denying)
    }

    /// "65535:65281 (NO_EXPORT): the route server sends it to no member".
    static func wellKnownDetail(_ readings: [ControlCommunityOrder.Reading]) -> String {
        readings.map { "\($0.text) (\($0.action == .noAdvertise ? "NO_ADVERTISE" : "NO_EXPORT"))" }.joined(separator: ", ")
            + ": the route server sends it to no member (a well-known community, obeyed before any control community)"
    }

    func detail(_ route: Int, _ session: Int, _ reason: ExplainReason, _ winner: Int?) -> String {
        let receiver = decision.member(session)
        let from = decision.sender(route)
        switch reason {
        case .exported:
            return "AS\(receiver) receives AS\(from)'s route"
        case .importRejected:
            return "rejected at import: " + importResult.reasons[route].map(\.description).joined(separator: "; ")
        case .ownRoute:
            return "AS\(receiver) sent it on this session: a route never goes back to the session it came from"
        case .sessionClosed:
            return "the route server closed AS\(receiver)'s session over max-prefix: it receives nothing"
        case .communities:
            let order = ControlCommunityOrder(decision.intents[route]!, scheme: scheme)
            let denying = order.denying(receiver, intent: decision.intents[route]!)
            if denying.allSatisfy(\.action.wellKnown) { return Self.wellKnownDetail(denying) }
            let blockOnly = denying.allSatisfy { $0.action == .blockAll }
            return "excluded by " + communityList(denying) + (blockOnly ? " with no include for AS\(receiver)" : "")
                + " (\(scheme.profile) profile)"
        case .lostDecision:
            guard let winner else { return "lost the decision process" }
            let l = loss(winner, over: route)
            if mode == .best && !decision.allowed(winner, session) {
                return "the best route is AS\(l.winnerSender)'s (\(l.rule): \(l.winnerValue) against \(l.loserValue)), which is not sent to AS\(receiver) ("
                    + whyNotSent(winner, to: session) + "): AS\(receiver) gets nothing for the prefix"
            }
            return "AS\(receiver) gets AS\(l.winnerSender)'s route instead, which wins on \(l.rule) (\(l.winnerValue) against \(l.loserValue))"
        case .ownPathStop:
            return "OpenBGPD rde evaluate all: the walk for AS\(receiver) reaches its own route first and stops: AS\(receiver) gets nothing for the prefix"
        }
    }
}
