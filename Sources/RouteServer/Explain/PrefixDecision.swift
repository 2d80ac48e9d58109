import BGP
import Job
import Routing

/// The routes of one prefix on one route server and what each receiver gets in a mode: the
/// simulation's rules for a single prefix (`ExportResult.exports(_:)` gives the same answer;
/// the explain tests compare them), on values that a what-if can change (a route accepted,
/// its communities changed).
struct PrefixDecision {
    let rib: RouteServerRIB
    let profile: CommunityProfile
    /// Every route of the prefix, indexes into `rib.routes`.
    let group: [Int]
    var accepted: Set<Int>
    var intents: [Int: CommunityIntent]
    /// Receivers whose every session of the prefix's family the route server closed.
    let closed: Set<ASN>

    /// The accepted routes, best first; a route whose intent asks for graceful shutdown (a
    /// community of the scheme's, so a job that turns it off ranks it as it is) ranks with
    /// LOCAL_PREF 0, as in the simulation.
    var ordered: [Int] {
        RouteServerSimulation.preferenceOrder(group.filter { accepted.contains($0) }, in: rib) { intents[$0]!.gracefulShutdown }
    }

    func sender(_ route: Int) -> ASN { rib.sessions[Int(rib.routes[route].session)].peerASN }

    /// Whether the route's communities allow it to `receiver` (the sender aside).
    func permitted(_ route: Int, _ receiver: ASN) -> Bool { intents[route]!.allows(receiver, profile: profile) }

    func allowed(_ route: Int, _ receiver: ASN) -> Bool { sender(route) != receiver && permitted(route, receiver) }

    /// The routes `receiver` gets under `mode`, best first.
    func gets(_ receiver: ASN, mode: ExportMode) -> [Int] {
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
            guard let first = ordered.first(where: { permitted($0, receiver) }), sender(first) != receiver else { return [] }
            return [first]
        }
    }

    /// Why `receiver` gets route `route` under `mode` or not, and the route that beat it.
    func verdict(_ route: Int, for receiver: ASN, mode: ExportMode) -> (reason: ExplainReason, winner: Int?) {
        if closed.contains(receiver) { return (.sessionClosed, nil) }
        if sender(route) == receiver { return (.ownRoute, nil) }
        if !accepted.contains(route) { return (.importRejected, nil) }
        if !permitted(route, receiver) { return (.communities, nil) }
        let got = gets(receiver, mode: mode)
        if got.contains(route) { return (.exported, nil) }
        let ordered = self.ordered
        switch mode {
        case .best:
            return (.lostDecision, ordered.first)
        case .evaluateAll:
            if let first = ordered.first(where: { permitted($0, receiver) }), sender(first) == receiver {
                return (.ownPathStop, first)
            }
            return (.lostDecision, got.first)
        case .perClient, .addPath:
            return (.lostDecision, got.first)
        }
    }
}
