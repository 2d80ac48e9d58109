import BGP
import Job
import RouteServer
import Routing

/// How members use the route servers: sessions from addresses the IX did not assign (S7)
/// and export-control communities that are not a valid mix (docs/rules.md section A). Both
/// look at route-server sources only.
public enum RouteServerUseAnalysis {
    public static func run(_ inputs: AuditInputs) -> [Finding] {
        let sessions = routeServerSessions(inputs)
        let findings = sessionAddresses(inputs, sessions: sessions)
            + AttributeSweep.findings(inputs, sessions: sessions, judge: communityJudge(inputs))
        return findings.sorted(by: Finding.reportOrder)
    }

    /// session-address alone, for `Audit`, whose leak sweep judges the control communities.
    static func sessionAddressFindings(_ inputs: AuditInputs) -> [Finding] {
        sessionAddresses(inputs, sessions: routeServerSessions(inputs)).sorted(by: Finding.reportOrder)
    }

    private static func routeServerSessions(_ inputs: AuditInputs) -> [SessionState] {
        let routeServerSources = Set(inputs.routeServerSources)
        return RoutesOfTheDay.sessions(inputs) { routeServerSources.contains($0.source) }
    }

    /// session-address (S7): one finding per session whose peer address and ASN do not match
    /// the member list (`MemberDirectory.match`): the member's ASN on an address the IX did not
    /// assign it, someone on another member's address, or neither address nor ASN a member's.
    static func sessionAddresses(_ inputs: AuditInputs, sessions: [SessionState]) -> [Finding] {
        sessions.compactMap { session in
            let id = session.id
            let problem: String
            var otherMember: ASN?
            switch inputs.members.match(peerAddress: id.peerAddress, peerASN: id.peerASN) {
            case .member:
                return nil
            case let .asnMatchesButNotAddress(member):
                let assigned = member.addresses(id.peerAddress.family).map(\.description).joined(separator: ", ")
                problem = "AS\(id.peerASN) is a member but the IX did not assign it \(id.peerAddress), which is"
                    + " \(LeakEvidence.owner(of: id.peerAddress, inputs))"
                    + (assigned.isEmpty ? "; it has no \(LeakEvidence.family(id.peerAddress.family)) address assigned"
                        : "; its assigned \(LeakEvidence.family(id.peerAddress.family)) addresses: \(assigned)")
            case let .addressOfAnotherMember(owner, asnSeen):
                problem = "AS\(asnSeen) speaks from \(id.peerAddress), which the IX assigned to \(LeakEvidence.network(owner.asn, inputs))"
                otherMember = owner.asn
            case .unknown:
                problem = "neither AS\(id.peerASN) nor \(id.peerAddress) is in the member list; the address is"
                    + " \(LeakEvidence.owner(of: id.peerAddress, inputs))"
            }
            var sightings = RouteSightings()
            for record in session.routes.values { sightings.add(id, record) }
            let evidence = problem + "; the session announced \(LeakEvidence.count(session.routes.count, "route")) during the day"
            return Finding(.sessionAddress, member: id.peerASN, memberName: inputs.name(id.peerASN), source: LeakEvidence.session(id),
                           otherMember: otherMember, evidence: evidence,
                           firstSeen: sightings.firstSeen ?? session.firstUpdate, lastSeen: sightings.lastSeen ?? session.lastUpdate,
                           routesAffected: session.routes.count)
        }
    }

    /// control-community (section A): the problems of a route's control communities
    /// (`CommunityIntent.problems`, named by `CommunitySetProblem`), with the reading the route servers apply under the IXP's
    /// profile. Grouped per member and problem kind by the sweep.
    static func communityJudge(_ inputs: AuditInputs) -> AttributeSweep.Judge {
        let shared = SharedInputs(inputs)
        let isMember: (ASN) -> Bool = { shared.inputs.members.member(asn: $0) != nil }
        // The communities are read once per set, and nothing else of it; only the sender
        // differs between its sessions.
        return { id in
            let communities = shared.inputs.rib.attributes.sets.communities(of: id)
            let intent = CommunityIntent(communities: communities.standard, largeCommunities: communities.large,
                                         scheme: shared.inputs.job.ixp.communities)
            // With no peer named and not both Open and Restrictive, `problems` finds nothing
            // whoever sends the set.
            let namesPeers = !intent.includeStandard.isEmpty || !intent.includeLarge.isEmpty
                || !intent.excludeStandard.isEmpty || !intent.excludeLarge.isEmpty
            guard namesPeers || (intent.isOpen && intent.isRestrictive) else { return { _, _ in [] } }
            // What a set offends against depends on its sender alone, and a member's sessions
            // with both route servers come one after the other: judged once for the two.
            var last: (sender: ASN, offenses: [AttributeOffense])?
            return { _, session in
                if let last, last.sender == session.peerASN { return last.offenses }
                let offenses = problemOffenses(intent, sender: session.peerASN, isMember: isMember,
                                               profile: shared.inputs.job.ixp.communities.profile)
                last = (session.peerASN, offenses)
                return offenses
            }
        }
    }

    private static func problemOffenses(_ intent: CommunityIntent, sender: ASN, isMember: @escaping (ASN) -> Bool,
                                        profile: CommunityProfile) -> [AttributeOffense] {
        let found = intent.problems(sender: sender, isMember: isMember)
        guard !found.isEmpty else { return [] }
        let problems = CommunitySetProblem.problems(intent, found: found, profile: profile)
        let reading = "the route servers (\(profile) order) announce it to: \(intent.audience(profile: profile))"
        return problems.map { problem in
            AttributeOffense(check: .controlCommunity, value: problem.id, clause: Check.controlCommunity.clause,
                             detail: "\(problem); control communities \(intent); \(reading)")
        }
    }
}
