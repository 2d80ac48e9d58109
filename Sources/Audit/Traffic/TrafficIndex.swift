import BGP
import RouteServer
import Routing

/// What the classifier looks up for each sample, built once from the day (the member list,
/// every session's announcements, the route-server simulation), so that a sample costs two
/// MAC look-ups, two prefix-table look-ups and a short scan:
///
/// - MAC address to member (the IX-F export's MACs);
/// - one longest-prefix table over every prefix any member announced during the day;
/// - per such prefix, the members that announced it or a prefix covering it ("announcers"),
///   each with its own most specific covering prefix and the union of the audiences the route
///   servers give its covering routes: a sender given a less specific route of the receiver
///   may send traffic under it (S5 asks for an announced destination, not the longest match).
public struct TrafficIndex {
    /// The members, by ascending ASN; the tally and the findings number members by this order.
    public let asns: [ASN]
    public let names: [String]
    /// Whether route-server simulations were given (traffic-filtered and traffic-few-routes need them).
    public let hasSimulation: Bool
    /// Per member: the most routes one route server gives it in its export mode, out of how many
    /// prefixes that server carries (traffic-few-routes).
    public let routesReceived: [RoutesReceived]

    /// The peering LANs whose addresses are IX-internal destinations: the IX-F export's, or
    /// without them the /24 or /64 of every address the member list and the route servers have.
    public let peeringLANs: [Prefix]

    let memberOfMAC: IntegerMap
    let lanMasks: [LANMask]
    let table: PrefixTable
    /// Every prefix a member announced on some session during the day, distinct, sorted.
    let prefixes: [Prefix]
    /// Per prefix, a run of `announcers`: a header (`member` holds the count that follows,
    /// `prefix` the prefix), then the members that announced it or a prefix covering it, by
    /// member. The prefix table answers with a `TableEntry` that leads to the run.
    let announcers: [Announcer]
    /// Per prefix, where its run starts.
    let runStart: [Int32]
    let audiences: AudienceSets
    /// Per member, its announcements of very short prefixes (`isShort`: a default route, a
    /// /4): `shorts[shortStart[m]..<shortStart[m + 1]]`. Kept out of the runs, where each would
    /// be inherited by every prefix under it and cost every look-up a second cache miss.
    let shortStart: [Int32]
    let shorts: [ShortAnnouncement]
    /// Per member, bit 0: it has an IPv4 session with a route server, bit 1: an IPv6 one (the
    /// families it takes routes of, as the simulation's receivers).
    let receiverFamilies: [UInt8]
    /// The route servers' addresses: BGP to or from them is no bilateral session.
    let routeServerAddresses: Set<IPAddress>

    /// One member that announced a prefix covering a table prefix.
    struct Announcer {
        var member: Int32
        /// Its own most specific covering prefix (an index into `prefixes`).
        var prefix: Int32
        /// Who the route servers give its covering routes to; -1 when none of them is on a
        /// route server (announced only elsewhere, or rejected by the import policy).
        var audience: Int32
    }

    /// A member's announcement of a very short prefix, with its audience (-1: none).
    struct ShortAnnouncement {
        var prefix: Prefix
        var audience: Int32
    }

    /// Shorter than /8 (IPv4) or /16 (IPv6): the policies' shortest acceptable lengths, and
    /// the root of the prefix table.
    static func isShort(_ prefix: Prefix) -> Bool { prefix.length < (prefix.family == .ipv4 ? 8 : 16) }

    /// What the prefix table holds for a prefix: the position of its run's header plus one
    /// (bits 0-31); when the run has a single announcer (most prefixes: their owner alone),
    /// also that member (bits 32-47) and its audience plus one (bits 48-61), flagged by bit 62,
    /// so that the common case does not touch `announcers` (a cache miss per sample otherwise).
    enum TableEntry {
        static let single: UInt64 = 1 << 62

        static func make(run: Int32, _ announcers: [Announcer]) -> UInt64 {
            let header = announcers[Int(run)]
            var entry = UInt64(run) + 1
            if header.member == 1 {
                let only = announcers[Int(run) + 1]
                if only.member < 1 << 16 && only.audience + 1 < 1 << 14 {
                    entry |= single | UInt64(only.member) << 32 | UInt64(only.audience + 1) << 48
                }
            }
            return entry
        }

