import BGP

/// One step of the day, applied in time order: routes announced or withdrawn, a session
/// dropping or coming back.
struct DayAction {
    enum Kind { case announce, withdraw, sessionDown, sessionUp }

    /// Microseconds since midnight.
    var time: UInt64
    /// Creation order: breaks ties between actions of the same microsecond.
    var order: Int
    var kind: Kind
    var member: Int32
    var isIPv6: Bool
    /// Route servers concerned (bit 0 rs1, bit 1 rs2).
    var routeServers: UInt8
    var routes: [Int32] = []
    /// For announcements: the attribute set of each route.
    var sets: [Int32] = []
    /// For a session going down: when it comes back (microseconds since midnight).
    var until: UInt64 = 0
}

/// Plans the day's events: the planted ones (session resets, rs1/rs2 differences, flapping
/// routes) and the ordinary churn around them (flaps, bursts, attribute changes, routes
/// withdrawn for good or announced late), with a handful of members sending most of it.
/// Marks the routes it changes in the plan (late routes leave the RIB, differences set their
/// route servers or rs2 attributes).
struct ChurnPlan {
    var actions: [DayAction] = []
    var activeMembers: [Int] = []
    var resets: [(member: Int, routeServer: Int, isIPv6: Bool, down: UInt64, up: UInt64)] = []
    var differences: [(route: Int, kind: RouteServerDifference.Kind, attribute: RouteServerDifference.Attribute?, detail: String)] = []
    var flapping: [(route: Int, withdrawals: [UInt64])] = []
    var background = BackgroundChurn()

    static let never = UInt64.max

    /// Per route: 0 while no event touches it, else until when one does (`never` for good).
    private(set) var busyUntil: [UInt64]
    private var intended: [Int32]
    private var blocked: [[(from: UInt64, to: UInt64)]]
    private let profile: ChurnProfile

    init(members: [SyntheticMember], plan: inout RoutePlan, profile: ChurnProfile = .standard, rng: inout SplitMix64) {
        self.profile = profile
        busyUntil = [UInt64](repeating: 0, count: plan.routes.count)
        intended = plan.routes.map(\.attributes)
        blocked = Array(repeating: [], count: members.count)
        let onRS = members.indices.filter { members[$0].routes > 0 }
        let totalRoutes = plan.routes.count

        // Busy members: a handful with a few routes at least.
        var candidates = onRS.filter { members[$0].routes >= 3 }
        if candidates.count < 2 { candidates = onRS }
        rng.shuffle(&candidates)
        activeMembers = Array(candidates.prefix(min(candidates.count, max(2, min(8, onRS.count / 10))))).sorted()

        planResets(members, onRS: onRS, plan: plan, rng: &rng)
        planDifferences(members, onRS: onRS, plan: &plan, rng: &rng)
        planFlapping(members, plan: plan, count: max(3, min(50, totalRoutes / 4000)), rng: &rng)
        planBackground(members, plan: &plan, events: max(60, totalRoutes * profile.eventsPer1000Routes / 1000), rng: &rng)
        actions.sort { ($0.time, $0.order) < ($1.time, $1.order) }
    }

    private mutating func add(_ action: DayAction) {
        var a = action
        a.order = actions.count
        actions.append(a)
    }

    private func isBlocked(_ member: Int, _ from: UInt64, _ to: UInt64) -> Bool {
        blocked[member].contains { $0.from <= to && from <= $0.to }
    }

    private static func seconds(_ s: Int, rng: inout SplitMix64) -> UInt64 {
        UInt64(s) * 1_000_000 + UInt64(rng.below(1_000_000))
    }

    // MARK: session resets

