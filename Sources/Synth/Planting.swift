import BGP

/// The work of `AnomalyPlan.plant`: the day planned so far, the members who plant, and what
/// has been planted. Each `plant...` function plants one kind and notes its truth entry.
struct Planting {
    var members: [SyntheticMember]
    var plan: RoutePlan
    var result = AnomalyPlan()
    private let busyUntil: [UInt64]
    private let picker: MemberPicker
    private let memberASNs: Set<UInt32>

    init(members: [SyntheticMember], plan: RoutePlan, churn: ChurnPlan, rng: inout SplitMix64) {
        self.members = members
        self.plan = plan
        busyUntil = churn.busyUntil
        picker = MemberPicker(members: members, resets: Set(churn.resets.map(\.member)), busy: Set(churn.activeMembers), rng: &rng)
        memberASNs = Set(members.map(\.asn))
    }

    mutating func plantAll(rng: inout SplitMix64) throws(SynthError) {
        // The members whose anomaly is about their whole session come first, then keep off.
        plantMaxPrefix()
        try plantPrefixCountJump(rng: &rng)
        plantSessionAddress()
        plantPeerLeaks(rng: &rng)
        try plantTransitFree(rng: &rng)
        plantDefaultRoute()
        try plantPathAnomalies(rng: &rng)
        try plantNextHops(rng: &rng)
        try plantReferenceAnomalies(rng: &rng)
    }

    // MARK: whole sessions

    /// max-prefix (P6): the member's IPv4 max_prefix in the IX-F export a quarter below its
    /// routes, so each route server's session is over it all day. The flows leave the member
    /// out: a route server shuts such a session.
    private mutating func plantMaxPrefix() {
        guard let m = picker.pick({ members[$0].ipv4Routes >= 8 }) ?? picker.pick() else { return }
        picker.retire(m)
        let counts = (0..<2).map { rs in
            plan.routeRange(m).filter { plan.routes[$0].isIPv4InRIB(on: rs) }.count
        }
        let limit = counts.min()! * 3 / 4
        members[m].maxPrefixIPv4 = limit
        result.quietMembers.insert(m)
        note("max-prefix", m, detail: "IPv4 max_prefix \(limit) in the IX-F export; \(counts[0]) IPv4 routes on rs1 and "
            + "\(counts[1]) on rs2 at midnight")
    }

    /// prefix-count-jump (P6): the member announces max(200, its route count) new prefixes of
    /// its own (lengths as its others, attributes of its other routes, registered) in one
    /// burst at 14:02, more than the rule's max(100, half the count) over the hour before.
    /// The IX-F limit follows the new count, as it would for a member that grew.
    private mutating func plantPrefixCountJump(rng: inout SplitMix64) throws(SynthError) {
        guard let m = picker.pick({ (10...2000).contains(members[$0].ipv4Routes) }) ?? picker.pick() else { return }
        picker.retire(m)
        let ordinary = plan.routeRange(m).filter { !plan.routes[$0].isIPv6 }
        let before = members[m].ipv4Routes
        let burst = max(200, before)
        var routes: [Int32] = []
        var sets: [Int32] = []
        plan.ipv4Space.startMember(expected: burst, rng: &rng)
        for _ in 0..<burst {
            let length = RoutePlan.ipv4Lengths[rng.weighted(RoutePlan.ipv4Weights)]
            let address = UInt64(try plan.ipv4Space.allocate(length: length, rng: &rng))
            let set = plan.routes[ordinary[rng.below(ordinary.count)]].attributes
            routes.append(Int32(addRoute(speaker: m, address: address, length: length, isIPv6: false, set: set, inRIB: false,
                                         registration: .both)))
            sets.append(set)
        }
        let time = AnomalyPlan.jumpTime + UInt64(rng.below(50_000_000))
        result.actions.append(DayAction(time: time, order: 0, kind: .announce, member: Int32(m), isIPv6: false,
                                        routeServers: 0b11, routes: routes, sets: sets))
        note("prefix-count-jump", m, detail: "\(burst) new IPv4 prefixes announced at \(Self.clock(time)) UTC to both route "
            + "servers: \(before) routes before, \(before + burst) after")
    }

