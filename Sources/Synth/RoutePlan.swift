import BGP
import MRT

/// One route a member announces to the route servers. Kept small and flat: the large day has
/// 1.5 million of them.
struct SynthRoute {
    /// IPv4: the address; IPv6: its high 64 bits (every prefix is /48 or shorter).
    var address: UInt64
    var length: UInt8
    var isIPv6: Bool
    /// Bit 0: announced to rs1, bit 1: to rs2.
    var routeServers: UInt8 = 0b11
    /// False for routes first announced during the day (not in the RIB dumps).
    var inRIB = true
    var member: Int32
    /// Attribute set at midnight; on rs2 `rs2Attributes` (the same but for planted differences).
    var attributes: Int32
    var rs2Attributes: Int32

    var prefix: Prefix {
        isIPv6 ? Prefix(address: IPAddress(ipv6High: address, low: 0), length: Int(length))
            : Prefix(address: IPAddress(ipv4: UInt32(truncatingIfNeeded: address)), length: Int(length))
    }
}

/// The distinct path attributes of the day: each route refers to one by index. Members tag
/// many routes alike, so there are far fewer sets than routes, and each set's wire form is
/// built once.
final class AttributeBook {
    private(set) var sets: [PathAttributes] = []
    private(set) var owners: [Int32] = []

    @discardableResult
    func add(_ attributes: PathAttributes, member: Int) -> Int32 {
        sets.append(attributes)
        owners.append(Int32(member))
        return Int32(sets.count - 1)
    }

    subscript(id: Int32) -> PathAttributes { sets[Int(id)] }
    var count: Int { sets.count }
}

/// The routes of the day: how many each member has, their prefixes and attributes.
struct RoutePlan {
    var routes: [SynthRoute] = []
    /// Index of each member's first route; its IPv4 routes come first, then its IPv6 routes.
    var firstRoute: [Int] = []
    /// The members' ordinary routes are `routes[..<ordinaryCount]`; the planted anomalies
    /// (`AnomalyPlan`) append theirs after.
    var ordinaryCount = 0
    let book = AttributeBook()
    /// The address space left after the members' routes: fresh blocks for planted routes and
    /// for the flows' unannounced addresses.
    var ipv4Space: IPv4Allocator
    var ipv6Space = IPv6Allocator()

    /// The member's ordinary routes (not the planted ones).
    func routeRange(_ member: Int) -> Range<Int> {
        firstRoute[member]..<(member + 1 < firstRoute.count ? firstRoute[member + 1] : ordinaryCount)
    }

    func isPlanted(_ route: Int) -> Bool { route >= ordinaryCount }

    static let routeServerASN: UInt32 = 8960

    // MARK: how many routes each member has

    /// Route counts with a heavy tail: weights 1/rank^2.5 (Zipf with exponent 2.5) over a
    /// random order of the members, each capped near a share of the total that shrinks with
    /// the member count (water-filling redistributes what the caps cut off). At 800 members
    /// and 1.5 million routes a dozen members hold 45-75 thousand routes each, a few dozen
    /// more over ten thousand, and the median member a handful; every route-server member
    /// has at least one route.
    static func routeCounts(members: [SyntheticMember], total: Int, rng: inout SplitMix64) -> [Int] {
        let onRS = members.indices.filter { members[$0].routeServer }
        var ranks = Array(1...onRS.count)
        rng.shuffle(&ranks)
        let share = max(0.05, 6.0 / Double(onRS.count))
        var weight: [Double] = []
        var cap: [Double] = []
        for (k, _) in onRS.enumerated() {
            let rank = Double(ranks[k])
            weight.append((0.75 + 0.5 * rng.unit()) / (rank * rank * rank.squareRoot()))
            cap.append(share * Double(total) * (0.6 + 0.4 * rng.unit()))
        }
        var value = [Double](repeating: -1, count: onRS.count)
        var remaining = Double(total)
        while true {
            var weightLeft = 0.0
            for k in onRS.indices where value[k] < 0 { weightLeft += weight[k] }
            guard weightLeft > 0 else { break }
            let scale = remaining / weightLeft
            var capped = false
            for k in onRS.indices where value[k] < 0 && scale * weight[k] > cap[k] {
                value[k] = cap[k]
                remaining -= cap[k]
                capped = true
            }
            if !capped {
                for k in onRS.indices where value[k] < 0 { value[k] = scale * weight[k] }
                break
            }
        }
        var counts = value.map { max(1, Int($0)) }
        roundToTotal(&counts, total: total, order: onRS.indices.sorted { (value[$0], $0) > (value[$1], $1) })
        var all = [Int](repeating: 0, count: members.count)
        for (k, m) in onRS.enumerated() { all[m] = counts[k] }
        return all
    }