    /// At least one; about one per 50 members. The first is a member's router restarting: both
    /// route servers, both families. The others drop one session (a hold timer expiring).
    private mutating func planResets(_ members: [SyntheticMember], onRS: [Int], plan: RoutePlan, rng: inout SplitMix64) {
        var candidates = onRS.filter { members[$0].ipv4Routes >= 2 && !activeMembers.contains($0) }
        if candidates.isEmpty { candidates = onRS.filter { !activeMembers.contains($0) } }
        if candidates.isEmpty { candidates = onRS }
        rng.shuffle(&candidates)
        if profile.largeMemberResets, let large = candidates.firstIndex(where: { members[$0].routes * 200 >= plan.routes.count }) {
            candidates.insert(candidates.remove(at: large), at: 0)
        }
        let count = min(candidates.count, max(1, onRS.count / 50))
        for (n, m) in candidates.prefix(count).enumerated() {
            let down = Self.seconds(rng.between(2 * 3600, 20 * 3600), rng: &rng)
            let up = down + Self.seconds(rng.between(90, 1200), rng: &rng)
            blocked[m].append((down - 1_800_000_000, up + 1_800_000_000))
            let servers = n == 0 ? [0, 1] : [n % 2]
            let families = n == 0 || rng.chance(0.3) ? (members[m].ipv6 != nil ? [false, true] : [false]) : [false]
            for rs in servers {
                // rs2 notices a little later and comes back a few seconds apart.
                let shift = rs == 0 ? 0 : UInt64(rng.between(50_000, 900_000))
                let back = rs == 0 ? 0 : UInt64(rng.between(200_000, 6_000_000))
                for isIPv6 in families {
                    let v6shift: UInt64 = isIPv6 ? UInt64(rng.between(1_000, 40_000)) : 0
                    let d = down + shift + v6shift, u = up + back + v6shift
                    resets.append((m, rs, isIPv6, d, u))
                    add(DayAction(time: d, order: 0, kind: .sessionDown, member: Int32(m), isIPv6: isIPv6,
                                  routeServers: UInt8(1 << rs), until: u))
                    add(DayAction(time: u, order: 0, kind: .sessionUp, member: Int32(m), isIPv6: isIPv6,
                                  routeServers: UInt8(1 << rs)))
                }
            }
        }
    }

    // MARK: rs1/rs2 differences

    /// About one per 10 members (3 to 30): a prefix announced to rs1 only (the first one is
    /// IPv4), one with other attributes on rs2, one announced to rs2 only, in turn. The
    /// attribute differences take turns too (from a drawn start): a prepend, other
    /// communities, another MED, another AS path (one more ASN in the middle, the first AS and
    /// the origin kept), so that each consistency check of S1 has its case.
    private mutating func planDifferences(_ members: [SyntheticMember], onRS: [Int], plan: inout RoutePlan,
                                          rng: inout SplitMix64) {
        let resetMembers = Set(resets.map(\.member))
        var candidates = onRS.filter { members[$0].routes >= 2 && !resetMembers.contains($0) }
        if candidates.isEmpty { candidates = onRS.filter { !resetMembers.contains($0) } }
        guard !candidates.isEmpty else { return }
        let kinds: [RouteServerDifference.Kind] = [.onlyOnRS1, .differentAttributes, .onlyOnRS2]
        let count = max(3, min(30, onRS.count / 10))
        let memberASNs = Set(members.map(\.asn))
        var nextAttribute = rng.below(RouteServerDifference.Attribute.allCases.count)
        var attempts = 0
        while differences.count < count && attempts < count * 20 {
            attempts += 1
            let m = rng.pick(candidates)
            let range = plan.routeRange(m)
            let kind = kinds[differences.count % kinds.count]
            // The first rs1-only route is IPv4, the others of either family.
            let r = differences.isEmpty ? range.lowerBound + rng.below(members[m].ipv4Routes) : range.lowerBound + rng.below(range.count)
            guard busyUntil[r] == 0 else { continue }
            busyUntil[r] = Self.never
            switch kind {
            case .onlyOnRS1:
                plan.routes[r].routeServers = 0b01
                differences.append((r, kind, nil, "announced to rs1 only"))
            case .onlyOnRS2:
                plan.routes[r].routeServers = 0b10
                differences.append((r, kind, nil, "announced to rs2 only"))
            case .differentAttributes:
                let original = plan.book[plan.routes[r].attributes]
                let wanted = RouteServerDifference.Attribute.allCases[nextAttribute % RouteServerDifference.Attribute.allCases.count]
                nextAttribute += 1
                let (attribute, changed, detail) = Self.rs2Variant(original, wanted, member: members[m], members: members,
                                                                   memberASNs: memberASNs, rng: &rng)
                plan.routes[r].rs2Attributes = plan.book.add(changed, member: m)
                differences.append((r, kind, attribute, detail))
            }
        }
    }