    /// session-address (S7): a second IPv4 session to both route servers from an address of
    /// the peering LAN the IX-F export assigns to nobody, with the member's ASN, announcing
    /// the same routes as its own session (next hop its own address), so that only the
    /// address is wrong. A member with 50 IPv4 routes at most, none of which an event of the
    /// day touches, so that both sessions hold the same all day; it plants nothing else (a
    /// day of a few large members has none such and no session-address anomaly).
    private mutating func plantSessionAddress() {
        guard let m = picker.pick({ m in
            let routes = self.ipv4Routes(m)
            return routes.count <= 50 && routes.allSatisfy(self.isStable)
        }) else { return }
        picker.reserve(m)
        var session = members[m]
        session.ipv4 = AnomalyPlan.unassignedIPv4
        session.ipv6 = nil
        session.linkLocal = nil
        let speaker = members.count + result.extraSessions.count
        result.extraSessions.append(session)
        var copies: [Int32: Int32] = [:]
        var count = 0
        for r in ipv4Routes(m) where plan.routes[r].inRIB {
            let original = plan.routes[r]
            let set: Int32
            if let known = copies[original.attributes] {
                set = known
            } else {
                var attributes = plan.book[original.attributes]
                attributes.nextHop = session.ipv4Address
                set = plan.book.add(attributes, member: m)
                copies[original.attributes] = set
            }
            let copy = addRoute(speaker: speaker, address: original.address, length: Int(original.length), isIPv6: false, set: set,
                                inRIB: true, registration: .coveredByOriginal)
            plan.routes[copy].routeServers = original.routeServers
            count += 1
        }
        note("session-address", m, detail: "an IPv4 session to both route servers from \(session.ipv4Address), which the IX-F "
            + "export assigns to no member, announcing the member's \(count) IPv4 routes")
    }

    // MARK: other members' routes

    /// peer-leak (S4, RFC 7908 type 4): a member announces three prefixes another member
    /// announces itself, with that member's path behind its own (one entry: the first prefix,
    /// the others in the detail, as the analysis groups a member's leak). The near miss:
    /// another pair the same way, but the relationship file makes the re-announcer the
    /// other's provider (not in the truth: it is no leak). Neither re-announces a prefix it
    /// announces itself (members share prefixes on the realistic day).
    private mutating func plantPeerLeaks(rng: inout SplitMix64) {
        guard let victim = picker.pick({ self.stableIPv4Routes($0).count >= 3 }) ?? picker.pick({ !self.stableIPv4Routes($0).isEmpty }),
              let leaker = picker.pick(avoiding: [victim]) else { return }
        var stable = stableIPv4Routes(victim).filter { !announces(leaker, plan.routes[$0]) }
        guard !stable.isEmpty else { return }
        rng.shuffle(&stable)
        let leaked = stable.prefix(3).sorted { plan.routes[$0].prefix < plan.routes[$1].prefix }
        var paths: [ASPath] = []
        for r in leaked { paths.append(reannounce(r, by: leaker)) }
        let victimASN = members[victim].asn
        note("peer-leak", leaker, plan.routes[leaked[0]].prefix, other: victim,
             detail: "re-announces \(leaked.count) prefixes AS\(victimASN) announces itself, with AS\(victimASN) behind it: "
                + zip(leaked, paths).map { "\(plan.routes[$0].prefix) (AS path \($1))" }.joined(separator: ", "))
        let pair: Set<Int> = [victim, leaker]
        guard let customer = picker.pick(avoiding: pair, { !self.stableIPv4Routes($0).isEmpty }),
              let provider = picker.pick(avoiding: pair.union([customer])) else { return }
        let candidates = stableIPv4Routes(customer).filter { !announces(provider, plan.routes[$0]) }
        guard !candidates.isEmpty else { return }
        _ = reannounce(rng.pick(candidates), by: provider)
        result.relationships.append((members[provider].asn, members[customer].asn, -1))
    }

    /// Whether member `m` has an ordinary route for `route`'s prefix.
    private func announces(_ m: Int, _ route: SynthRoute) -> Bool {
        plan.routeRange(m).contains { plan.routes[$0].address == route.address && plan.routes[$0].length == route.length
            && plan.routes[$0].isIPv6 == route.isIPv6 }
    }

    /// Member `by` announces the ordinary route `r` with its own ASN before the route's path.
    private mutating func reannounce(_ r: Int, by m: Int) -> ASPath {
        let original = plan.routes[r]
        let path = ASPath(sequence: [members[m].asn] + (plan.book[original.attributes].asPath?.allASNs.map(\.rawValue) ?? []))
        addRoute(speaker: m, address: original.address, length: Int(original.length), isIPv6: false,
                 attributes: attributes(m, path: path), registration: .coveredByOriginal)
        result.reannounced.insert(r)
        return path
    }

