import BGP
import RouteServer
import Routing

/// The BGP half of the transit-abuse analysis (S4): a next hop that is not the announcing
/// session's own address (resetting next hop, or a third party's next hop), and a first AS
/// that is not the member (relaying a third party's routes; route servers do not prepend).
/// Both are the import policy's rules (`ImportPolicy.attributeReasons`), with its clauses.
/// They apply to sessions of members and to every session on a route-server source, over
/// the routes of the day and the attribute sets only the updates carried. One finding per
/// member and next hop, and per member and first AS.
public enum TransitAbuseAnalysis {
    public static func run(_ inputs: AuditInputs) -> [Finding] {
        let routeServerSources = Set(inputs.routeServerSources)
        let sessions = RoutesOfTheDay.sessions(inputs) { sweeps($0, inputs: inputs, routeServerSources: routeServerSources) }
        return AttributeSweep.findings(inputs, sessions: sessions, judge: judge(inputs)).sorted(by: Finding.reportOrder)
    }

    /// Whether the analysis looks at a session: a member's, or any on a route-server source.
    static func sweeps(_ session: SessionID, inputs: AuditInputs, routeServerSources: Set<String>) -> Bool {
        routeServerSources.contains(session.source) || inputs.members.member(asn: session.peerASN) != nil
    }

    static func judge(_ inputs: AuditInputs) -> AttributeSweep.Judge {
        let shared = SharedInputs(inputs)
        return { id in
            let attributes = shared.inputs.rib.attributes[id]
            return { family, session in
                offenses(shared.inputs.policy.attributeReasons(attributes, family: family, session: session,
                                                               members: shared.inputs.members),
                         session: session, shared.inputs)
            }
        }
    }

    /// The offenses among the import policy's reasons for a set on `session`.
    static func offenses(_ reasons: [ImportReason], session: SessionID, _ inputs: AuditInputs) -> [AttributeOffense] {
        reasons.compactMap { reason in
            switch reason.problem {
            case let .nextHopNotSender(nextHop, owner):
                return AttributeOffense(check: .nextHop, value: nextHop.map(\.description) ?? "none", clause: reason.clause,
                                        detail: nextHopDetail(nextHop, session: session, inputs),
                                        otherMember: owner == session.peerASN ? nil : owner)
            case let .firstASNotSender(first, sender):
                let detail = first.map { "the path begins with \(LeakEvidence.network($0, inputs)), not the member AS\(sender)" }
                    ?? "the path is empty or begins with a set, not with the member AS\(sender)"
                let otherMember = first.flatMap { inputs.members.member(asn: $0) != nil ? $0 : nil }
                return AttributeOffense(check: .firstAS, value: first.map { "AS\($0)" } ?? "none", clause: reason.clause,
                                        detail: detail, otherMember: otherMember)
            default:
                return nil
            }
        }
    }

    /// `next hop 185.1.15.30 is AS8359 MTS's address, not the session's 185.1.15.21`.
    static func nextHopDetail(_ nextHop: IPAddress?, session: SessionID, _ inputs: AuditInputs) -> String {
        guard let nextHop else { return "the route has no next hop (the session's address is \(session.peerAddress))" }
        var whose = LeakEvidence.owner(of: nextHop, inputs)
        if inputs.members.member(address: nextHop)?.asn == session.peerASN { whose += " (another of the member's own addresses)" }
        return "next hop \(nextHop) is \(whose), not the session's address \(session.peerAddress)"
    }
}
