import BGP
import Routing

/// `RouteServerSimulation.preferenceOrder` for the simulation's pass over the prefixes: the
/// same order (`DecisionProcess`), with each set's part of the rank read beforehand
/// (`AttributeRank`, one per set) and each route's GRACEFUL_SHUTDOWN from its intent. One per
/// half of the prefixes, holding the flat tables the ranks are built from and the scratch
/// space the order is built in: a class, so that the order's closure captures one reference
/// (capturing the tables copied each of them, a retain and a release, for every prefix).
final class PrefixRanking {
    private let routes: [ReceivedRoute]
    private let setRanks: [AttributeRank]
    private let addresses: [IPAddress]
    private let bgpIDs: [UInt32?]
    private let gracefulShutdown: [Bool]
    private let routeIntent: [Int32]
    private var ranked: [(Int, DecisionRank)] = []
    /// The last order built: the routes of the prefix, best first.
    private(set) var ordered: [Int] = []

    init(rib: RouteServerRIB, setRanks: [AttributeRank], gracefulShutdown: [Bool], routeIntent: [Int32]) {
        routes = rib.routes
        self.setRanks = setRanks
        addresses = rib.sessions.map(\.peerAddress)
        bgpIDs = rib.bgpIDs
        self.gracefulShutdown = gracefulShutdown
        self.routeIntent = routeIntent
    }

    /// Orders `group` (the routes of one prefix) into `ordered`.
    func order<Group: Collection<Int>>(_ group: Group) {
        DecisionProcess.preferenceOrder(group, rank: rank, ranked: &ranked, into: &ordered)
    }

    private func rank(_ i: Int) -> DecisionRank {
        let r = routes[i], session = Int(r.session)
        var rank = DecisionRank(setRanks[Int(r.attributes)], neighbourAddress: addresses[session], bgpID: bgpIDs[session], pathID: r.key.pathID)
        if gracefulShutdown[Int(routeIntent[i])] { rank.localPref = 0 }
        return rank
    }
}
