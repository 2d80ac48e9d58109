import BGP

/// The routes of a large IXP's day (`SynthOptions.realisticPaths`): each member announces
/// real prefixes of the corpus, each with one of the paths the corpus gives it behind the
/// member's ASN, so that almost every route has attributes of its own, as on a real route
/// server.
///
/// Members take their prefixes from a random window of the shuffled corpus, so the large
/// ones share many (several members announce the same prefix, as transit networks do at an
/// IX). A member with more routes of a family than the corpus holds gets synthetic prefixes
/// for the rest, from space no real route uses (most IPv6 routes, where a corpus has few).
/// A path naming any member is not used (that would be a peer leak, rule S4); such a
/// prefix takes another path of the corpus.
enum RealisticRoutes {
    /// The plan and how many of its routes have a prefix of the corpus.
    static func build(members: inout [SyntheticMember], tiers: [MemberTier?], corpus: RealRouteCorpus,
                      rng: inout SplitMix64) throws(SynthError) -> (plan: RoutePlan, fromCorpus: Int) {
        var plan = RoutePlan(ipv4Space: IPv4Allocator(rng: &rng, excluding: corpus.ipv4BlocksInUse))
        for i in 0..<corpus.ipv6.count {
            plan.ipv6Space.reserve(high: corpus.ipv6.addresses[i], length: Int(corpus.ipv6.lengths[i]))
        }
        let memberASNs = Set(members.map(\.asn))
        let clean = corpus.tails.map { !$0.contains(where: memberASNs.contains) }
        var fromCorpus = 0
        let anyTail = corpus.tails.indices.filter { clean[$0] }.map { Int32($0) }
        guard !anyTail.isEmpty else {
            throw .corpus(path: "the corpus", reason: "every path it gives names a member of the day")
        }
        var ipv4Order = Array(0..<corpus.ipv4.count)
        var ipv6Order = Array(0..<corpus.ipv6.count)
        rng.shuffle(&ipv4Order)
        rng.shuffle(&ipv6Order)
        plan.routes.reserveCapacity(members.reduce(0) { $0 + $1.routes })
        var routerIDs = Set<UInt32>()
        for m in members.indices {
            plan.firstRoute.append(plan.routes.count)
            guard members[m].routes > 0 else { continue }
            var tags = InformationalTags(member: members[m], heavy: tiers[m]?.tagsHeavily ?? false, rng: &rng)
            for isIPv6 in [false, true] {
                let count = isIPv6 ? members[m].ipv6Routes : members[m].ipv4Routes
                guard count > 0 else { continue }
                let pool = isIPv6 ? corpus.ipv6 : corpus.ipv4
                let order = isIPv6 ? ipv6Order : ipv4Order
                var chosen: [(address: UInt64, length: Int, tail: Int32)] = []
                chosen.reserveCapacity(count)
                let real = min(count, pool.count)
                fromCorpus += real
                let start = pool.count > 0 ? rng.below(pool.count) : 0
                for k in 0..<real {
                    let i = order[(start + k) % pool.count]
                    let usable = pool.tailsOf[i].filter { clean[Int($0)] }
                    chosen.append((pool.addresses[i], Int(pool.lengths[i]), usable.isEmpty ? rng.pick(anyTail) : rng.pick(usable)))
                }
                if count > real {
                    if isIPv6 { plan.ipv6Space.startMember(rng: &rng) } else { plan.ipv4Space.startMember(expected: count - real, rng: &rng) }
                    for _ in real..<count {
                        if isIPv6 {
                            let length = RoutePlan.ipv6Lengths[rng.weighted(RoutePlan.ipv6Weights)]
                            chosen.append((plan.ipv6Space.allocate(length: length, rng: &rng), length, rng.pick(anyTail)))
                        } else {
                            let length = RoutePlan.ipv4Lengths[rng.weighted(RoutePlan.ipv4Weights)]
                            chosen.append((UInt64(try plan.ipv4Space.allocate(length: length, rng: &rng)), length, rng.pick(anyTail)))
                        }
                    }
                }
                // In address order, so that a burst of the day's churn takes neighbouring prefixes.
                chosen.sort { ($0.address, $0.length) < ($1.address, $1.length) }
                if !isIPv6 {
                    // The first address of the member's first prefix, plus one; unique, as BGP needs.
                    var id = UInt32(truncatingIfNeeded: chosen[0].address) | 1
                    while !routerIDs.insert(id).inserted { id &+= 2 }
                    members[m].routerID = id
                }
                for p in chosen {
                    let a = attributes(members, m, tail: corpus.tails[Int(p.tail)], isIPv6: isIPv6, tags: &tags, rng: &rng)
                    let set = plan.book.add(a, member: m)
                    plan.routes.append(SynthRoute(address: p.address, length: UInt8(p.length), isIPv6: isIPv6,
                                                  member: Int32(m), attributes: set, rs2Attributes: set))
                }
            }
        }
        plan.ordinaryCount = plan.routes.count
        return (plan, fromCorpus)
    }

    /// The corpus's tails that name no member: the day's path changes take theirs.
    static func tails(of corpus: RealRouteCorpus, namingNoneOf members: [SyntheticMember]) -> [[UInt32]] {
        let memberASNs = Set(members.map(\.asn))
        return corpus.tails.filter { !$0.contains(where: memberASNs.contains) }
    }

    /// One route's attributes: the member, now and then prepended, before the real tail;
    /// ORIGIN, MED and AGGREGATOR as in the default day; informational and control communities.
    static func attributes(_ members: [SyntheticMember], _ m: Int, tail: [UInt32], isIPv6: Bool, tags: inout InformationalTags,
                           rng: inout SplitMix64) -> PathAttributes {
        let member = members[m]
        var a = PathAttributes()
        a.origin = [Origin.igp, .incomplete, .egp][rng.weighted([88, 10, 2])]
        let prepends = rng.chance(0.05) ? rng.between(1, 3) : 0
        a.asPath = ASPath(sequence: Array(repeating: member.asn, count: 1 + prepends) + tail)
        RoutePlan.addForwardingAttributes(&a, member: member, isIPv6: isIPv6, origin: tail.last, rng: &rng)
        var communities: [Community] = []
        var large: [LargeCommunity] = []
        tags.append(neighbour: tail[0], to: &communities, &large, rng: &rng)
        RoutePlan.appendControl(member, members, style: member.style, to: &communities, &large, rng: &rng)
        a.communities = communities.sorted()
        a.largeCommunities = large.sorted()
        return a
    }
}
