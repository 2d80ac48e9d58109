import BGP
import MRT

/// The two ends of a BGP4MP state change, read the right way round. BIRD writes the member
/// as the peer and itself as the local side; OpenBGPD writes the record like an outgoing
/// message, with itself as the peer and the member as the local side
/// (docs/route-server-semantics.md, "Who is a client"). The route server's own address or
/// ASN on the peer side says which it is; the other side is the member.
struct StateChangeSides {
    /// The member's end, or nil when neither end is a client (the route server talking about
    /// itself on both sides).
    let member: (address: IPAddress, asn: ASN)?

    init(_ change: StateChange, source: String, clients: RouteServerClients) {
        let peerIsRouteServer = clients.isRouteServer(source: source, address: change.peerAddress, asn: change.peerASN)
        let localIsRouteServer = clients.isRouteServer(source: source, address: change.localAddress, asn: change.localASN)
        switch (peerIsRouteServer, localIsRouteServer) {
        case (false, _):
            member = (change.peerAddress, change.peerASN)
        case (true, false):
            member = (change.localAddress, change.localASN)
        case (true, true):
            member = nil
        }
    }
}
