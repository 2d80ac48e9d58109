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
        find(pairs: pairs, bilateral: bilateral) { cell in
            for result in simulation {
                for entry in result.exportMatrix(result.implementation.configuredMode) { cell(entry.sender, entry.receiver, entry.routes) }
            }
        }
    }

    /// `find` with the route servers' export matrices given cell by cell by `routeCells`.
    /// The members with traffic are numbered, and the sums are member-by-member matrices:
    /// 800 members make 640,000 cells per route server, each hashed twice into dictionaries
    /// keyed by ASN pair otherwise.
    static func find(pairs: [TrafficPair], bilateral: [BilateralSession],
                     routeCells: ((_ sender: ASN, _ receiver: ASN, _ routes: Int) -> Void) -> Void) -> [PotentialPeer] {
        let withTraffic = pairs.filter { $0.total.samples > 0 }
        let asns = Set(withTraffic.flatMap { [$0.sender, $0.receiver] }).sorted()
        let n = asns.count
        var number = IntegerMap(capacity: n)
        for (i, asn) in asns.enumerated() { number.insert(UInt64(asn.rawValue), Int32(i)) }
        func cell(_ a: ASN, _ b: ASN) -> Int? {
            let i = number.value(UInt64(a.rawValue)), j = number.value(UInt64(b.rawValue))
            return i >= 0 && j >= 0 ? Int(i) * n + Int(j) : nil
        }
        var routes = [Int](repeating: 0, count: n * n)
        routeCells { sender, receiver, count in
            if let c = cell(sender, receiver) { routes[c] = max(routes[c], count) }
        }
        var traffic = [Int32](repeating: -1, count: n * n)
        for (p, pair) in withTraffic.enumerated() { traffic[cell(pair.sender, pair.receiver)!] = Int32(p) }
        func volume(_ c: Int) -> TrafficVolume { traffic[c] >= 0 ? withTraffic[Int(traffic[c])].total : TrafficVolume() }
        var sessions: [Int: Int] = [:]
        for session in bilateral {
            if let c = cell(session.first, session.second) { sessions[c] = session.samples }
        }

        var out: [PotentialPeer] = []
        var seen = [Bool](repeating: false, count: n * n)
        for pair in withTraffic {
            let a = Int(number.value(UInt64(pair.sender.rawValue))), b = Int(number.value(UInt64(pair.receiver.rawValue)))
            for (member, peer) in [(a, b), (b, a)] where !seen[member * n + peer] {
                seen[member * n + peer] = true
                guard routes[peer * n + member] == 0 else { continue }
                out.append(PotentialPeer(member: asns[member], peer: asns[peer], sent: volume(member * n + peer),
                                         received: volume(peer * n + member), routesToPeer: routes[member * n + peer],
                                         bilateralSamples: sessions[min(member, peer) * n + max(member, peer)] ?? 0))
            }
        }
        return out.sorted { x, y in
            if x.member != y.member { return x.member < y.member }
            let bx = x.sent.bytes &+ x.received.bytes, by = y.sent.bytes &+ y.received.bytes
            return bx != by ? bx > by : x.peer < y.peer
        }
    }
}