    /// About a fifth of the routes of members with IPv6 are IPv6 (so ~80% of all are IPv4);
    /// every member keeps at least one IPv4 route.
    static func splitFamilies(_ members: inout [SyntheticMember], counts: [Int], rng: inout SplitMix64) {
        for m in members.indices {
            let count = counts[m]
            var ipv6 = 0
            if members[m].ipv6 != nil && count > 1 {
                let share = 0.14 + 0.16 * rng.unit()
                ipv6 = min(count - 1, Int(Double(count) * share + rng.unit()))
            }
            members[m].ipv4Routes = count - ipv6
            members[m].ipv6Routes = ipv6
        }
    }

    // MARK: prefixes and attributes

    /// Builds every route: prefixes from each member's own address blocks (so no two members
    /// overlap), AS paths and communities from per-member attribute sets.
    static func build(members: inout [SyntheticMember], rng: inout SplitMix64) throws(SynthError) -> RoutePlan {
        var plan = RoutePlan(ipv4Space: IPv4Allocator(rng: &rng))
        plan.routes.reserveCapacity(members.reduce(0) { $0 + $1.routes })
        let memberASNs = Set(members.map(\.asn))
        for m in members.indices {
            plan.firstRoute.append(plan.routes.count)
            guard members[m].routes > 0 else { continue }
            let paths = Self.paths(for: members[m], memberASNs: memberASNs, rng: &rng)
            for isIPv6 in [false, true] {
                let count = isIPv6 ? members[m].ipv6Routes : members[m].ipv4Routes
                guard count > 0 else { continue }
                if isIPv6 { plan.ipv6Space.startMember(rng: &rng) } else { plan.ipv4Space.startMember(expected: count, rng: &rng) }
                var prefixes: [(address: UInt64, length: Int)] = []
                prefixes.reserveCapacity(count)
                for _ in 0..<count {
                    if isIPv6 {
                        let length = Self.ipv6Lengths[rng.weighted(Self.ipv6Weights)]
                        prefixes.append((plan.ipv6Space.allocate(length: length, rng: &rng), length))
                    } else {
                        let length = Self.ipv4Lengths[rng.weighted(Self.ipv4Weights)]
                        prefixes.append((UInt64(try plan.ipv4Space.allocate(length: length, rng: &rng)), length))
                    }
                }
                // The router ID: the first address of the member's first IPv4 prefix, plus one.
                if !isIPv6 { members[m].routerID = UInt32(truncatingIfNeeded: prefixes[0].address) | 1 }
                let setCount = min(6000, 1 + count / 12)
                let base = Int32(plan.book.count)
                for _ in 0..<setCount {
                    plan.book.add(attributeSet(members, m, isIPv6: isIPv6, paths: paths, rng: &rng), member: m)
                }
                for p in prefixes {
                    let set = base + Int32(rng.skewed(setCount))
                    plan.routes.append(SynthRoute(address: p.address, length: UInt8(p.length), isIPv6: isIPv6,
                                                  member: Int32(m), attributes: set, rs2Attributes: set))
                }
            }
        }
        plan.ordinaryCount = plan.routes.count
        return plan
    }

    /// Mostly /24 (a few shorter, down to /16); mean about 3.7 /24s per prefix.
    static let ipv4Lengths = [24, 23, 22, 21, 20, 19, 18, 17, 16]
    static let ipv4Weights = [721, 90, 100, 40, 30, 10, 4, 2, 3]
    /// Mostly /48 and /32, the rest between /29 and /47.
    static let ipv6Lengths = [48, 47, 46, 44, 40, 36, 35, 33, 32, 30, 29]
    static let ipv6Weights = [560, 10, 20, 60, 90, 30, 5, 5, 180, 10, 30]

    /// The AS paths a member sends: itself first, then 0-4 ASNs (a customer, its customers,
    /// the origin), now and then prepended.
    /// No member's ASN appears behind another member: that would be a peer leak (RFC 7908).
    static func paths(for member: SyntheticMember, memberASNs: Set<UInt32>, rng: inout SplitMix64) -> [[UInt32]] {
        let count = min(3000, 1 + member.routes / 20)
        var customers: [UInt32] = []
        func outsider() -> UInt32 {
            while true {
                let asn = ASNPool.candidate(fourByte: rng.chance(0.2), rng: &rng)
                if !memberASNs.contains(asn) { return asn }
            }
        }
        for _ in 0..<max(1, min(1000, count / 2)) { customers.append(outsider()) }
        var paths: [[UInt32]] = []
        paths.reserveCapacity(count)
        for _ in 0..<count {
            var path = [member.asn]
            let tail = [0, 1, 2, 3, 4][rng.weighted([35, 30, 20, 10, 5])]
            for i in 0..<tail {
                var next: UInt32
                repeat {
                    next = i == 0 ? rng.pick(customers) : outsider()
                } while next == member.asn || path.contains(next)
                path.append(next)
            }
            if rng.chance(0.07) {
                path.insert(contentsOf: repeatElement(member.asn, count: rng.between(1, 3)), at: 0)
            } else if tail > 0 && rng.chance(0.04) {
                path.append(contentsOf: repeatElement(path.last!, count: rng.between(1, 2)))
            }
            paths.append(path)
        }
        return paths
    }

