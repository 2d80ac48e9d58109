import BGP

/// The day's sampled traffic across the peering LAN (sFlow, one packet in 16384): how many
/// samples each member sends to each other, and the planted traffic anomalies (docs/rules.md
/// section C, default pointing and transit abuse).
///
/// Ordinary traffic flows between route-server members, from the sender's prefixes to
/// prefixes the receiver gives everyone through the route servers (`ExportControl`); routes
/// any event of the day touches, and re-announced ones, are left out. Each pair gets an even
/// number of samples, shared so that each way carries 0.75 to 1.34 times the other's bytes
/// (P8 asks for 2:1), the bigger members (port speed, routes) more. The planted anomalies,
/// each far above the analyses' floors (a pair is judged from 10 samples and 1% of the
/// sender's traffic to the receiver; a ratio from 0.1% of all traffic):
///
/// - traffic-unannounced: half of A's samples to B go to a block nobody announces;
/// - traffic-filtered: half go to a route of B whose communities keep it from A;
/// - traffic-source-outside: half of A's samples to B come from a block A does not announce;
/// - traffic-ratio: A sends B 2% of all samples, four times what B sends back;
/// - traffic-few-routes: a member without route-server sessions sends 3% of all samples to
///   the others' open prefixes (from a block it announces nowhere, and with no traffic back,
///   so it is also traffic-source-outside, and traffic-ratio towards any receiver over 0.1%).
struct FlowPlan {
    enum Kind: UInt8 {
        /// From the sender's prefixes to prefixes the receiver gives everyone.
        case normal
        /// To `blocks[target]`, which nobody announces.
        case unannounced
        /// To the receiver's route `target`, which its communities keep from the sender.
        case filtered
        /// From `blocks[target]`, which the sender does not announce, to the receiver's prefixes.
        case outsideSource
    }

    /// Samples one member sends another of one kind.
    struct Component {
        var sender: Int32
        var receiver: Int32
        var samples: Int32
        var kind: Kind
        var target: Int32 = 0
    }

    var components: [Component] = []
    /// Fresh /24s (IPv4 addresses): destinations nobody announces, sources nobody announces.
    var blocks: [UInt32] = []
    var entries: [AnomalyPlan.Entry] = []
    /// Per member, route indexes: stable routes to send from, and stable routes the route
    /// servers give everyone, to send to; IPv4 and IPv6.
    var sources: [[Int32]]
    var sources6: [[Int32]]
    var destinations: [[Int32]]
    var destinations6: [[Int32]]
    let samples: Int

    static let samplingRate: UInt32 = 16_384
    /// The fewest samples a day with flows has: room for the planted anomalies.
    static let minimumSamples = 10_000