    /// The attributes rs2 hears for a route with a planted difference, the difference made
    /// and its description. Another AS path needs a path with an AS behind the member; a MED
    /// difference is made instead when there is none.
    static func rs2Variant(_ original: PathAttributes, _ wanted: RouteServerDifference.Attribute, member: SyntheticMember,
                           members: [SyntheticMember], memberASNs: Set<UInt32>, rng: inout SplitMix64)
        -> (RouteServerDifference.Attribute, PathAttributes, String) {
        var changed = original
        let asn = member.asn
        let path = original.asPath?.allASNs.map(\.rawValue) ?? []
        switch wanted {
        case .prepend:
            changed.asPath = ASPath(sequence: [asn, asn] + path)
            return (wanted, changed, "AS path on rs1 \(original.asPath!), on rs2 \(changed.asPath!) (prepended)")
        case .communities:
            let rs = UInt16(RoutePlan.routeServerASN)
            let control = original.communities.filter { $0.high == rs || $0.high == 0 }
            changed.communities = original.communities.filter { !control.contains($0) }
            changed.largeCommunities = original.largeCommunities.filter { $0.global != RoutePlan.routeServerASN }
            if control.isEmpty && original.largeCommunities.count == changed.largeCommunities.count {
                // None on rs1: on rs2 the route goes to one named peer only (restrictive and
                // include, a valid combination), or says open outright.
                if let peer = member.namedPeers.first.map({ members[$0].asn }) {
                    changed.communities.append(Community(0, rs))
                    if peer > 0xFFFF {
                        changed.largeCommunities = (changed.largeCommunities + [LargeCommunity(RoutePlan.routeServerASN, 1, peer)]).sorted()
                    } else {
                        changed.communities.append(Community(rs, UInt16(peer)))
                    }
                } else {
                    changed.communities.append(Community(rs, rs))
                }
                changed.communities.sort()
            }
            func text(_ a: PathAttributes) -> String {
                let all = a.communities.map(\.description) + a.largeCommunities.map(\.description)
                return all.isEmpty ? "none" : all.joined(separator: " ")
            }
            return (wanted, changed, "communities on rs1 \(text(original)), on rs2 \(text(changed))")
        case .path:
            if let behind = path.firstIndex(where: { $0 != asn }) {
                var extra: UInt32
                repeat {
                    extra = ASNPool.candidate(fourByte: rng.chance(0.2), rng: &rng)
                } while memberASNs.contains(extra) || path.contains(extra)
                changed.asPath = ASPath(sequence: Array(path[..<behind]) + [extra] + Array(path[behind...]))
                return (wanted, changed, "AS path on rs1 \(original.asPath!), on rs2 \(changed.asPath!)")
            }
            return rs2Variant(original, .med, member: member, members: members, memberASNs: memberASNs, rng: &rng)
        case .med:
            changed.med = (original.med ?? 0) + UInt32(rng.between(1, 9)) * 10
            return (wanted, changed, "MED on rs1 \(original.med.map(String.init) ?? "none"), on rs2 \(changed.med!)")
        }
    }

    // MARK: flapping routes

    /// Routes of the busy members withdrawn and announced again 6 to 24 times over the day.
    private mutating func planFlapping(_ members: [SyntheticMember], plan: RoutePlan, count: Int, rng: inout SplitMix64) {
        var attempts = 0
        while flapping.count < count && attempts < count * 20 {
            attempts += 1
            let m = rng.pick(activeMembers)
            let range = plan.routeRange(m)
            guard !range.isEmpty else { continue }
            let r = range.lowerBound + rng.below(range.count)
            guard busyUntil[r] == 0, plan.routes[r].inRIB else { continue }
            busyUntil[r] = Self.never
            let flaps = rng.between(6, 24)
            let slot = 86_400 / flaps
            var withdrawals: [UInt64] = []
            for k in 0..<flaps {
                let t = Self.seconds(k * slot + rng.between(60, slot - 400), rng: &rng)
                let back = t + Self.seconds(rng.between(15, 240), rng: &rng)
                withdrawals.append(t)
                let route = plan.routes[r]
                add(DayAction(time: t, order: 0, kind: .withdraw, member: route.member, isIPv6: route.isIPv6,
                              routeServers: route.routeServers, routes: [Int32(r)]))
                add(DayAction(time: back, order: 0, kind: .announce, member: route.member, isIPv6: route.isIPv6,
                              routeServers: route.routeServers, routes: [Int32(r)], sets: [route.attributes]))
            }
            flapping.append((r, withdrawals))
        }
    }