    // MARK: prefixes and paths

    /// transit-free-asn (S4, S6; Peerlock): three prefixes with AS3356 behind the member (one
    /// entry: the first prefix, the others in the detail).
    private mutating func plantTransitFree(rng: inout SplitMix64) throws(SynthError) {
        guard let m = picker.pick() else { return }
        let origin = outsider(rng: &rng)
        let path = ASPath(sequence: [members[m].asn, AnomalyPlan.transitFreeASN, origin])
        plan.ipv4Space.startMember(expected: 100, rng: &rng)
        var prefixes: [Prefix] = []
        for _ in 0..<3 {
            let address = UInt64(try plan.ipv4Space.allocate(length: 24, rng: &rng))
            let r = addRoute(speaker: m, address: address, length: 24, isIPv6: false, attributes: attributes(m, path: path))
            prefixes.append(plan.routes[r].prefix)
        }
        note("transit-free-asn", m, prefixes[0], detail: "AS path \(path) on \(prefixes.map(\.description).joined(separator: ", ")): "
            + "transit-free AS\(AnomalyPlan.transitFreeASN) behind the member")
    }

    /// default-route (S4, P5): 0.0.0.0/0 with the member as origin. A route object registers
    /// it, so that it is nothing but a default route; no ROA can (RPKI: not found).
    private mutating func plantDefaultRoute() {
        guard let m = picker.pick() else { return }
        let path = ASPath(sequence: [members[m].asn])
        let r = addRoute(speaker: m, address: 0, length: 0, isIPv6: false, attributes: attributes(m, path: path),
                         registration: .routeObjectOnly)
        note("default-route", m, plan.routes[r].prefix, detail: "0.0.0.0/0 with AS path \(path)")
    }

    /// bogon-prefix (S4), bogon-asn (S2, P1), prefix-too-long (P2, S3), as-set (S3, RFC 9774),
    /// otc-leak (RFC 9234), first-as (S4), control-community (section A): one route each.
    private mutating func plantPathAnomalies(rng: inout SplitMix64) throws(SynthError) {
        if let m = picker.pick() {
            let address = UInt64(0xC0A8_0000 | UInt32(rng.between(1, 254)) << 8)  // 192.168.x.0/24
            let path = ASPath(sequence: [members[m].asn, outsider(rng: &rng)])
            let r = addRoute(speaker: m, address: address, length: 24, isIPv6: false, attributes: attributes(m, path: path),
                             registration: .routeObjectOnly)
            note("bogon-prefix", m, plan.routes[r].prefix, detail: "\(plan.routes[r].prefix) is inside 192.168.0.0/16 (RFC 1918)")
        }
        if let m = picker.pick() {
            let privateASN = UInt32(rng.between(64_512, 65_534))
            let path = ASPath(sequence: [members[m].asn, privateASN, outsider(rng: &rng)])
            let r = try addFreshIPv4(m, path: path, rng: &rng)
            note("bogon-asn", m, plan.routes[r].prefix, detail: "private AS\(privateASN) (RFC 6996) in the AS path \(path)")
        }
        if let m = picker.pick() {
            let path = ASPath(sequence: [members[m].asn, outsider(rng: &rng)])
            let r = try addFreshIPv4(m, path: path, length: 25, rng: &rng)
            note("prefix-too-long", m, plan.routes[r].prefix, detail: "an IPv4 /25, longer than /24")
        }
        if let m = picker.pick({ self.members[$0].ipv6 != nil }) ?? picker.pick() {
            // The set in the middle keeps an origin to validate (RFC 6811 gives a path ending
            // in a set none), so that the route is nothing but an AS_SET.
            let asn = members[m].asn
            let set = [outsider(rng: &rng), outsider(rng: &rng)].sorted()
            let path = ASPath([.init(.sequence, [ASN(asn)]), .init(.set, set.map { ASN($0) }),
                               .init(.sequence, [ASN(outsider(rng: &rng))])])
            let r: Int
            if members[m].ipv6 != nil {
                let address = plan.ipv6Space.fresh(length: 48, rng: &rng)
                r = addRoute(speaker: m, address: address, length: 48, isIPv6: true, attributes: attributes(m, path: path, isIPv6: true))
            } else {
                r = try addFreshIPv4(m, path: path, rng: &rng)
            }
            note("as-set", m, plan.routes[r].prefix, detail: "AS path \(path) holds an AS_SET")
        }
        if let m = picker.pick() {
            let setter = outsider(rng: &rng)
            var a = attributes(m, path: ASPath(sequence: [members[m].asn, setter]))
            a.onlyToCustomer = ASN(setter)
            let address = UInt64(try plan.ipv4Space.fresh(length: 24, rng: &rng))
            let r = addRoute(speaker: m, address: address, length: 24, isIPv6: false, attributes: a, inRIB: false)
            let time = AnomalyPlan.otcTime + UInt64(rng.below(50_000_000))
            result.actions.append(DayAction(time: time, order: 0, kind: .announce, member: Int32(m), isIPv6: false,
                                            routeServers: 0b11, routes: [Int32(r)], sets: [plan.routes[r].attributes]))
            note("otc-leak", m, plan.routes[r].prefix,
                 detail: "announced to the route servers at \(Self.clock(time)) UTC carrying OTC AS\(setter) (RFC 9234)")
        }
        if let m = picker.pick() {
            let first = outsider(rng: &rng)
            let path = ASPath(sequence: [first, outsider(rng: &rng)])
            let r = try addFreshIPv4(m, path: path, rng: &rng)
            note("first-as", m, plan.routes[r].prefix, detail: "AS path \(path) begins with AS\(first), not the member")
        }
        if let m = picker.pick() {
            var a = attributes(m, path: ASPath(sequence: [members[m].asn, outsider(rng: &rng)]))
            let rs = UInt16(RoutePlan.routeServerASN)
            a.communities = (a.communities + [Community(rs, rs), Community(0, rs)]).sorted()
            let address = UInt64(try plan.ipv4Space.fresh(length: 24, rng: &rng))
            let r = addRoute(speaker: m, address: address, length: 24, isIPv6: false, attributes: a)
            note("control-community", m, plan.routes[r].prefix,
                 detail: "open 8960:8960 and block-all 0:8960 together (the route servers read block all)")
        }
    }

