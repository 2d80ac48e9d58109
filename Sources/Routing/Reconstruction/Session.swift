import BGP

/// A BGP session as MRT data shows it: a source (a route server's or collector's dump, by the
/// job file's label), the peer's address and the peer's ASN.
public struct SessionID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var source: String
    public var peerAddress: IPAddress
    public var peerASN: ASN

    public init(source: String, peerAddress: IPAddress, peerASN: ASN) {
        self.source = source
        self.peerAddress = peerAddress
        self.peerASN = peerASN
    }

    public var description: String { "\(source) \(peerAddress) AS\(peerASN)" }

    public static func < (a: SessionID, b: SessionID) -> Bool {
        (a.source, a.peerAddress, a.peerASN) < (b.source, b.peerAddress, b.peerASN)
    }
}

/// One session's Adj-RIB-In over time. A class: sessions are found through several indexes
/// (by id, by source and ASN for state changes that lost the peer address) and updated in place.
public final class SessionState {
    public let id: SessionID
    /// The order it was first seen in, within the RIB that made it: how route changes name it
    /// (`RouteChanges`) while it is read.
    let ordinal: Int32
    public internal(set) var routes = RouteTable()
    public internal(set) var ipv4Routes = 0
    public internal(set) var ipv6Routes = 0
    /// Times the session left Established (its routes were dropped).
    public internal(set) var resets = 0
    /// When it left Established each time, in time order (`resets` of them).
    public internal(set) var resetTimes: [UInt32] = []
    /// UPDATE messages received, and the prefixes they announced and withdrew.
    public internal(set) var updates = 0
    public internal(set) var announcements = 0
    public internal(set) var withdrawals = 0
    /// Withdrawals of a route the session did not have (normal when the state is partial).
    public internal(set) var unknownWithdrawals = 0
    /// Every attribute set the session's UPDATEs announced during the day, with the number of
    /// prefixes announced with it: what a route carried between two announcements (a next hop
    /// changed for an hour and back) is no longer in `routes`, but it is here. The counts stop
    /// at UInt32.max.
    public internal(set) var updateAttributes = AnnouncedSets()
    public internal(set) var firstUpdate: UInt32?
    public internal(set) var lastUpdate: UInt32?
    /// FSM state from the last state change seen (RFC 4271 section 8.2.2); nil when no state
    /// change was seen.
    public internal(set) var lastState: BGPState?
    /// True when the session's source had no RIB dump: the state comes from updates alone
    /// and misses routes that were announced before the first update file.
    public internal(set) var partial: Bool
    /// The peer's BGP identifier, from the PEER_INDEX_TABLE or the OPEN it sent; the
    /// decision process breaks ties on it (RFC 4271 section 9.1.2.2 f).
    public internal(set) var bgpID: UInt32?
    public internal(set) var series: [RouteCountSample] = []
    var seriesBucket: UInt32?

    init(id: SessionID, partial: Bool, ordinal: Int32) {
        self.id = id
        self.partial = partial
        self.ordinal = ordinal
    }

    /// Routes present now, sorted by key (`RouteKey <`).
    public var presentRoutes: [(key: RouteKey, record: RouteRecord)] {
        var present: [(key: RouteKey, record: RouteRecord)] = []
        present.reserveCapacity(ipv4Routes + ipv6Routes)
        forEachPresentRoute { present.append(($0, $1)) }
        return present
    }

    /// Calls `body` with each route present now, sorted by key (`RouteKey <`), without
    /// copying the routes: the largest session holds hundreds of thousands, and writing them
    /// must not double the peak.
    public func forEachPresentRoute(_ body: (RouteKey, RouteRecord) throws -> Void) rethrows {
        try routes.forEachSorted(where: \.isPresent, body)
    }

    public var isEstablished: Bool? { lastState.map { $0 == .established } }
}
