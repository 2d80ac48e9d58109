import BGP
import Job

/// One route one receiving session gets (`ExportResult.exports(_:)`), with the attributes it
/// carries on the wire.
public struct ExportedRoute: Hashable, Sendable {
    /// The receiving member and the session (its router's address) the route goes out on.
    public var receiver: ASN
    public var receiverAddress: IPAddress
    public var prefix: Prefix
    /// The session the route came from.
    public var sender: ASN
    public var senderAddress: IPAddress
    public var pathID: UInt32
    /// The route, an index into `rib.routes`.
    public var route: Int
    public var attributes: ExportedAttributes

    /// The order of `exports(_:)`: receiver, its session, prefix, sender, its session, path id.
    static func inListOrder(_ a: ExportedRoute, _ b: ExportedRoute) -> Bool {
        if a.receiver != b.receiver { return a.receiver < b.receiver }
        if a.receiverAddress != b.receiverAddress { return a.receiverAddress < b.receiverAddress }
        if a.prefix != b.prefix { return a.prefix < b.prefix }
        if a.sender != b.sender { return a.sender < b.sender }
        if a.senderAddress != b.senderAddress { return a.senderAddress < b.senderAddress }
        if a.pathID != b.pathID { return a.pathID < b.pathID }
        return a.route < b.route
    }
}

/// The attributes a route-server client receives with a route.
public struct ExportedAttributes: Hashable, Sendable {
    public var asPath: ASPath?
    public var nextHop: IPAddress?
    public var med: UInt32?
    /// Sorted; the route server's control communities removed unless it keeps them.
    public var communities: [Community]
    public var largeCommunities: [LargeCommunity]
    /// Only to Customer (RFC 9234 section 5), when the route carries it.
    public var onlyToCustomer: ASN?

    /// What a route server in `rs client` mode sends for a route it received with `received`:
    /// the one place the exported attributes are built.
    ///
    /// - AS path: `exportedPath` (RFC 7947 section 2.2.2: the route server adds no ASN).
    /// - Next hop: unchanged (RFC 7947 section 2.2.1), the global address for the family.
    /// - MED: unchanged (RFC 7947 section 2.2.3).
    /// - Communities and large communities: as received (RFC 7947 section 2.2.4), minus the
    ///   route server's control communities when it strips them (`ControlCommunityHandling`).
    /// - OTC: as received. A route server with BGP roles configured adds its own ASN when the
    ///   route has none (RFC 9234 section 5); roles are not modelled.
    public init(received: PathAttributes, family: AddressFamily, scheme: CommunityScheme, handling: ControlCommunityHandling) {
        asPath = Self.exportedPath(received.asPath)
        nextHop = received.effectiveNextHop(for: family)
        med = received.med
        switch handling {
        case .keep:
            communities = received.communities.sorted()
            largeCommunities = received.largeCommunities.sorted()
        case .strip:
            communities = received.communities.filter { !scheme.isControl($0) }.sorted()
            largeCommunities = received.largeCommunities.filter { !scheme.isControl($0) }.sorted()
        }
        onlyToCustomer = received.onlyToCustomer
    }

    /// The AS path a receiver gets: a route-server client's path goes out as it came in;
    /// what the route server does to it for one receiver (prepending) is `apply(_:)`.
    static func exportedPath(_ received: ASPath?) -> ASPath? {
        received
    }

    /// What the route server changes for one receiver because of the route's action
    /// communities: the sender's ASN prepended, a blackholed route's next hop the IXP's
    /// blackhole address (`ExportAdjustment`).
    mutating func apply(_ adjustment: ExportAdjustment) {
        asPath = adjustment.exportedPath(asPath)
        if let hop = adjustment.nextHop { nextHop = hop }
    }
}
