import BGP
import Routing

/// The receivers of one route server's simulation: its sessions, per address family. A session
/// receives only prefixes of its own family, so a set of receivers of an IPv4 prefix is a bit
/// set over the IPv4 sessions alone (as narrow as the member list, where one set over every
/// session would be twice as wide on a large route server), each family's sessions in member,
/// then address order.
struct ReceivingSessions: Sendable, Equatable {
    /// Per family (0 IPv4, 1 IPv6): the sessions, indexes into `RouteServerRIB.sessions`, in
    /// bit order.
    let sessions: [[Int]]
    /// Per family: the same sessions (the universe of a hidden path's receivers), and their
    /// members.
    let ids: [[SessionID]]
    let members: [[ASN]]
    /// Per family, for each session of the RIB: its bit, or -1 for a session of the other
    /// family (which never receives the prefix, and has no bit to clear when it sent it).
    let bit: [[Int]]
    /// Per family: the sessions that receive (a session closed over max-prefix does not).
    let mask: [ReceiverBits]

    init(_ all: [SessionID], isClosed: (Int) -> Bool) {
        var sessions: [[Int]] = [[], []]
        for s in all.indices { sessions[Self.family(all[s].peerAddress.family)].append(s) }
        for f in 0..<2 {
            sessions[f].sort { (all[$0].peerASN, all[$0].peerAddress) < (all[$1].peerASN, all[$1].peerAddress) }
        }
        var bit = [[Int]](repeating: [Int](repeating: -1, count: all.count), count: 2)
        var mask = sessions.map { ReceiverBits(count: $0.count) }
        for f in 0..<2 {
            for (b, s) in sessions[f].enumerated() {
                bit[f][s] = b
                if !isClosed(s) { mask[f][b] = true }
            }
        }
        self.sessions = sessions
        self.ids = sessions.map { $0.map { all[$0] } }
        self.members = sessions.map { $0.map { all[$0].peerASN } }
        self.bit = bit
        self.mask = mask
    }

    static func family(_ family: AddressFamily) -> Int { family == .ipv4 ? 0 : 1 }
}