    /// One attribute set of member `m`: a path, ORIGIN (mostly IGP), sometimes MED, the
    /// member's informational communities and its export-control communities.
    static func attributeSet(_ members: [SyntheticMember], _ m: Int, isIPv6: Bool, paths: [[UInt32]],
                             rng: inout SplitMix64) -> PathAttributes {
        let member = members[m]
        var a = PathAttributes()
        a.origin = [Origin.igp, .incomplete, .egp][rng.weighted([88, 10, 2])]
        let path = paths[rng.skewed(paths.count)]
        a.asPath = ASPath(sequence: path)
        addForwardingAttributes(&a, member: member, isIPv6: isIPv6, origin: path.last, rng: &rng)
        var communities: [Community] = []
        var large: [LargeCommunity] = []
        for value in member.informational where rng.chance(0.5) {
            if member.isFourByte {
                large.append(LargeCommunity(member.asn, 1, value))
            } else {
                communities.append(Community(UInt16(member.asn), UInt16(value)))
            }
        }
        appendControl(member, members, style: member.style, to: &communities, &large, rng: &rng)
        a.communities = communities.sorted()
        a.largeCommunities = large.sorted()
        return a
    }

    /// Export-control communities the way members use them (docs/rules.md section A): none,
    /// open (8960:8960), open + exclude (0:peer), restrictive + include (0:8960 8960:peer);
    /// a 4-byte peer is named with the large forms 8960:0:peer and 8960:1:peer.
    /// Rounds `counts` to sum to exactly `total`: the members in `order` (largest first) take
    /// the difference one route each, in turn; none falls below one route.
    static func roundToTotal(_ counts: inout [Int], total: Int, order: [Int]) {
        var difference = total - counts.reduce(0, +)
        var turn = 0
        while difference != 0 {
            let k = order[turn % order.count]
            if difference > 0 {
                counts[k] += 1
                difference -= 1
            } else if counts[k] > 1 {
                counts[k] -= 1
                difference += 1
            }
            turn += 1
        }
    }

    /// The next hop of the member's port, an occasional MED, and now and then an aggregated
    /// route (ATOMIC_AGGREGATE and AGGREGATOR naming `origin`): what every synthetic route
    /// gets after its AS path, drawn in this order.
    static func addForwardingAttributes(_ a: inout PathAttributes, member: SyntheticMember, isIPv6: Bool, origin: UInt32?,
                                        rng: inout SplitMix64) {
        if isIPv6 {
            a.mpNextHop = MPNextHop(address: member.ipv6!, linkLocal: member.linkLocal)
        } else {
            a.nextHop = member.ipv4Address
        }
        if rng.chance(0.2) { a.med = [0, 10, 20, 50, 100, 200, 1000][rng.below(7)] }
        if rng.chance(0.03), let origin {
            a.atomicAggregate = true
            a.aggregator = Aggregator(asn: ASN(origin), address: IPAddress(ipv4: member.routerID))
        }
    }

    static func appendControl(_ member: SyntheticMember, _ members: [SyntheticMember], style: ControlStyle,
                              to communities: inout [Community], _ large: inout [LargeCommunity], rng: inout SplitMix64) {
        let rs = UInt16(routeServerASN)
        let open = Community(rs, rs)
        func exclude(_ peer: Int) {
            let asn = members[peer].asn
            if asn > 0xFFFF { large.append(LargeCommunity(routeServerASN, 0, asn)) } else { communities.append(Community(0, UInt16(asn))) }
        }
        func include(_ peer: Int) {
            let asn = members[peer].asn
            if asn > 0xFFFF { large.append(LargeCommunity(routeServerASN, 1, asn)) } else { communities.append(Community(rs, UInt16(asn))) }
        }
        func some(_ most: Int) -> [Int] {
            var peers = member.namedPeers
            rng.shuffle(&peers)
            return Array(peers.prefix(min(peers.count, rng.between(1, most))))
        }
        switch style {
        case .none:
            if rng.chance(0.1) { communities.append(open) }
        case .open:
            communities.append(open)
            if rng.chance(0.15) { some(1).forEach(exclude) }
        case .exclude:
            communities.append(open)
            if rng.chance(0.7) { some(3).forEach(exclude) }
        case .restrictive:
            if rng.chance(0.7), !member.namedPeers.isEmpty {
                communities.append(Community(0, rs))
                some(4).forEach(include)
            } else {
                communities.append(open)
            }
        }
    }
}