        @inline(__always)
        static func run(_ entry: UInt64) -> Int { Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1 }
    }

    /// A peering LAN as masks, for a test without building a Prefix.
    struct LANMask {
        var family: AddressFamily
        var high: UInt64, low: UInt64
        var maskHigh: UInt64, maskLow: UInt64

        init(_ prefix: Prefix) {
            family = prefix.family
            let ones = family == .ipv4 ? IPAddress(ipv4: ~0) : IPAddress(ipv6High: ~0, low: ~0)
            let mask = ones.masked(to: Int(prefix.length))
            maskHigh = mask.high
            maskLow = mask.low
            high = prefix.address.high
            low = prefix.address.low
        }

        @inline(__always)
        func contains(_ address: IPAddress) -> Bool {
            address.family == family && address.high & maskHigh == high && address.low & maskLow == low
        }
    }

    public init(_ inputs: AuditInputs) {
        let members = inputs.members.members
        asns = members.map(\.asn)
        names = members.map(\.name)
        var indexOfASN: [ASN: Int32] = [:]
        var macs = IntegerMap(capacity: members.count * 2)
        for (index, member) in members.enumerated() {
            indexOfASN[member.asn] = Int32(index)
            for mac in member.macAddresses { macs.insert(mac.rawValue, Int32(index)) }
        }
        memberOfMAC = macs
        peeringLANs = Self.peeringLANs(inputs)
        lanMasks = peeringLANs.map(LANMask.init)
        hasSimulation = !inputs.simulation.isEmpty
        routeServerAddresses = Set(inputs.job.ixp.routeServers.flatMap(\.addresses))

        var build = IndexBuilder(members: members.count, indexOfASN: indexOfASN)
        build.collectAnnouncements(inputs.rib)
        for result in inputs.simulation { build.addAudiences(result) }
        build.makeSlices()
        prefixes = build.prefixes
        runStart = build.runStart
        announcers = build.announcers
        shortStart = build.shortStart
        shorts = build.shorts
        audiences = build.audiences
        receiverFamilies = build.receiverFamilies
        routesReceived = build.routesReceived
        table = PrefixTable(build.prefixes, values: build.runStart.map { TableEntry.make(run: $0, build.announcers) })
    }

    /// The IX-F export's peering LANs; an inline member list gives none, and then the LANs
    /// are guessed as the /24 (IPv4) or /64 (IPv6) of each peering and route-server address,
    /// so that BGP between routers is not judged as traffic to unannounced destinations.
    private static func peeringLANs(_ inputs: AuditInputs) -> [Prefix] {
        if !inputs.peeringLANs.isEmpty { return inputs.peeringLANs }
        let addresses = inputs.members.members.flatMap { $0.peeringAddresses.map(\.address) }
            + inputs.job.ixp.routeServers.flatMap(\.addresses)
        return Set(addresses.map { Prefix(address: $0, length: $0.family == .ipv4 ? 24 : 64) }).sorted()
    }

    /// Bytes held by the per-sample tables, about.
    public var memory: Int {
        table.memory + announcers.count * MemoryLayout<Announcer>.stride + prefixes.count * MemoryLayout<Prefix>.stride
            + runStart.count * 4 + audiences.bits.count * 8 + shorts.count * MemoryLayout<ShortAnnouncement>.stride
    }

    /// Prefixes in the table (announced by some member during the day).
    public var prefixCount: Int { prefixes.count }

    @inline(__always)
    func isPeeringLAN(_ address: IPAddress) -> Bool {
        for lan in lanMasks where lan.contains(address) { return true }
        return false
    }

    /// How many announcers the run of a table entry holds; 0 for no entry, or for one whose
    /// single announcer is packed in it (nothing to read).
    @inline(__always)
    func announcerCount(_ entry: UInt64) -> Int32 {
        guard entry != 0, entry & TableEntry.single == 0 else { return 0 }
        return announcers[TableEntry.run(entry)].member
    }

