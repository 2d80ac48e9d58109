import BGP
import RouteServer

/// A member another member exchanges traffic with across the IX (in either direction) but
/// receives no route from through the route servers: a peer it could have, or one it has
/// bilaterally (then `bilateralSamples` says the session was seen).
public struct PotentialPeer: Hashable, Sendable {
    public var member: ASN
    public var peer: ASN
    /// What the member sent the peer, and received from it (scaled by the sampling rate).
    public var sent: TrafficVolume
    public var received: TrafficVolume
    /// Routes the peer gets from the member on the route servers (each in its export mode, the most any one
    /// route server gives): whether the other direction is open.
    public var routesToPeer: Int
    /// Sampled packets of a bilateral BGP session between the two, 0 when none was seen.
    public var bilateralSamples: Int
}

/// The potential-peers table (docs/flows.md, "Potential peers").
public enum PotentialPeers {
    /// For each pair of members with traffic between them, each member of the pair that no route
    /// server gives a single route of the other in its export mode (the export matrix the report
    /// writes): one row, by member ASN, then by the traffic exchanged, largest first.
    public static func find(pairs: [TrafficPair], simulation: [ExportResult], bilateral: [BilateralSession]) -> [PotentialPeer] {
        var routes: [PairKey: Int] = [:]
        for result in simulation {
            for cell in result.exportMatrix(result.implementation.configuredMode) {
                let key = PairKey(cell.sender, cell.receiver)
                routes[key] = max(routes[key] ?? 0, cell.routes)
            }
        }
        var traffic: [PairKey: TrafficVolume] = [:]
        traffic.reserveCapacity(pairs.count)
        for pair in pairs where pair.total.samples > 0 { traffic[PairKey(pair.sender, pair.receiver)] = pair.total }
        var sessions: [PairKey: Int] = [:]
        for session in bilateral { sessions[PairKey(session.first, session.second)] = session.samples }

        var out: [PotentialPeer] = []
        var seen = Set<PairKey>(minimumCapacity: 2 * traffic.count)
        for key in traffic.keys {
            for (member, peer) in [(key.a, key.b), (key.b, key.a)] where seen.insert(PairKey(member, peer)).inserted {
                guard (routes[PairKey(peer, member)] ?? 0) == 0 else { continue }
                let lowFirst = member < peer ? PairKey(member, peer) : PairKey(peer, member)
                out.append(PotentialPeer(member: member, peer: peer, sent: traffic[PairKey(member, peer)] ?? TrafficVolume(),
                                         received: traffic[PairKey(peer, member)] ?? TrafficVolume(),
                                         routesToPeer: routes[PairKey(member, peer)] ?? 0, bilateralSamples: sessions[lowFirst] ?? 0))
            }
        }
        return out.sorted { x, y in
            if x.member != y.member { return x.member < y.member }
            let bx = x.sent.bytes &+ x.received.bytes, by = y.sent.bytes &+ y.received.bytes
            return bx != by ? bx > by : x.peer < y.peer
        }
    }

    private struct PairKey: Hashable {
        var a: ASN
        var b: ASN
        init(_ a: ASN, _ b: ASN) { (self.a, self.b) = (a, b) }
    }
}