    init(samples: Int, members: [SyntheticMember], plan: inout RoutePlan, churn: ChurnPlan, anomalies: AnomalyPlan,
         rng: inout SplitMix64) throws(SynthError) {
        self.samples = samples
        let count = members.count
        sources = Array(repeating: [], count: count)
        sources6 = sources
        destinations = sources
        destinations6 = sources
        for r in 0..<plan.ordinaryCount {
            let route = plan.routes[r]
            let m = Int(route.member)
            guard churn.busyUntil[r] == 0, route.inRIB, route.routeServers == 0b11, route.attributes == route.rs2Attributes,
                  !anomalies.quietMembers.contains(m), !anomalies.reannounced.contains(r) else { continue }
            if route.isIPv6 { sources6[m].append(Int32(r)) } else { sources[m].append(Int32(r)) }
            if ExportControl.reachesEveryone(plan.book[route.attributes]) {
                if route.isIPv6 { destinations6[m].append(Int32(r)) } else { destinations[m].append(Int32(r)) }
            }
        }
        guard samples > 0 else { return }
        let given = RoutesGiven(members: members, plan: plan, shut: anomalies.quietMembers)
        let eligible = members.indices.filter { m in
            members[m].routeServer && !sources[m].isEmpty && !destinations[m].isEmpty && given.isPlenty(m)
        }
        guard eligible.count >= 2 else { return }
        let weight = members.map { Double($0.portSpeed / 1000).squareRoot() * Double(1 + $0.routes).squareRoot() }
        // A member announcing the default route announces every address: it can neither
        // receive unannounced traffic nor send from outside what it announces.
        let planters = Set(anomalies.entries.map(\.member) + anomalies.entries.compactMap(\.other))
        let everything = Set(anomalies.entries.filter { $0.check == "default-route" }.map(\.member))
        var roles = TrafficRoles(eligible: eligible.filter { !everything.contains($0) }, weight: weight, avoid: planters, rng: &rng)

        // The planted pairs and their samples.
        let k = max(100, samples / 200)
        var planted: [Component] = []
        var pairs = Set<UInt64>()
        func pair(_ a: Int, _ b: Int) -> UInt64 { UInt64(min(a, b)) << 32 | UInt64(max(a, b)) }
        func halfAndHalf(_ a: Int, _ b: Int, _ kind: Kind, target: Int32) {
            planted.append(Component(sender: Int32(a), receiver: Int32(b), samples: Int32(k), kind: .normal))
            planted.append(Component(sender: Int32(a), receiver: Int32(b), samples: Int32(k), kind: kind, target: target))
            planted.append(Component(sender: Int32(b), receiver: Int32(a), samples: Int32(2 * k), kind: .normal))
            pairs.insert(pair(a, b))
        }
        if let (b, route, a) = Self.filteredRoute(members: members, plan: plan, eligible: roles.receiversFirst(), sources: sources) {
            roles.use(a)
            roles.use(b)
            halfAndHalf(a, b, .filtered, target: route)
            let attributes = plan.book[plan.routes[Int(route)].attributes]
            let control = (attributes.communities.map(\.description) + attributes.largeCommunities.map(\.description)).joined(separator: " ")
            entries.append(.init(check: "traffic-filtered", member: a, other: b, detail: "\(k) of its \(2 * k) samples to AS"
                + "\(members[b].asn) go to \(plan.routes[Int(route)].prefix), whose communities (\(control)) keep it from AS\(members[a].asn)"))
        }
        // A pair of members not planted yet (a day of a handful of members may run out).
        func freshPair() -> (Int, Int)? {
            guard let a = roles.sender(), let b = roles.receiver(avoiding: a), !pairs.contains(pair(a, b)) else { return nil }
            return (a, b)
        }
        if let (a, b) = freshPair() {
            let block = try plan.ipv4Space.fresh(length: 24, rng: &rng)
            blocks.append(block)
            halfAndHalf(a, b, .unannounced, target: Int32(blocks.count - 1))
            entries.append(.init(check: "traffic-unannounced", member: a, other: b, detail: "\(k) of its \(2 * k) samples to AS"
                + "\(members[b].asn) go to \(IPAddress(ipv4: block))/24, which nobody announces"))
        }
        if let (a, b) = freshPair() {
            let block = try plan.ipv4Space.fresh(length: 24, rng: &rng)
            blocks.append(block)
            halfAndHalf(a, b, .outsideSource, target: Int32(blocks.count - 1))
            entries.append(.init(check: "traffic-source-outside", member: a, detail: "\(k) of its samples to AS\(members[b].asn) "
                + "come from \(IPAddress(ipv4: block))/24, which it does not announce"))
        }
        let heavy = max(200, samples / 50)
        if let (a, b) = freshPair() {
            planted.append(Component(sender: Int32(a), receiver: Int32(b), samples: Int32(heavy), kind: .normal))
            planted.append(Component(sender: Int32(b), receiver: Int32(a), samples: Int32(heavy / 4), kind: .normal))
            pairs.insert(pair(a, b))
            entries.append(.init(check: "traffic-ratio", member: a, other: b, detail: "\(heavy) samples to AS\(members[b].asn), "
                + "\(heavy / 4) back: about 4:1"))
        }
        let fewRoutes = try plantFewRoutes(members: members, plan: &plan, eligible: eligible, rng: &rng)
        planted += fewRoutes

        // The ordinary pairs share what is left, in pairs of samples.
        var left = samples - planted.reduce(0) { $0 + Int($1.samples) }
        if left % 2 == 1, !planted.isEmpty {
            planted[0].samples += 1
            left -= 1
        }
        components = Self.ordinaryPairs(eligible: eligible, weight: weight, units: max(0, left / 2), skipping: pairs, rng: &rng)
            + planted
        sideEffects(fewRoutes, members: members)
    }

    // MARK: the planted members

    /// A receiver B, one of its stable IPv4 routes and a sender A its communities keep that
    /// route from (an excluded peer, or anyone not included when the route blocks all). No
    /// other route of B overlaps it: a covering or more specific one A receives would carry
    /// the traffic (members' prefixes overlap on the realistic day).
    static func filteredRoute(members: [SyntheticMember], plan: RoutePlan, eligible: [Int], sources: [[Int32]])
        -> (receiver: Int, route: Int32, sender: Int)? {
        for b in eligible where members[b].style == .exclude || members[b].style == .restrictive {
            for r in sources[b].prefix(5000) {
                let a = plan.book[plan.routes[Int(r)].attributes]
                guard !ExportControl.reachesEveryone(a) else { continue }
                let candidates = members[b].namedPeers.filter(eligible.contains) + eligible
                if let sender = candidates.first(where: { $0 != b && !ExportControl.allows(a, to: members[$0].asn) }),
                   !overlapsAnother(plan.routes[Int(r)], of: b, plan: plan) {
                    return (b, r, sender)
                }
            }
        }
        return nil
    }

