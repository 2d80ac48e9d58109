import BGP
import XCTest
@testable import Audit

/// The potential peers found on member-by-member matrices against the plain way, dictionaries
/// keyed by ASN pair, on random traffic, export matrices and bilateral sessions.
final class PotentialPeersTests: XCTestCase {
    func testMatricesAgreeWithDictionariesOnRandomDays() {
        var rng = SplitMix(seed: 21)
        var rows: [PotentialPeer] = []
        for _ in 0..<30 {
            // Members numbered sparsely, so that some route cells and sessions name members without traffic.
            let members = (0..<Int.random(in: 1...25, using: &rng)).map { _ in ASN(UInt32.random(in: 1...60, using: &rng)) }
            func member() -> ASN { members.randomElement(using: &rng)! }
            func volume() -> TrafficVolume {
                var v = TrafficVolume()
                for _ in 0..<Int.random(in: 0...3, using: &rng) { v.add(UInt64.random(in: 1...5, using: &rng) * 1000, 1, at: 0) }
                return v
            }
            let pairs = (0..<Int.random(in: 0...60, using: &rng)).map { _ in
                TrafficPair(sender: member(), receiver: member(), total: volume(), unannounced: TrafficVolume(), filtered: TrafficVolume())
            }
            let cells = (0..<2).map { _ in
                (0..<Int.random(in: 0...80, using: &rng)).map { _ in (sender: ASN(UInt32.random(in: 1...70, using: &rng)), receiver: member(),
                                                                      routes: Int.random(in: 0...3, using: &rng)) }
            }
            let bilateral = (0..<Int.random(in: 0...5, using: &rng)).map { _ -> BilateralSession in
                let (a, b) = (member(), member())
                return BilateralSession(first: min(a, b), second: max(a, b), firstAddress: IPAddress(ipv4: 1), secondAddress: IPAddress(ipv4: 2),
                                        samples: Int.random(in: 1...9, using: &rng))
            }
            let found = PotentialPeers.find(pairs: pairs, bilateral: bilateral) { cell in
                for server in cells { for c in server { cell(c.sender, c.receiver, c.routes) } }
            }
            XCTAssertEqual(found, reference(pairs: pairs, cells: cells, bilateral: bilateral))
            rows += found
        }
        XCTAssertTrue(rows.contains { $0.bilateralSamples > 0 } && rows.contains { $0.routesToPeer > 0 } && rows.contains { $0.received.samples > 0 },
                      "the random days have sessions, routes one way and traffic both ways")
    }

    /// The former implementation.
    private func reference(pairs: [TrafficPair], cells: [[(sender: ASN, receiver: ASN, routes: Int)]],
                           bilateral: [BilateralSession]) -> [PotentialPeer] {
        struct Key: Hashable { var a: ASN, b: ASN }
        var routes: [Key: Int] = [:]
        for server in cells { for c in server { routes[Key(a: c.sender, b: c.receiver)] = max(routes[Key(a: c.sender, b: c.receiver)] ?? 0, c.routes) } }
        var traffic: [Key: TrafficVolume] = [:]
        for pair in pairs where pair.total.samples > 0 { traffic[Key(a: pair.sender, b: pair.receiver)] = pair.total }
        var sessions: [Key: Int] = [:]
        for session in bilateral { sessions[Key(a: session.first, b: session.second)] = session.samples }
        var out: [PotentialPeer] = []
        var seen = Set<Key>()
        for key in traffic.keys {
            for (member, peer) in [(key.a, key.b), (key.b, key.a)] where seen.insert(Key(a: member, b: peer)).inserted {
                guard (routes[Key(a: peer, b: member)] ?? 0) == 0 else { continue }
                out.append(PotentialPeer(member: member, peer: peer, sent: traffic[Key(a: member, b: peer)] ?? TrafficVolume(),
                                         received: traffic[Key(a: peer, b: member)] ?? TrafficVolume(),
                                         routesToPeer: routes[Key(a: member, b: peer)] ?? 0,
                                         bilateralSamples: sessions[Key(a: min(member, peer), b: max(member, peer))] ?? 0))
            }
        }
        return out.sorted { x, y in
            if x.member != y.member { return x.member < y.member }
            let bx = x.sent.bytes &+ x.received.bytes, by = y.sent.bytes &+ y.received.bytes
            return bx != by ? bx > by : x.peer < y.peer
        }
    }
}