/// Hands out IPv4 prefixes from /16 blocks of public space in random order; each member
/// starts a block of its own and fills it with aligned prefixes and small gaps.
struct IPv4Allocator {
    private var blocks: [UInt32] = []
    private var nextBlock = 0
    private var block: UInt32 = 0
    /// Position in the block in /24 units; 256 means full.
    private var cursor = 256

    init(rng: inout SplitMix64) {
        for a in UInt32(1)...223 {
            for b in UInt32(0)...255 where Self.isPublic(a, b) { blocks.append(a << 8 | b) }
        }
        rng.shuffle(&blocks)
    }

    /// As `init(rng:)`, without the blocks of `excluded` (a << 8 | b): space real routes use.
    init(rng: inout SplitMix64, excluding excluded: Set<UInt32>) {
        self.init(rng: &rng)
        blocks.removeAll { excluded.contains($0) }
    }

    /// No block holding any of the IPv4 bogons (RFC 6890 and the like), nor the peering LAN's.
    static func isPublic(_ a: UInt32, _ b: UInt32) -> Bool {
        switch (a, b) {
        case (0, _), (10, _), (127, _): return false
        case (100, 64...127): return false  // 100.64/10
        case (169, 254), (192, 168), (192, 0), (192, 88), (198, 18), (198, 19), (198, 51), (203, 0): return false
        case (172, 16...31): return false
        case (185, 1): return false  // the peering LAN
        default: return a < 224
        }
    }

    /// A fresh block for the next member; one with few prefixes starts somewhere inside it.
    mutating func startMember(expected: Int, rng: inout SplitMix64) {
        cursor = 256
        if expected < 24 {
            guard let b = take() else { return }
            block = b
            cursor = 16 * rng.below(12)
        }
    }

    private mutating func take() -> UInt32? {
        guard nextBlock < blocks.count else { return nil }
        nextBlock += 1
        return blocks[nextBlock - 1]
    }

    /// A prefix at the start of a /16 block nobody else uses (the allocations after it go on
    /// in that block until the next fresh one): planted routes and addresses no route covers.
    mutating func fresh(length: Int, rng: inout SplitMix64) throws(SynthError) -> UInt32 {
        cursor = 256
        return try allocate(length: length, rng: &rng)
    }

    mutating func allocate(length: Int, rng: inout SplitMix64) throws(SynthError) -> UInt32 {
        let size = 1 << (24 - length)
        var start = (cursor + size - 1) / size * size
        if start + size > 256 {
            guard let b = take() else {
                throw .invalidOption(name: "routes", value: "this many", expected: "fewer: the public IPv4 space ran out")
            }
            block = b
            start = 0
        }
        cursor = start + size
        if rng.chance(0.25) { cursor += rng.between(1, 3) }
        return block << 16 | UInt32(start) << 8
    }
}

/// Hands out IPv6 prefixes (/29 to /48) from random /29s in the RIRs' /12s (2a00::/12 RIPE,
/// 2400::/12 APNIC, 2600::/12 ARIN, 2800::/12 LACNIC, 2c00::/12 AFRINIC): inside 2000::/3,
/// never 2001:db8::/32 or any other special range.
struct IPv6Allocator {
    private var used = Set<UInt64>()
    private var block: UInt64 = 0
    /// Position in the /29 in /48 units; `units` means full.
    private var cursor = IPv6Allocator.units
    static let units = 1 << 19
    static let pools: [UInt64] = [0x2A0, 0x240, 0x260, 0x280, 0x2C0]

    mutating func startMember(rng: inout SplitMix64) {
        cursor = Self.units
    }

    /// Keeps the /29s a prefix of /16 to /48 touches out of every later allocation.
    mutating func reserve(high: UInt64, length: Int) {
        let first = high >> 35
        let count = length >= 29 ? 1 : UInt64(1) << (29 - length)
        for k in 0..<count { used.insert(first + k) }
    }

    /// A prefix at the start of a /29 nobody else uses.
    mutating func fresh(length: Int, rng: inout SplitMix64) -> UInt64 {
        cursor = Self.units
        return allocate(length: length, rng: &rng)
    }

    mutating func allocate(length: Int, rng: inout SplitMix64) -> UInt64 {
        let size = 1 << (48 - length)
        var start = (cursor + size - 1) / size * size
        if start + size > Self.units {
            var candidate: UInt64
            repeat {
                candidate = Self.pools[rng.weighted([50, 20, 20, 7, 3])] << 17 | UInt64(rng.below(1 << 17))
            } while !used.insert(candidate).inserted
            block = candidate
            start = 0
        }
        cursor = start + size
        if rng.chance(0.2) { cursor += size * rng.between(1, 2) }
        return block << 35 | UInt64(start) << 16
    }
}
