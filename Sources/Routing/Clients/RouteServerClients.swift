import BGP
import Job

/// Who is a client of a route server (docs/route-server-semantics.md, "Who is a client").
///
/// The reconstruction asks this before it makes a session of a peer, so the route server
/// itself never becomes a session and therefore never a sender, a receiver, a member or the
/// subject of a finding: every later stage (the simulation, the checks, the report, the
/// history) reads the sessions and needs no rule of its own. What is set aside is counted in
/// `ReconstructionSummary.routeServerPeersSkipped`, never dropped silently.
///
/// Not clients, in the dump of a route server of the job:
/// - any route server of the job, by address or by ASN: OpenBGPD lists itself in its
///   PEER_INDEX_TABLE (0.0.0.0, its ASN) and names itself as the peer of its state changes;
/// - the unspecified address (0.0.0.0, ::) and AS0: BIRD's dummy peer 0 and OpenBGPD's own
///   entry. (A state change whose peer address BIRD lost is still read: `StateChangeSides`.)
/// In a collector's dump (a source that is not a route server of the job) the peers are the
/// collector's and only the unspecified address and AS0 are set aside.
public struct RouteServerClients: Sendable {
    /// The labels of the job's route servers: the sources the route-server rules apply to.
    public let routeServerLabels: Set<String>
    public let routeServerAddresses: Set<IPAddress>
    public let routeServerASNs: Set<ASN>

    public init(routeServers: [RouteServerConfig]) {
        routeServerLabels = Set(routeServers.map(\.label))
        routeServerAddresses = Set(routeServers.flatMap(\.addresses))
        routeServerASNs = Set(routeServers.map(\.asn))
    }

    /// No route server known: only the unspecified address and AS0 are set aside.
    public static let unknownRouteServers = RouteServerClients(routeServers: [])

    /// Whether a peer seen in `source` may be a session at all.
    public func isClient(source: String, address: IPAddress, asn: ASN) -> Bool {
        isClient(isRouteServerSource: routeServerLabels.contains(source), address: address, asn: asn)
    }

    /// `isClient` with the source's test (`routeServerLabels.contains`) already made.
    func isClient(isRouteServerSource: Bool, address: IPAddress, asn: ASN) -> Bool {
        if asn.rawValue == 0 || address.isUnspecified { return false }
        return !(isRouteServerSource && (routeServerAddresses.contains(address) || routeServerASNs.contains(asn)))
    }

    /// Whether the peer is one of the job's route servers, as seen in `source`.
    public func isRouteServer(source: String, address: IPAddress, asn: ASN) -> Bool {
        routeServerLabels.contains(source) && (routeServerAddresses.contains(address) || routeServerASNs.contains(asn))
    }
}

extension IPAddress {
    /// 0.0.0.0 or ::.
    public var isUnspecified: Bool { high == 0 && low == 0 }
}
