/// How many routes a member of a large IXP sends the route servers, by tier. At 800 members
/// and 1.5 million routes per route server (the proportions of a large European IXP's route
/// servers): about 6 members send 50,000-180,000 routes, 31 send 5,000-50,000, 159 send
/// 100-5,000 and the rest fewer than 100. Other sizes keep the shares of members and scale the
/// ranges with the routes per member.
enum MemberTier: Int, CaseIterable, Sendable {
    case huge, large, medium, small

    /// Members per 800 and the route range of each tier at 1,875 routes per member.
    var reference: (members: Int, lower: Int, upper: Int) {
        switch self {
        case .huge: return (6, 50_000, 180_000)
        case .large: return (31, 5_000, 50_000)
        case .medium: return (159, 100, 5_000)
        case .small: return (604, 1, 99)
        }
    }

    /// Large members tag every route with several informational communities.
    var tagsHeavily: Bool { self == .huge || self == .large }

    static let referenceMembers = 800
    static let referenceRoutes = 1_500_000
}

enum MemberTiers {
    /// Each route-server member's tier (nil for the others) and route count, the counts adding
    /// up to `total`. Tiers go to the route-server members in a random order; a count is drawn
    /// in its tier's range, favouring the low end (lower + (upper - lower) x u^2), and all are
    /// then scaled to the total, so a count may end a little outside its range.
    static func routeCounts(members: [SyntheticMember], total: Int, rng: inout SplitMix64) -> (counts: [Int], tiers: [MemberTier?]) {
        var onRS = members.indices.filter { members[$0].routeServer }
        rng.shuffle(&onRS)
        let scale = Double(total) / Double(members.count)
            / (Double(MemberTier.referenceRoutes) / Double(MemberTier.referenceMembers))
        var tiers = [MemberTier?](repeating: nil, count: members.count)
        var drawn = [Double](repeating: 0, count: members.count)
        var next = 0
        for tier in MemberTier.allCases {
            let reference = tier.reference
            let wanted = tier == .small ? onRS.count - next
                : (onRS.count * reference.members + MemberTier.referenceMembers / 2) / MemberTier.referenceMembers
            let count = min(onRS.count - next, tier == .huge ? max(1, wanted) : wanted)
            let lower = max(1, Double(reference.lower) * scale), upper = max(lower, Double(reference.upper) * scale)
            for m in onRS[next..<(next + count)] {
                let u = rng.unit()
                tiers[m] = tier
                drawn[m] = lower + (upper - lower) * u * u
            }
            next += count
        }
        let sum = drawn.reduce(0, +)
        var counts = drawn.map { $0 > 0 ? max(1, Int($0 * Double(total) / sum)) : 0 }
        let largestFirst = onRS.sorted { (counts[$0], $0) > (counts[$1], $1) }
        RoutePlan.roundToTotal(&counts, total: total, order: largestFirst)
        return (counts, tiers)
    }
}