    /// `member`'s entry among the announcers the table entry leads to: its position in
    /// `announcers` (-1 when the member is not among them) and its audience. `count` is the
    /// entry's `announcerCount`, read beforehand (at look-up time, see `classify`).
    @inline(__always)
    func find(_ member: Int32, _ entry: UInt64, count: Int32) -> (position: Int, audience: Int32) {
        guard entry != 0 else { return (-1, -1) }
        let run = TableEntry.run(entry)
        if entry & TableEntry.single != 0 {
            guard Int32(truncatingIfNeeded: (entry >> 32) & 0xFFFF) == member else { return (-1, -1) }
            return (run + 1, Int32(truncatingIfNeeded: (entry >> 48) & 0x3FFF) - 1)
        }
        let end = run + 1 + Int(count)
        var low = run + 1, high = end
        while high - low > 8 {
            let middle = (low + high) / 2
            if announcers[middle].member < member { low = middle + 1 } else { high = middle }
        }
        // The member, if present, is at `high` or before it: the scan runs past `high`.
        while low < end && announcers[low].member <= member {
            if announcers[low].member == member { return (low, announcers[low].audience) }
            low += 1
        }
        return (-1, -1)
    }

    /// The positions in `shorts` of `member`'s very short announcements (mostly none).
    @inline(__always)
    func shortRange(_ member: Int32) -> Range<Int> { Int(shortStart[Int(member)])..<Int(shortStart[Int(member) + 1]) }

    static func covers(_ prefix: Prefix, _ address: IPAddress) -> Bool {
        address.family == prefix.family && address.masked(to: Int(prefix.length)) == prefix.address
    }

    /// How an address is listed among the top destinations or sources: the most specific
    /// prefix some member announced that covers it (the prefix the table entry leads to; the
    /// very short ones, such as a default route, are not in the table and say nothing about
    /// where the traffic goes), else its /24 or /48.
    func topKey(_ address: IPAddress, _ entry: UInt64) -> Prefix {
        if entry != 0 { return prefixes[Int(announcers[TableEntry.run(entry)].prefix)] }
        return Prefix(address: address, length: address.family == .ipv4 ? 24 : 48)
    }

    /// Who announced `prefix` in words: the members whose own announcement it is, else the
    /// most specific announced prefix covering it and its members, else nobody.
    func whoAnnounced(_ prefix: Prefix) -> String {
        let owners = announcers(of: prefix)
        if !owners.isEmpty { return "announced by " + owners.map { "AS\($0)" }.joined(separator: ", ") }
        let entry = table.lookup(prefix.address)
        if entry != 0 {
            let covering = prefixes[Int(announcers[TableEntry.run(entry)].prefix)]
            if covering.contains(prefix) {
                return "inside \(covering), announced by " + announcers(of: covering).map { "AS\($0)" }.joined(separator: ", ")
            }
        }
        var shortOwners: [String] = []
        for m in asns.indices {
            for s in Int(shortStart[m])..<Int(shortStart[m + 1]) where shorts[s].prefix.contains(prefix) {
                shortOwners.append("\(shorts[s].prefix) by AS\(asns[m])")
            }
        }
        if !shortOwners.isEmpty { return "inside " + shortOwners.joined(separator: ", ") }
        return "announced by no member"
    }

    /// The members (ASN) whose own announcement is exactly `prefix`, ascending.
    func announcers(of prefix: Prefix) -> [ASN] {
        var low = 0, high = prefixes.count
        while low < high {
            let middle = (low + high) / 2
            if prefixes[middle] < prefix { low = middle + 1 } else { high = middle }
        }
        guard low < prefixes.count, prefixes[low] == prefix else { return [] }
        let run = Int(runStart[low])
        return ((run + 1)..<(run + 1 + Int(announcers[run].member))).filter { announcers[$0].prefix == Int32(low) }
            .map { asns[Int(announcers[$0].member)] }
    }
}

/// The routes the route servers give one member (traffic-few-routes): the best over the
/// route servers of routes received in its export mode out of the prefixes that server carries.
public struct RoutesReceived: Hashable, Sendable {
    /// The route server that gives the most; nil when the member has a session with none.
    public var routeServer: String?
    public var routes: Int
    public var prefixesCarried: Int

    public var share: Double { prefixesCarried > 0 ? Double(routes) / Double(prefixesCarried) : 0 }
}