    // MARK: background churn

    /// Most times one route is withdrawn and announced again by the background churn. Ordinary
    /// churn takes a route away once or twice a day; the planted flapping routes do it 6 to 24
    /// times, and the consistency analysis reports a route from 4 such flaps on
    /// (`ConsistencySettings.flapThreshold`), so the background stays clear of it.
    static let maxBackgroundFlaps: UInt8 = 2

    private mutating func planBackground(_ members: [SyntheticMember], plan: inout RoutePlan, events: Int,
                                         rng: inout SplitMix64) {
        let routeCount = plan.routes.count
        // Routes announced late: not in the RIB dumps, first announced during the day.
        var late = max(2, events / 20)
        var attempts = 0
        while late > 0 && attempts < events * 4 {
            attempts += 1
            let r = rng.below(routeCount)
            let m = Int(plan.routes[r].member)
            let t = Self.seconds(rng.between(600, 86_000), rng: &rng)
            guard busyUntil[r] == 0, !isBlocked(m, t, t) else { continue }
            plan.routes[r].inRIB = false
            busyUntil[r] = t + 1
            late -= 1
            background.announcedLate += 1
            let route = plan.routes[r]
            add(DayAction(time: t, order: 0, kind: .announce, member: route.member, isIPv6: route.isIPv6,
                          routeServers: route.routeServers, routes: [Int32(r)], sets: [route.attributes]))
            intended[r] = route.attributes
        }

        var starts = (0..<events).map { _ in Self.seconds(rng.between(120, 84_400), rng: &rng) }
        starts.sort()
        var variants: [Int64: Int32] = [:]
        var flapsOf = [UInt8](repeating: 0, count: routeCount)
        for t in starts {
            // Most churn comes from the busy members; the rest from anyone, by route count.
            let r: Int
            if rng.chance(profile.busyShare) {
                let range = plan.routeRange(rng.pick(activeMembers))
                guard !range.isEmpty else { continue }
                r = range.lowerBound + rng.below(range.count)
            } else {
                r = rng.below(routeCount)
            }
            let route = plan.routes[r]
            let m = Int(route.member)
            let kind = rng.weighted(profile.kindWeights)
            let pause = Self.seconds(rng.duration([(20, 60), (60, 180), (180, 600), (600, 1800)], [35, 35, 20, 10]), rng: &rng)
            let flaps = kind <= 1
            guard busyUntil[r] <= t, intended[r] >= 0, !isBlocked(m, t, t + pause + 2_000_000),
                  !flaps || flapsOf[r] < Self.maxBackgroundFlaps else { continue }
            // The route and, for bursts and attribute changes, its free neighbours of the same family.
            var group = [Int32(r)]
            if kind == 1 || kind == 2 {
                let range = plan.routeRange(m)
                let extra = kind == 1 ? rng.between(2, 40) : rng.between(0, 4)
                var next = r + 1
                while group.count <= extra && next < range.upperBound {
                    if plan.routes[next].isIPv6 == route.isIPv6 && busyUntil[next] <= t && intended[next] >= 0
                        && plan.routes[next].routeServers == route.routeServers
                        && (!flaps || flapsOf[next] < Self.maxBackgroundFlaps) {
                        group.append(Int32(next))
                    }
                    next += 1
                }
            }
            let before = group.map { intended[Int($0)] }
            func action(_ time: UInt64, _ kind: DayAction.Kind, _ sets: [Int32] = []) -> DayAction {
                DayAction(time: time, order: 0, kind: kind, member: route.member, isIPv6: route.isIPv6,
                          routeServers: route.routeServers, routes: group, sets: sets)
            }
            switch kind {
            case 0, 1:  // a flap: withdrawn, announced again unchanged
                add(action(t, .withdraw))
                add(action(t + pause, .announce, before))
                for g in group {
                    busyUntil[Int(g)] = t + pause + 1
                    flapsOf[Int(g)] += 1
                }
                background.flaps += group.count
            case 2:  // attributes change (a prepend, communities, MED, path); half the time changed back later
                let change = rng.weighted(profile.changeWeights)
                let after = before.map { set -> Int32 in
                    let key = Int64(set) << 2 | Int64(change)
                    if let known = variants[key] { return known }
                    let made = plan.book.add(Self.variant(plan.book[set], change: change, member: members[m],
                                                                      alternatives: profile.alternativeTails, rng: &rng), member: m)
                    variants[key] = made
                    return made
                }
                add(action(t, .announce, after))
                var end = t + 1
                if rng.chance(0.5) {
                    add(action(t + pause, .announce, before))
                    end = t + pause + 1
                    for (i, g) in group.enumerated() { intended[Int(g)] = before[i] }
                    background.attributeChanges += group.count
                } else {
                    for (i, g) in group.enumerated() { intended[Int(g)] = after[i] }
                }
                background.attributeChanges += group.count
                for g in group { busyUntil[Int(g)] = end }
            default:  // withdrawn for the rest of the day
                add(action(t, .withdraw))
                for g in group {
                    busyUntil[Int(g)] = Self.never
                    intended[Int(g)] = -1
                }
                background.withdrawnForGood += group.count
            }
        }
    }