    static func overlapsAnother(_ route: SynthRoute, of member: Int, plan: RoutePlan) -> Bool {
        let prefix = route.prefix
        return plan.routeRange(member).contains { other in
            let p = plan.routes[other].prefix
            return p != prefix && (p.contains(prefix) || prefix.contains(p))
        }
    }

    /// traffic-few-routes: a member without route-server sessions sends 3% of the samples to
    /// other members' open prefixes, from a block it announces nowhere: spread evenly over
    /// every eligible member when that keeps each pair under 0.05% of all traffic (60 members
    /// or more), else over four of them (0.75% each, each a traffic-ratio side effect): either
    /// way clear of the 0.1% from which the ratio analysis judges a pair.
    private mutating func plantFewRoutes(members: [SyntheticMember], plan: inout RoutePlan, eligible: [Int],
                                         rng: inout SplitMix64) throws(SynthError) -> [Component] {
        let outsiders = members.indices.filter { !members[$0].routeServer }
        guard !outsiders.isEmpty else { return [] }
        let x = rng.pick(outsiders)
        let block = try plan.ipv4Space.fresh(length: 24, rng: &rng)
        blocks.append(block)
        let total = max(300, samples * 3 / 100)
        var receivers = eligible
        if receivers.count < 60 {
            rng.shuffle(&receivers)
            receivers = Array(receivers.prefix(4)).sorted()
        }
        var out: [Component] = []
        for (i, b) in receivers.enumerated() {
            let share = total / receivers.count + (i < total % receivers.count ? 1 : 0)
            out.append(Component(sender: Int32(x), receiver: Int32(b), samples: Int32(share), kind: .outsideSource,
                                 target: Int32(blocks.count - 1)))
        }
        entries.append(.init(check: "traffic-few-routes", member: x, detail: "\(total) samples (\(Self.percent(total, samples)) of "
            + "all) to \(out.count) members, and no route-server session: the route servers give it no routes"))
        entries.append(.init(check: "traffic-source-outside", member: x, detail: "all its \(total) samples come from "
            + "\(IPAddress(ipv4: block))/24, and it announces nothing at the route servers"))
        return out
    }

    /// The few-routes member gets nothing back: a ratio finding towards each receiver whose
    /// share of all bytes reaches the analysis' 0.1%.
    private mutating func sideEffects(_ fewRoutes: [Component], members: [SyntheticMember]) {
        func bytes(_ c: Component) -> Int { FrameSizes.bytes(Int(c.samples), from: FrameSizes.offset(Int(c.sender), Int(c.receiver))) }
        let totalBytes = components.reduce(0) { $0 + bytes($1) }
        for c in fewRoutes where bytes(c) * 1000 >= totalBytes {
            entries.append(.init(check: "traffic-ratio", member: Int(c.sender), other: Int(c.receiver),
                                 detail: "\(c.samples) samples to AS\(members[Int(c.receiver)].asn) and none back (a side "
                                    + "effect of the traffic-few-routes member)"))
        }
    }

    // MARK: the ordinary pairs

    /// `units` pairs of samples over every pair of eligible members but `skipping`, in
    /// proportion to the product of their weights (systematic sampling: each pair gets the
    /// floor or the ceiling of its share, the total exactly), each split in two directions.
    static func ordinaryPairs(eligible: [Int], weight: [Double], units: Int, skipping: Set<UInt64>,
                              rng: inout SplitMix64) -> [Component] {
        guard units > 0 else { return [] }
        var total = 0.0
        for (i, a) in eligible.enumerated() {
            for b in eligible[(i + 1)...] where !skipping.contains(UInt64(a) << 32 | UInt64(b)) { total += weight[a] * weight[b] }
        }
        guard total > 0 else { return [] }
        let scale = Double(units) / total
        let offset = rng.unit()
        var cumulative = 0.0
        var given = 0
        var out: [Component] = []
        var largest = (index: -1, units: 0)
        for (i, a) in eligible.enumerated() {
            for b in eligible[(i + 1)...] where !skipping.contains(UInt64(a) << 32 | UInt64(b)) {
                let next = cumulative + scale * weight[a] * weight[b]
                var u = Int((next + offset).rounded(.down)) - Int((cumulative + offset).rounded(.down))
                cumulative = next
                if given + u > units { u = units - given }
                guard u > 0 else { continue }
                given += u
                if u > largest.units { largest = (out.count, u) }
                out += split(a, b, units: u, rng: &rng)
            }
        }
        // Rounding may leave a unit over: the largest pair takes it.
        if given < units, largest.index >= 0 {
            let a = Int(out[largest.index].sender), b = Int(out[largest.index].receiver)
            let u = largest.units + units - given
            out.replaceSubrange(largest.index..<largest.index + 2, with: split(a, b, units: u, rng: &rng))
        }
        return out
    }

