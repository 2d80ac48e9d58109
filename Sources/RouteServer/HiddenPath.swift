import BGP
import Routing

/// A prefix that receiving sessions get in per-client mode but not in best mode.
public struct HiddenPath: Hashable, Sendable {
    public enum Reason: String, Hashable, Sendable {
        /// The best route's communities keep it from these receivers.
        case bestNotAllowed = "best-route-not-allowed"
        /// The best route came from this session, which never gets it back.
        case bestIsOwnRoute = "best-route-is-own"
    }
    public var prefix: Prefix
    /// The best route, an index into `rib.routes`.
    public var bestRoute: Int
    public var reason: Reason
    /// Which of `universe` are the receivers. A large route server hides paths of hundreds of
    /// thousands of prefixes from hundreds of sessions each: as bits of one shared set (equal
    /// sets share their storage) a hidden path costs tens of bytes, as a list kilobytes.
    let receiverBits: ReceiverBits
    /// The route server's sessions in bit order, by member then address (shared by every
    /// hidden path).
    let universe: [SessionID]

    init(prefix: Prefix, bestRoute: Int, reason: Reason, receiverBits: ReceiverBits, universe: [SessionID]) {
        self.prefix = prefix
        self.bestRoute = bestRoute
        self.reason = reason
        self.receiverBits = receiverBits
        self.universe = universe
    }

    /// The receiving sessions, by member then address.
    public var receivers: [SessionID] {
        var list: [SessionID] = []
        receiverBits.forEach { list.append(universe[$0]) }
        return list
    }

    /// The receiving members, ascending, each once.
    public var receiverASNs: [ASN] {
        var list: [ASN] = []
        receiverBits.forEach { if list.last != universe[$0].peerASN { list.append(universe[$0].peerASN) } }
        return list
    }

    /// The receivers as members where a member's receiving sessions of the prefix's family
    /// are all receivers (`countInFamily`: by bit, how many receiving sessions of that family
    /// the bit's member has), else as the sessions: for `hidden-paths.csv.gz`, as short as a
    /// list of members unless a member's routers differ. Calls `member` or `session` in order.
    public func forEachReceiver(countInFamily: [Int], member: (ASN) -> Void, session: (SessionID) -> Void) {
        var run: [Int] = []
        func flush() {
            guard let first = run.first else { return }
            if run.count == countInFamily[first] {
                member(universe[first].peerASN)
            } else {
                for b in run { session(universe[b]) }
            }
            run.removeAll(keepingCapacity: true)
        }
        receiverBits.forEach { b in
            if let last = run.last, universe[last].peerASN != universe[b].peerASN { flush() }
            run.append(b)
        }
        flush()
    }

    /// Receiving sessions.
    public var receiverCount: Int { receiverBits.count }

    public static func == (a: HiddenPath, b: HiddenPath) -> Bool {
        (a.prefix, a.bestRoute, a.reason) == (b.prefix, b.bestRoute, b.reason) && a.receivers == b.receivers
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(prefix)
        hasher.combine(bestRoute)
        hasher.combine(reason)
        hasher.combine(receivers)
    }
}
