import BGP

/// The BGP anomalies planted in the day: one case of each kind the leak, transit-abuse and
/// route-server-use analyses check (docs/rules.md section C), each by another member while the
/// day has enough, so that an audit of the day can be checked against `truth.json`.
///
/// Planted after the churn is planned, so that no ordinary event touches a planted route:
/// the planted routes follow the members' ordinary ones in `RoutePlan.routes`, most in the RIB
/// dumps, a few announced during the day (`actions`). A planted route uses a prefix of a /16
/// block nobody else announces, unless the anomaly is about another member's prefix.
struct AnomalyPlan {
    /// One planted anomaly, with member indexes (`anomalies(members:)` names them).
    struct Entry {
        var check: String
        var member: Int
        var prefix: Prefix?
        var other: Int?
        var detail: String
    }

    /// How the reference files register a planted route.
    enum Registration {
        /// A ROA and a route object for the route's own prefix and origin, like an ordinary route.
        case both
        /// A route object only: no ROA can hold the prefix (default route, bogon) or one
        /// contradicting it is written instead (rpki-invalid).
        case routeObjectOnly
        /// A ROA only (irr-unregistered).
        case roaOnly
        /// Nothing of its own: it repeats a prefix and origin an ordinary route registers.
        case coveredByOriginal
    }

    var entries: [Entry] = []
    /// Announcements during the day: the OTC route, the prefix-count jump.
    var actions: [DayAction] = []
    /// Sessions from addresses the IX-F export does not assign (session-address): each a
    /// speaker after the members, with the member's ASN.
    var extraSessions: [SyntheticMember] = []
    /// Per planted route (`route - plan.ordinaryCount`).
    var registration: [Registration] = []
    /// ROAs besides one per route: the one the rpki-invalid route contradicts.
    var extraROAs: [(prefix: Prefix, asn: UInt32)] = []
    /// AS relationships the relationship file must hold (CAIDA serial-1: -1 is a provider of b).
    var relationships: [(a: UInt32, b: UInt32, relation: Int)] = []
    /// Members the flows leave out: the one over its max-prefix limit, whose session a route
    /// server shuts (BIRD's `import limit` action `disable`).
    var quietMembers: Set<Int> = []
    /// Ordinary routes a planted route re-announces (peer leak and its near miss): no flow
    /// goes to them, so that the traffic analyses see only the ordinary day there.
    var reannounced: Set<Int> = []

    /// Where the day's clock puts the two anomalies announced during the day.
    static let otcTime: UInt64 = (9 * 3600 + 17 * 60) * 1_000_000
    static let jumpTime: UInt64 = (14 * 3600 + 2 * 60) * 1_000_000

    /// The address of the session-address anomaly: below the route servers' .8 and .9, where
    /// the member addresses (from .10 up) never reach.
    static let unassignedIPv4: UInt32 = PeeringLANPlan.top + 7
    /// The next hop outside the peering LAN (TEST-NET-2, RFC 5737).
    static let outsideNextHop = IPAddress(ipv4: 0xC633_6401)  // 198.51.100.1
    /// The transit-free network behind the member: in data/policies/transit-free-asns.txt.
    static let transitFreeASN: UInt32 = 3356

    /// Plants every kind into `plan` (routes and attribute sets) and `members` (route counts
    /// and limits for the IX-F export).
    static func plant(members: inout [SyntheticMember], plan: inout RoutePlan, churn: ChurnPlan,
                      rng: inout SplitMix64) throws(SynthError) -> AnomalyPlan {
        var planting = Planting(members: members, plan: plan, churn: churn, rng: &rng)
        try planting.plantAll(rng: &rng)
        plan = planting.plan
        members = planting.members
        return planting.result
    }

    /// Entries as the report and truth.json give them, sorted.
    static func anomalies(_ entries: [Entry], members: [SyntheticMember]) -> [PlantedAnomaly] {
        entries.map { e in
            PlantedAnomaly(check: e.check, asn: ASN(members[e.member].asn), name: members[e.member].name, prefix: e.prefix,
                           otherASN: e.other.map { ASN(members[$0].asn) }, detail: e.detail)
        }.sorted()
    }
}

/// Hands out the members who plant the anomalies: route-server members with IPv4 routes
/// whose sessions are not reset during the day, the busy ones last; each once while any is
/// left, then again the least used. A class: the planting functions ask it while they read
/// the day.
final class MemberPicker {
    private var order: [Int]
    private var uses: [Int]
    private var reserved = Set<Int>()

    init(members: [SyntheticMember], resets: Set<Int>, busy: Set<Int>, rng: inout SplitMix64) {
        var quiet = members.indices.filter { members[$0].routeServer && members[$0].ipv4Routes > 0 && !resets.contains($0) }
        var active = quiet.filter { busy.contains($0) }
        quiet.removeAll { busy.contains($0) }
        rng.shuffle(&quiet)
        rng.shuffle(&active)
        order = quiet + active
        uses = Array(repeating: 0, count: members.count)
    }

    /// The least used candidate that `fits` (the first in the order among equals), marked used;
    /// nil when none fits.
    func pick(avoiding avoided: Set<Int> = [], _ fits: (Int) -> Bool = { _ in true }) -> Int? {
        var best: Int?
        for m in order where !avoided.contains(m) && !reserved.contains(m) && fits(m) {
            if best == nil || uses[m] < uses[best!] { best = m }
        }
        if let best { uses[best] += 1 }
        return best
    }

    /// Picked again only when no other fits (its anomaly is clearest alone).
    func retire(_ m: Int) { uses[m] = Int.max / 2 }

    /// Never picked again: another anomaly of its would spoil its own.
    func reserve(_ m: Int) { reserved.insert(m) }
}