    /// next-hop (S4), twice: another member's address (third-party next hop), and an address
    /// outside the peering LAN (resetting next hop).
    private mutating func plantNextHops(rng: inout SplitMix64) throws(SynthError) {
        if let m = picker.pick(), let owner = picker.pick(avoiding: [m]) {
            var a = attributes(m, path: ASPath(sequence: [members[m].asn, outsider(rng: &rng)]))
            a.nextHop = members[owner].ipv4Address
            let address = UInt64(try plan.ipv4Space.fresh(length: 24, rng: &rng))
            let r = addRoute(speaker: m, address: address, length: 24, isIPv6: false, attributes: a)
            note("next-hop", m, plan.routes[r].prefix, other: owner,
                 detail: "next hop \(members[owner].ipv4Address) is AS\(members[owner].asn)'s address")
        }
        if let m = picker.pick() {
            var a = attributes(m, path: ASPath(sequence: [members[m].asn, outsider(rng: &rng)]))
            a.nextHop = AnomalyPlan.outsideNextHop
            let address = UInt64(try plan.ipv4Space.fresh(length: 24, rng: &rng))
            let r = addRoute(speaker: m, address: address, length: 24, isIPv6: false, attributes: a)
            note("next-hop", m, plan.routes[r].prefix, detail: "next hop \(AnomalyPlan.outsideNextHop) is outside the peering LAN")
        }
    }

    /// rpki-invalid (P7, RFC 6811): a ROA gives the prefix to another AS than the route's
    /// origin. irr-unregistered (P7): a valid ROA but no route object.
    private mutating func plantReferenceAnomalies(rng: inout SplitMix64) throws(SynthError) {
        if let m = picker.pick() {
            let origin = outsider(rng: &rng)
            var holder: UInt32
            repeat { holder = outsider(rng: &rng) } while holder == origin
            let r = try addFreshIPv4(m, path: ASPath(sequence: [members[m].asn, origin]), registration: .routeObjectOnly, rng: &rng)
            let prefix = plan.routes[r].prefix
            result.extraROAs.append((prefix, holder))
            note("rpki-invalid", m, prefix, detail: "the only ROA for \(prefix) is AS\(holder)'s (max length \(prefix.length)); "
                + "the route's origin is AS\(origin)")
        }
        if let m = picker.pick() {
            let origin = outsider(rng: &rng)
            let r = try addFreshIPv4(m, path: ASPath(sequence: [members[m].asn, origin]), registration: .roaOnly, rng: &rng)
            note("irr-unregistered", m, plan.routes[r].prefix,
                 detail: "no route object for \(plan.routes[r].prefix) or a covering prefix with origin AS\(origin)")
        }
    }

