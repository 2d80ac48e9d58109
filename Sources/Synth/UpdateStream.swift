import BGP
import MRT

/// The BGP4MP_ET records one route server's `mrtdump messages` would hold for the day: what it
/// received from the members (UPDATEs as MESSAGE_AS4), session state changes as
/// STATE_CHANGE_AS4, and the OPEN (a 2-byte MESSAGE: AS4 is not negotiated yet) and
/// KEEPALIVE of a session coming back (docs/route-server-semantics.md, "What BIRD writes as MRT").
struct UpdateStream {
    struct Entry {
        /// Microseconds since midnight.
        var time: UInt64
        var order: Int
        var bytes: [UInt8]
    }

    var entries: [Entry] = []
    var updates = 0
    var otherMessages = 0
    var stateChanges = 0
    var announcements = 0
    var withdrawals = 0

    mutating func add(_ time: UInt64, _ bytes: [UInt8]) {
        entries.append(Entry(time: time, order: entries.count, bytes: bytes))
    }

    mutating func sort() { entries.sort { ($0.time, $0.order) < ($1.time, $1.order) } }
}

/// Plays the planned actions in time order against both route servers and records what each
/// one receives.
struct UpdateRecorder {
    let members: [SyntheticMember]
    let plan: RoutePlan
    let dayStart: UInt32
    var streams = [UpdateStream(), UpdateStream()]
    /// Routes re-announced after each session came back.
    var reannounced: [(member: Int, routeServer: Int, isIPv6: Bool, time: UInt64, count: Int)] = []
    /// The attribute set each route server has for each route; -1: none.
    private var state: [[Int32]]
    private let writer = MRTWriter()

    static let routeServerIPv4 = PeeringLANPlan.routeServerIPv4.map { IPAddress(ipv4: $0) }
    static let routeServerIPv6 = [IPAddress("2001:7f8:7a::8960:1")!, IPAddress("2001:7f8:7a::8960:2")!]
    /// Prefixes per UPDATE: a message stays far below 4096 bytes.
    static let maxIPv4PerMessage = 400
    static let maxIPv6PerMessage = 200

    init(members: [SyntheticMember], plan: RoutePlan, dayStart: UInt32) {
        self.members = members
        self.plan = plan
        self.dayStart = dayStart
        let rs1 = plan.routes.map { $0.inRIB && $0.routeServers & 1 != 0 ? $0.attributes : -1 }
        let rs2 = plan.routes.map { $0.inRIB && $0.routeServers & 2 != 0 ? $0.rs2Attributes : -1 }
        state = [rs1, rs2]
    }

    static func local(_ rs: Int, isIPv6: Bool) -> BGPSpeaker {
        BGPSpeaker(asn: ASN(RoutePlan.routeServerASN), address: isIPv6 ? routeServerIPv6[rs] : routeServerIPv4[rs])
    }

    func peer(_ m: Int, isIPv6: Bool) -> BGPSpeaker {
        BGPSpeaker(asn: ASN(members[m].asn), address: isIPv6 ? members[m].ipv6! : members[m].ipv4Address)
    }

    mutating func play(_ actions: [DayAction], rng: inout SplitMix64) {
        for action in actions {
            // rs2 hears the same a few milliseconds apart.
            let rs2Delay = UInt64(rng.between(2_000, 90_000))
            for rs in 0..<2 where action.routeServers & UInt8(1 << rs) != 0 {
                let time = action.time + (rs == 1 && action.kind != .sessionDown && action.kind != .sessionUp ? rs2Delay : 0)
                switch action.kind {
                case .announce:
                    announce(rs, action.member, action.isIPv6, action.routes, action.sets, at: time)
                case .withdraw:
                    withdraw(rs, action.member, action.isIPv6, action.routes, at: time)
                case .sessionDown:
                    sessionDown(rs, action.member, action.isIPv6, at: time, until: action.until, rng: &rng)
                case .sessionUp:
                    sessionUp(rs, action.member, action.isIPv6, at: time, rng: &rng)
                }
            }
        }
        streams[0].sort()
        streams[1].sort()
    }