    /// One pair's 2 x `units` samples, one way and back: back 0.8 to 1.25 times the bytes of
    /// the way there (both ways' bytes within 0.75 to 1.34 of each other, samples too), the
    /// sender drawn; an even split when the numbers are too small for that.
    static func split(_ a: Int, _ b: Int, units: Int, rng: inout SplitMix64) -> [Component] {
        let total = 2 * units
        let ratio = 0.8 + 0.45 * rng.unit()
        let (from, to) = rng.chance(0.5) ? (a, b) : (b, a)
        var there = Int((Double(total) / (1 + ratio)).rounded())
        var back = total - there
        func within(_ x: Int, _ y: Int) -> Bool { x > 0 && y > 0 && 4 * x >= 3 * y && 4 * y >= 3 * x && 100 * x <= 134 * y && 100 * y <= 134 * x }
        let bytesThere = FrameSizes.bytes(there, from: FrameSizes.offset(from, to))
        let bytesBack = FrameSizes.bytes(back, from: FrameSizes.offset(to, from))
        if !within(there, back) || !within(bytesThere, bytesBack) {
            there = units
            back = units
        }
        return [Component(sender: Int32(from), receiver: Int32(to), samples: Int32(there), kind: .normal),
                Component(sender: Int32(to), receiver: Int32(from), samples: Int32(back), kind: .normal)]
    }

    static func percent(_ part: Int, _ whole: Int) -> String {
        let tenths = (part * 1000 + whole / 2) / max(1, whole)
        return "\(tenths / 10).\(tenths % 10)%"
    }
}

/// Whether the route servers give a member a fair share of the day's routes. A member given
/// few (a day of a handful of members, one holding most routes and keeping them from the
/// others) would look like a default pointer as soon as it sends (traffic-few-routes), so it
/// takes no part in the ordinary traffic. Enough: a tenth of all routes at least (planted ones
/// included), twice the analysis' 5%; given: the other members' ordinary routes their
/// communities let through, but those of a member whose session the route servers shut.
struct RoutesGiven {
    private let members: [SyntheticMember]
    private let plan: RoutePlan
    private let shut: Set<Int>
    /// Per member, its ordinary routes that reach every member; and their sum.
    private let open: [Int]
    private let openTotal: Int

    init(members: [SyntheticMember], plan: RoutePlan, shut: Set<Int>) {
        self.members = members
        self.plan = plan
        self.shut = shut
        var open = [Int](repeating: 0, count: members.count)
        for route in plan.routes[..<plan.ordinaryCount] where !shut.contains(Int(route.member))
            && ExportControl.reachesEveryone(plan.book[route.attributes]) {
            open[Int(route.member)] += 1
        }
        self.open = open
        openTotal = open.reduce(0, +)
    }

    func isPlenty(_ m: Int) -> Bool {
        let enough = plan.routes.count / 10
        // The others' open routes reach it anyway; count the rest only when those are too few.
        if openTotal - open[m] >= enough { return true }
        let asn = members[m].asn
        var given = 0
        for route in plan.routes[..<plan.ordinaryCount] where Int(route.member) != m && !shut.contains(Int(route.member))
            && ExportControl.allows(plan.book[route.attributes], to: asn) {
            given += 1
        }
        return given >= enough
    }
}

/// Picks the members of the planted traffic anomalies among the eligible ones: each once while
/// possible, those that planted no BGP anomaly first; senders among the lighter half (so that
/// the planted samples are a clear share of what they send).
struct TrafficRoles {
    private var order: [Int]
    private let light: Set<Int>
    private var used = Set<Int>()

    init(eligible: [Int], weight: [Double], avoid: Set<Int>, rng: inout SplitMix64) {
        var shuffled = eligible
        rng.shuffle(&shuffled)
        order = shuffled.filter { !avoid.contains($0) } + shuffled.filter { avoid.contains($0) }
        let byWeight = eligible.sorted { (weight[$0], $0) < (weight[$1], $1) }
        light = Set(byWeight.prefix(max(1, (byWeight.count + 1) / 2)))
    }

    /// Receivers in order of preference (for the filtered route's search).
    func receiversFirst() -> [Int] { order.filter { !used.contains($0) } + order.filter { used.contains($0) } }

    mutating func use(_ m: Int) { used.insert(m) }

    mutating func sender() -> Int? {
        let light = self.light
        return take { light.contains($0) } ?? take { _ in true }
    }

    mutating func receiver(avoiding sender: Int) -> Int? { take { $0 != sender } }

    private mutating func take(_ fits: (Int) -> Bool) -> Int? {
        let m = order.first { !used.contains($0) && fits($0) } ?? order.first(where: fits)
        if let m { used.insert(m) }
        return m
    }
}