    // MARK: helpers


    /// Ordinary routes in both RIB dumps with the same attributes that no event touches.
    private func isStable(_ r: Int) -> Bool {
        let route = plan.routes[r]
        return busyUntil[r] == 0 && route.inRIB && route.routeServers == 0b11 && route.attributes == route.rs2Attributes
    }

    private func ipv4Routes(_ m: Int) -> [Int] { plan.routeRange(m).filter { !plan.routes[$0].isIPv6 } }
    private func stableIPv4Routes(_ m: Int) -> [Int] { ipv4Routes(m).filter(isStable) }

    /// A public ASN that is no member (nor transit-free): a customer or origin behind a member.
    private func outsider(rng: inout SplitMix64) -> UInt32 {
        while true {
            let asn = ASNPool.candidate(fourByte: rng.chance(0.2), rng: &rng)
            if !memberASNs.contains(asn) { return asn }
        }
    }

    /// Attributes of a route member `m` sends: its path, ORIGIN IGP, its own next hop.
    private func attributes(_ m: Int, path: ASPath, isIPv6: Bool = false) -> PathAttributes {
        let member = members[m]
        var a = PathAttributes()
        a.origin = .igp
        a.asPath = path
        if isIPv6 {
            a.mpNextHop = MPNextHop(address: member.ipv6!, linkLocal: member.linkLocal)
        } else {
            a.nextHop = member.ipv4Address
        }
        return a
    }

    /// A route of a /24 (or its upper /25) at the start of a fresh block.
    private mutating func addFreshIPv4(_ m: Int, path: ASPath, length: Int = 24, registration: AnomalyPlan.Registration = .both,
                                       rng: inout SplitMix64) throws(SynthError) -> Int {
        let base = UInt64(try plan.ipv4Space.fresh(length: 24, rng: &rng))
        let address = length > 24 ? base + UInt64(1 << (32 - length)) : base
        return addRoute(speaker: m, address: address, length: length, isIPv6: false, attributes: attributes(m, path: path),
                        registration: registration)
    }

    @discardableResult
    private mutating func addRoute(speaker: Int, address: UInt64, length: Int, isIPv6: Bool, attributes: PathAttributes,
                                   inRIB: Bool = true, registration: AnomalyPlan.Registration = .both) -> Int {
        let set = plan.book.add(attributes, member: speaker)
        return addRoute(speaker: speaker, address: address, length: length, isIPv6: isIPv6, set: set, inRIB: inRIB,
                        registration: registration)
    }

    /// Appends a planted route on both route servers; a member's (not an extra session's)
    /// counts among its routes for the IX-F export's limits.
    private mutating func addRoute(speaker: Int, address: UInt64, length: Int, isIPv6: Bool, set: Int32, inRIB: Bool,
                                   registration: AnomalyPlan.Registration) -> Int {
        plan.routes.append(SynthRoute(address: address, length: UInt8(length), isIPv6: isIPv6, inRIB: inRIB, member: Int32(speaker),
                                      attributes: set, rs2Attributes: set))
        result.registration.append(registration)
        if speaker < members.count {
            if isIPv6 { members[speaker].ipv6Routes += 1 } else { members[speaker].ipv4Routes += 1 }
        }
        return plan.routes.count - 1
    }

    private mutating func note(_ check: String, _ m: Int, _ prefix: Prefix? = nil, other: Int? = nil, detail: String) {
        result.entries.append(.init(check: check, member: m, prefix: prefix, other: other, detail: detail))
    }

    /// `HH:MM:SS` of microseconds since midnight.
    static func clock(_ time: UInt64) -> String {
        let s = Int(time / 1_000_000)
        return [s / 3600, s / 60 % 60, s % 60].map { JobDateParts.pad($0, 2) }.joined(separator: ":")
    }
}

extension SynthRoute {
    /// An IPv4 route in route server `rs`'s RIB dump.
    func isIPv4InRIB(on rs: Int) -> Bool { !isIPv6 && inRIB && routeServers & UInt8(1 << rs) != 0 }
}