    private func stamp(_ time: UInt64) -> (UInt32, UInt32) {
        (dayStart + UInt32(time / 1_000_000), UInt32(time % 1_000_000))
    }

    /// UPDATEs announcing `routes`: one per attribute set (in order of first use), split when long.
    @discardableResult
    private mutating func announce(_ rs: Int, _ member: Int32, _ isIPv6: Bool, _ routes: [Int32], _ sets: [Int32],
                                   at start: UInt64) -> UInt64 {
        var groups: [(set: Int32, prefixes: [NLRI])] = []
        var groupOf: [Int32: Int] = [:]
        for (i, r) in routes.enumerated() {
            let set = sets[i]
            state[rs][Int(r)] = set
            let nlri = NLRI(prefix: plan.routes[Int(r)].prefix)
            if let g = groupOf[set] {
                groups[g].prefixes.append(nlri)
            } else {
                groupOf[set] = groups.count
                groups.append((set, [nlri]))
            }
        }
        let peer = peer(Int(member), isIPv6: isIPv6), local = Self.local(rs, isIPv6: isIPv6)
        let limit = isIPv6 ? Self.maxIPv6PerMessage : Self.maxIPv4PerMessage
        var time = start
        for group in groups {
            var rest = group.prefixes[...]
            while !rest.isEmpty {
                let chunk = Array(rest.prefix(limit))
                rest = rest.dropFirst(chunk.count)
                let (s, us) = stamp(time)
                streams[rs].add(time, writer.update(timestamp: s, microseconds: us, peer: peer, local: local,
                                                    announce: chunk, attributes: plan.book[group.set]))
                streams[rs].updates += 1
                streams[rs].announcements += chunk.count
                time += 180
            }
        }
        return time
    }

    private mutating func withdraw(_ rs: Int, _ member: Int32, _ isIPv6: Bool, _ routes: [Int32], at start: UInt64) {
        var prefixes: [NLRI] = []
        for r in routes {
            state[rs][Int(r)] = -1
            prefixes.append(NLRI(prefix: plan.routes[Int(r)].prefix))
        }
        let peer = peer(Int(member), isIPv6: isIPv6), local = Self.local(rs, isIPv6: isIPv6)
        let limit = isIPv6 ? Self.maxIPv6PerMessage : Self.maxIPv4PerMessage
        var time = start
        var rest = prefixes[...]
        while !rest.isEmpty {
            let chunk = Array(rest.prefix(limit))
            rest = rest.dropFirst(chunk.count)
            let (s, us) = stamp(time)
            streams[rs].add(time, writer.update(timestamp: s, microseconds: us, peer: peer, local: local, withdraw: chunk))
            streams[rs].updates += 1
            streams[rs].withdrawals += chunk.count
            time += 150
        }
    }

    private mutating func stateChange(_ rs: Int, peer: BGPSpeaker, local: BGPSpeaker, _ from: BGPState, _ to: BGPState,
                                      at time: UInt64) {
        let (s, us) = stamp(time)
        streams[rs].add(time, writer.stateChange(timestamp: s, microseconds: us, peer: peer, local: local, from: from, to: to))
        streams[rs].stateChanges += 1
    }

    /// Established -> Idle with peer and local address 0.0.0.0 (or ::): the socket is gone.
    /// No withdrawals: the routes go implicitly. While the peer is away, BIRD's retries
    /// (Idle -> Connect -> Active -> Idle every two minutes) carry the zero address too.
    private mutating func sessionDown(_ rs: Int, _ member: Int32, _ isIPv6: Bool, at time: UInt64, until: UInt64,
                                      rng: inout SplitMix64) {
        let zero = isIPv6 ? IPAddress(ipv6High: 0, low: 0) : IPAddress(ipv4: 0)
        let peer = BGPSpeaker(asn: ASN(members[Int(member)].asn), address: zero)
        let local = BGPSpeaker(asn: ASN(RoutePlan.routeServerASN), address: zero)
        stateChange(rs, peer: peer, local: local, .established, .idle, at: time)
        var retry = time + UInt64(rng.between(5_000_000, 30_000_000))
        while retry + 10_000_000 < until {
            stateChange(rs, peer: peer, local: local, .idle, .connect, at: retry)
            stateChange(rs, peer: peer, local: local, .connect, .active, at: retry + UInt64(rng.between(200, 3_000)))
            stateChange(rs, peer: peer, local: local, .active, .idle, at: retry + UInt64(rng.between(1_000_000, 5_000_000)))
            retry += 120_000_000 + UInt64(rng.below(1_000_000))
        }
    }

