import BGP
import Job
import Routing

/// The routes of one prefix on one route server and what each receiving session gets in a
/// mode: the simulation's rules for a single prefix (`ExportResult.exports(_:)` gives the same
/// answer; the explain tests compare them), on values that a what-if can change (a route
/// accepted, its communities changed). A receiver is a session (an index into
/// `rib.sessions`): a route is withheld only from the session it came from, so a member's
/// other routers get it.
struct PrefixDecision {
    let rib: RouteServerRIB
    let profile: CommunityProfile
    /// Every route of the prefix, indexes into `rib.routes`.
    let group: [Int]
    var accepted: Set<Int>
    var intents: [Int: CommunityIntent]
    /// Sessions the route server closed over max-prefix.
    let closed: Set<Int>

    /// The accepted routes, best first; a route whose intent asks for graceful shutdown (a
    /// community of the scheme's, so a job that turns it off ranks it as it is) ranks with
    /// LOCAL_PREF 0, as in the simulation.
    var ordered: [Int] {
        RouteServerSimulation.preferenceOrder(group.filter { accepted.contains($0) }, in: rib) { intents[$0]!.gracefulShutdown }
    }

    func sender(_ route: Int) -> ASN { rib.sessions[Int(rib.routes[route].session)].peerASN }

    /// The session route `route` came from.
    func session(_ route: Int) -> Int { Int(rib.routes[route].session) }

    func member(_ receiver: Int) -> ASN { rib.sessions[receiver].peerASN }

    /// Whether the route's communities allow it to the receiving session's member.
    func permitted(_ route: Int, _ receiver: Int) -> Bool { intents[route]!.allows(member(receiver), profile: profile) }

    func allowed(_ route: Int, _ receiver: Int) -> Bool { session(route) != receiver && permitted(route, receiver) }

    /// The routes session `receiver` gets under `mode`, best first.
    func gets(_ receiver: Int, mode: ExportMode) -> [Int] {
        if closed.contains(receiver) { return [] }
        let ordered = self.ordered
        switch mode {
        case .best:
            return ordered.first.map { allowed($0, receiver) ? [$0] : [] } ?? []
        case .perClient:
            return ordered.first { allowed($0, receiver) }.map { [$0] } ?? []
        case .addPath:
            return ordered.filter { allowed($0, receiver) }
        case .evaluateAll:
            guard let first = ordered.first(where: { permitted($0, receiver) }), session(first) != receiver else { return [] }
            return [first]
        }
    }

    /// Why session `receiver` gets route `route` under `mode` or not, and the route that beat it.
    func verdict(_ route: Int, for receiver: Int, mode: ExportMode) -> (reason: ExplainReason, winner: Int?) {
        if closed.contains(receiver) { return (.sessionClosed, nil) }
        if session(route) == receiver { return (.ownRoute, nil) }
        if !accepted.contains(route) { return (.importRejected, nil) }
        if !permitted(route, receiver) { return (.communities, nil) }
        let got = gets(receiver, mode: mode)
        if got.contains(route) { return (.exported, nil) }
        let ordered = self.ordered
        switch mode {
        case .best:
            return (.lostDecision, ordered.first)
        case .evaluateAll:
            if let first = ordered.first(where: { permitted($0, receiver) }), session(first) == receiver {
                return (.ownPathStop, first)
            }
            return (.lostDecision, got.first)
        case .perClient, .addPath:
            return (.lostDecision, got.first)
        }
    }
}