    /// The attributes after a change a member makes during the day: 0 one or two more
    /// prepends of its ASN, 1 other communities (an informational one, or a control community
    /// added or dropped), 2 another MED, 3 another path to the same origin through the
    /// upstream part of one of `alternatives` (the origin stays, so the day's ROAs and route
    /// objects still hold).
    static func variant(_ original: PathAttributes, change: Int, member: SyntheticMember, alternatives: [[UInt32]],
                        rng: inout SplitMix64) -> PathAttributes {
        var a = original
        switch change {
        case 0:
            let path = original.asPath?.allASNs.map(\.rawValue) ?? []
            a.asPath = ASPath(sequence: Array(repeating: member.asn, count: rng.between(1, 2)) + path)
        case 1:
            let rs = UInt16(RoutePlan.routeServerASN)
            let open = Community(rs, rs)
            if a.communities.contains(open) {
                a.communities.removeAll { $0 == open }
            } else if !member.isFourByte {
                let value = UInt16(MemberPlan.informationalValues[rng.below(MemberPlan.informationalValues.count)] + 10_000)
                a.communities = (a.communities + [Community(UInt16(member.asn), value)]).sorted()
            } else {
                a.largeCommunities = (a.largeCommunities + [LargeCommunity(member.asn, 2, UInt32(rng.between(1, 99)))]).sorted()
            }
            if a == original { a.communities = (a.communities + [open]).sorted() }
        case 2:
            a.med = (original.med ?? 0) + UInt32(rng.between(1, 20)) * 10
        default:
            let path = original.asPath?.allASNs.map(\.rawValue) ?? []
            a.asPath = ASPath(sequence: anotherPath(path, member: member.asn, alternatives: alternatives, rng: &rng))
        }
        return a
    }

    /// The member's ASN (with its prepends), the upstream part of another real path, the same
    /// origin; one more prepend when no other path fits.
    static func anotherPath(_ path: [UInt32], member: UInt32, alternatives: [[UInt32]], rng: inout SplitMix64) -> [UInt32] {
        let lead = path.prefix { $0 == member }
        guard let origin = path.last, origin != member, !alternatives.isEmpty else { return [member] + path }
        for _ in 0..<8 {
            let upstream = rng.pick(alternatives).dropLast()
            guard !upstream.contains(origin) else { continue }
            let candidate = Array(lead) + upstream + [origin]
            if candidate != path { return candidate }
        }
        return [member] + path
    }
}