    /// Idle -> Connect -> Active -> OpenSent -> OpenConfirm -> Established with the real
    /// address, the member's OPEN and KEEPALIVE in between, then the member announces again
    /// everything it had.
    private mutating func sessionUp(_ rs: Int, _ member: Int32, _ isIPv6: Bool, at time: UInt64, rng: inout SplitMix64) {
        let m = Int(member)
        let peer = peer(m, isIPv6: isIPv6), local = Self.local(rs, isIPv6: isIPv6)
        stateChange(rs, peer: peer, local: local, .idle, .connect, at: time)
        stateChange(rs, peer: peer, local: local, .connect, .active, at: time + 2_000)
        stateChange(rs, peer: peer, local: local, .active, .openSent, at: time + 41_000)
        let (s, us) = stamp(time + 63_000)
        streams[rs].add(time + 63_000, writer.message(timestamp: s, microseconds: us, peer: peer, local: local,
                                                      message: Self.open(members[m], isIPv6: isIPv6), asnSize: 2))
        streams[rs].otherMessages += 1
        stateChange(rs, peer: peer, local: local, .openSent, .openConfirm, at: time + 64_000)
        let (ks, kus) = stamp(time + 85_000)
        streams[rs].add(time + 85_000, writer.message(timestamp: ks, microseconds: kus, peer: peer, local: local,
                                                      message: BGPEncoder.message(type: 4, body: [])))
        streams[rs].otherMessages += 1
        stateChange(rs, peer: peer, local: local, .openConfirm, .established, at: time + 86_000)

        // Everything the member had on this session, in prefix order.
        var routes: [Int32] = []
        var sets: [Int32] = []
        for r in plan.routeRange(m) where plan.routes[r].isIPv6 == isIPv6 && state[rs][r] >= 0 {
            routes.append(Int32(r))
            sets.append(state[rs][r])
        }
        reannounced.append((m, rs, isIPv6, time, routes.count))
        var start = time + 250_000 + UInt64(rng.below(200_000))
        // In bursts of up to 2000 prefixes, a few milliseconds apart.
        var offset = 0
        while offset < routes.count {
            let end = min(routes.count, offset + 2000)
            start = announce(rs, member, isIPv6, Array(routes[offset..<end]), Array(sets[offset..<end]), at: start) + 3_000
            offset = end
        }
    }

    /// The member's OPEN (RFC 4271 section 4.2): version 4, its ASN in two octets (AS_TRANS
    /// when it needs four), hold time 90, its router ID, and capabilities (RFC 5492): the
    /// session's address family (RFC 4760), route refresh (RFC 2918), 4-octet ASN (RFC 6793).
    static func open(_ member: SyntheticMember, isIPv6: Bool) -> [UInt8] {
        var capabilities: [UInt8] = [1, 4, 0, isIPv6 ? 2 : 1, 0, 1]
        capabilities += [2, 0]
        capabilities += [65, 4] + bigEndian(member.asn)
        var body: [UInt8] = [4]
        let twoOctet = member.asn > 0xFFFF ? ASN.trans.rawValue : member.asn
        body += [UInt8(twoOctet >> 8), UInt8(twoOctet & 0xFF), 0, 90]
        body += bigEndian(member.routerID)
        body += [UInt8(capabilities.count + 2), 2, UInt8(capabilities.count)] + capabilities
        return BGPEncoder.message(type: 1, body: body)
    }

    static func bigEndian(_ v: UInt32) -> [UInt8] {
        [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)]
    }
}
