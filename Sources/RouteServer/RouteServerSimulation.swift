import BGP
import CSystem
import Dispatch
import Foundation
import Job
import Routing

/// The route-server export simulation (docs/route-server-semantics.md, "The route server:
/// export"): the import policy marks each route accepted or rejected; the accepted routes of
/// each prefix are ordered by the BGP decision process (`DecisionProcess`); each route's
/// control communities (`CommunityIntent`, read with the IXP's profile) say who may get it;
/// the `ExportMode`s then decide what each receiving member gets (OpenBGPD's `evaluate-all`
/// only for a route server that runs OpenBGPD). A route never goes back to the session it came
/// from (a member's other routers do get it, as BIRD and OpenBGPD send it), and a session the
/// route server closed (max-prefix) neither sends nor receives.
///
/// Built for a large day (800 members, 1.5M routes per route server): receivers are the
/// route server's sessions, and who gets a route is a bit set over them; routes are counted per
/// (sending session, family, bit set), and the few distinct bit sets are expanded into the
/// sender-by-session matrix once at the end. Nothing is ever stored per sender x receiver x
/// prefix.
public enum RouteServerSimulation {
    /// Simulates one route server running `implementation`; `policy` is applied as given
    /// (`RouteServerConfig.effectivePolicy` gives a route server's own max-prefix way).
    public static func run(_ rib: RouteServerRIB, scheme: CommunityScheme, policy: ImportPolicy,
                           members: MemberDirectory? = nil, implementation: RouteServerImplementation = .standard,
                           controlCommunities: ControlCommunityHandling = .strip) -> ExportResult {
        var sim = Simulator(rib: rib, scheme: scheme, members: members, importResult: policy.check(rib, members: members, blackhole: scheme.actions.blackhole),
                            implementation: implementation, controlCommunities: controlCommunities)
        return sim.run()
    }

    /// Simulates every route server of the job whose label is a source of the reconstructed
    /// state. Route servers are independent, so they are simulated side by side, one per core
    /// (the reconstructed state is only read).
    public static func run(rib: AdjRIBIn, job: JobFile, members: MemberDirectory?, policy: ImportPolicy) -> [ExportResult] {
        let servers = job.ixp.routeServers.filter { job.source($0.label) != nil }
        var results = [ExportResult?](repeating: nil, count: servers.count)
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: servers.count) { index in
            let server = servers[index]
            let result = run(RouteServerRIB(rib: rib, source: server.label), scheme: job.ixp.communities,
                             policy: server.effectivePolicy(policy), members: members, implementation: server.implementation,
                             controlCommunities: server.controlCommunities)
            lock.lock()
            results[index] = result
            lock.unlock()
        }
        return results.map { $0! }
    }
}

extension RouteServerSimulation {
    /// Routes `group` (indexes into `rib.routes`, all of one prefix) best first, by the
    /// decision process (`DecisionProcess`): the one order the simulation and
    /// `ExportResult.exports(_:)` both use.
    ///
    /// A route tagged GRACEFUL_SHUTDOWN ranks with LOCAL_PREF 0 (RFC 8326 section 4, before
    /// the decision process); here the tag is RFC 8326's well-known `65535:0`, read from the
    /// route's communities (`preferenceOrder(_:in:gracefulShutdown:)` takes the scheme's).
    static func preferenceOrder(_ group: [Int], in rib: RouteServerRIB) -> [Int] {
        preferenceOrder(group, in: rib) { i in
            rib.attributes.communities(of: rib.routes[i].attributes).standard.contains(CommunityActions.gracefulShutdown)
        }
    }

    /// The same order with `gracefulShutdown(route)` saying which routes rank with LOCAL_PREF 0.
    static func preferenceOrder(_ group: [Int], in rib: RouteServerRIB, gracefulShutdown: (Int) -> Bool) -> [Int] {
        DecisionProcess.preferenceOrder(group) { i in rank(i, in: rib, gracefulShutdown: gracefulShutdown(i)) }
    }

    /// What the decision process compares of route `i`.
    static func rank(_ i: Int, in rib: RouteServerRIB, gracefulShutdown: Bool) -> DecisionRank {
        let r = rib.routes[i]
        var rank = DecisionRank(AttributeRank(rib.attributes.ranking(of: r.attributes)), neighbourAddress: rib.sessions[Int(r.session)].peerAddress,
                                bgpID: rib.bgpIDs[Int(r.session)], pathID: r.key.pathID)
        if gracefulShutdown { rank.localPref = 0 }
        return rank
    }
}

struct Simulator {
    let rib: RouteServerRIB
    let scheme: CommunityScheme
    let members: MemberDirectory?
    let importResult: ImportResult
    let implementation: RouteServerImplementation
    let controlCommunities: ControlCommunityHandling
    /// Whether the `evaluate-all` pass runs (OpenBGPD only: it costs a second walk per prefix).
    let evaluatesAll: Bool

    /// The members (distinct ASNs of the sessions), ascending.
    let receivers: [ASN]
    /// Each session's member, an index into `receivers`.
    let memberOfSession: [Int]
    /// Each member's index in `receivers`.
    let memberIndex: [ASN: Int]
    /// The receivers of the bit sets: the sessions of each family.
    let receiving: ReceivingSessions

    var intents: [CommunityIntent] = []
    var intentIndex: [CommunityIntent: Int32] = [:]
    /// Each route's intent id; -1 for a rejected route.
    var routeIntent: [Int32]
    /// Whether each intent asks for GRACEFUL_SHUTDOWN, read per route without copying the intent.
    var gracefulShutdown: [Bool] = []
    /// Per attribute set of the accepted routes, what the decision process reads of it.
    var setRanks: [AttributeRank] = []

    var sets: [ReceiverBits] = []
    var setIndex: [ReceiverBits: Int32] = [:]
    /// Per family, the set id of each intent's audience.
    var intentSets: [[Int32]] = [[], []]
    /// The members each intent's audience holds.
    var intentMembers: [Int] = []

    /// Routes per (sending session, family, receiver set), per mode of `modes`.
    var counts = [RouteCounts](repeating: RouteCounts(), count: 4)
    static let modes: [ExportMode] = [.best, .perClient, .addPath, .evaluateAll]
    var hidden: [HiddenPath] = []

    init(rib: RouteServerRIB, scheme: CommunityScheme, members: MemberDirectory?, importResult: ImportResult,
         implementation: RouteServerImplementation, controlCommunities: ControlCommunityHandling) {
        self.rib = rib
        self.scheme = scheme
        self.members = members
        self.importResult = importResult
        self.implementation = implementation
        self.controlCommunities = controlCommunities
        evaluatesAll = implementation.software == .openbgpd
        let asns = Array(Set(rib.sessions.map(\.peerASN))).sorted()
        receivers = asns
        let index = Dictionary(uniqueKeysWithValues: asns.enumerated().map { ($1, $0) })
        memberOfSession = rib.sessions.map { index[$0.peerASN]! }
        memberIndex = index
        // A session closed over max-prefix receives nothing.
        receiving = ReceivingSessions(rib.sessions) { importResult.closedSessions.contains($0) }
        routeIntent = [Int32](repeating: -1, count: rib.routes.count)
    }

    mutating func internSet(_ bits: ReceiverBits) -> Int32 {
        if let id = setIndex[bits] { return id }
        let id = Int32(sets.count)
        sets.append(bits)
        setIndex[bits] = id
        return id
    }

    /// The id of `intent`, interned in the order intents are first met.
    mutating func internIntent(_ intent: CommunityIntent) -> Int32 {
        let id: Int32
        if let existing = intentIndex[intent] {
            id = existing
        } else {
            id = Int32(intents.count)
            intents.append(intent)
            intentIndex[intent] = id
            // From the few ASNs the audience names rather than a set look-up per member (a
            // large day has thousands of intents and hundreds of members).
            var allowed: [Bool]
            switch intent.audience(profile: scheme.profile) {
            case let .allExcept(named):
                allowed = [Bool](repeating: true, count: receivers.count)
                for asn in named { if let m = memberIndex[asn] { allowed[m] = false } }
            case let .only(named):
                allowed = [Bool](repeating: false, count: receivers.count)
                for asn in named { if let m = memberIndex[asn] { allowed[m] = true } }
            }
            for f in 0..<2 {
                var bits = ReceiverBits(count: receiving.sessions[f].count)
                for (b, s) in receiving.sessions[f].enumerated() where allowed[memberOfSession[s]] { bits[b] = true }
                intentSets[f].append(internSet(bits))
            }
            intentMembers.append(allowed.reduce(0) { $0 + ($1 ? 1 : 0) })
        }
        return id
    }

    mutating func run() -> ExportResult {
        let routes = rib.routes
        var accepted: [Int] = []
        accepted.reserveCapacity(routes.count)
        for i in routes.indices where importResult.isAccepted(i) { accepted.append(i) }
        assignIntents(accepted: accepted)
        gracefulShutdown = intents.map(\.gracefulShutdown)
        // Group by prefix: sort plain integer keys (family and address, length, route index)
        // rather than comparing `Prefix` values through the route array.
        let keys = Self.sortedSideBySide(accepted) { i in
            let p = routes[i].key.prefix
            return (p.family.rawValue, p.address.high, p.address.low, UInt16(p.length), i)
        }
        // Prefixes are independent: the two halves of them (cut where a prefix starts) are
        // simulated side by side, each in a copy of this simulator that gathers its own counts,
        // receiver sets and hidden paths; the second half's are then joined after the first's,
        // which gives the same sets, in the same order, as one pass would.
        let middle = Self.middle(of: keys)
        let base = self
        let halves = inParallel([0..<middle, middle..<keys.count].map { range in
            { () -> Simulator in
                var part = base
                part.simulatePrefixes(keys[range])
                return part
            }
        })
        self = halves[0]
        absorb(halves[1], base: base.sets.count)
        return finish()
    }

    typealias PrefixKey = (family: UInt16, high: UInt64, low: UInt64, length: UInt16, route: Int)

    /// The keys of `routes` sorted, each half made and sorted on its own core and the two
    /// merged (the keys are distinct: the route index is the last field, so this is the one
    /// sorted order).
    static func sortedSideBySide(_ routes: [Int], key: @escaping (Int) -> PrefixKey) -> [PrefixKey] {
        let middle = routes.count / 2
        let halves = inParallel([routes[..<middle], routes[middle...]].map { part in { part.map(key).sorted { $0 < $1 } } })
        let (x, y) = (halves[0], halves[1]), total = routes.count
        // Merged from both ends at once: one core takes the smallest keys from the front until
        // half the places are filled, the other the largest from the back for the rest.
        return [PrefixKey](filling: total) { merged, count in
            let merged = merged
            eachInParallel(2) { end in
                if end == 0 {
                    var a = 0, b = 0
                    for place in 0..<total / 2 {
                        if b < y.count && (a == x.count || y[b] < x[a]) {
                            merged.initializeElement(at: place, to: y[b])
                            b += 1
                        } else {
                            merged.initializeElement(at: place, to: x[a])
                            a += 1
                        }
                    }
                } else {
                    var a = x.count - 1, b = y.count - 1
                    for place in stride(from: total - 1, through: total / 2, by: -1) {
                        if b >= 0 && (a < 0 || x[a] < y[b]) {
                            merged.initializeElement(at: place, to: y[b])
                            b -= 1
                        } else {
                            merged.initializeElement(at: place, to: x[a])
                            a -= 1
                        }
                    }
                }
            }
            count = total
        }
    }

    /// Where to cut `keys` (sorted) into two halves of about equal work, at the start of a
    /// prefix. A prefix with one route is counted and done; one with several is ordered and
    /// walked receiver set by receiver set (`simulatePrefix`), several times the work per
    /// route. Cut at the middle of the keys, the half holding more of the shared prefixes took
    /// a third longer on a large day.
    static func middle(of keys: [PrefixKey]) -> Int {
        func eachPrefix(_ body: (_ end: Int, _ work: Int) -> Bool) {
            var start = 0
            while start < keys.count {
                var end = start + 1
                while end < keys.count && samePrefix(keys[start], keys[end]) { end += 1 }
                if !body(end, end - start == 1 ? 1 : 4 * (end - start)) { return }
                start = end
            }
        }
        var total = 0
        eachPrefix { _, work in
            total += work
            return true
        }
        var done = 0, middle = keys.count
        eachPrefix { end, work in
            done += work
            if 2 * done < total { return true }
            middle = end
            return false
        }
        return middle
    }

    static func samePrefix(_ a: PrefixKey, _ b: PrefixKey) -> Bool {
        a.family == b.family && a.high == b.high && a.low == b.low && a.length == b.length
    }

    /// Simulates the prefixes of `keys` (sorted, whole prefixes only), one after the other.
    mutating func simulatePrefixes(_ keys: ArraySlice<PrefixKey>) {
        // The route server's table handed down as a constant: read through `self` in a
        // mutating method, it was copied (each of its arrays retained) once per prefix.
        let rib = self.rib, routes = rib.routes
        let ranking = PrefixRanking(rib: rib, setRanks: setRanks, gracefulShutdown: gracefulShutdown, routeIntent: routeIntent)
        var scratch = (0..<2).map { f in
            PerClientScratch(receivers: receiving.sessions[f].count, intentSet: intentSets[f], own: receiving.bit[f], mask: receiving.mask[f])
        }
        // In prefix order the routes are met at random: each is asked for `ahead` keys early.
        let ahead = 16
        var start = keys.startIndex, asked = keys.startIndex
        routes.withUnsafeBufferPointer { table in
            while start < keys.endIndex {
                var end = start + 1
                while end < keys.endIndex && Self.samePrefix(keys[end], keys[start]) { end += 1 }
                while asked < min(end + ahead, keys.endIndex) {
                    csystem_prefetch(table.baseAddress! + keys[asked].route)
                    asked += 1
                }
                let prefix = table[keys[start].route].key.prefix
                ranking.order(keys[start..<end].lazy.map(\.route))
                simulatePrefix(ranking.ordered, prefix: prefix, rib: rib, scratch: &scratch[ReceivingSessions.family(prefix.family)])
                start = end
            }
        }
    }

    /// Takes in what `part`, a copy of this simulator made when it had `base` receiver sets,
    /// gathered over the prefixes after this one's: its new sets, its counts (set ids
    /// renumbered) and its hidden paths.
    mutating func absorb(_ part: Simulator, base: Int) {
        var setID = [Int32](0..<Int32(base))
        for bits in part.sets[base...] { setID.append(internSet(bits)) }
        for (mode, counts) in part.counts.enumerated() {
            counts.forEach { key, n in
                var key = key
                key.set = setID[Int(key.set)]
                self.counts[mode].add(n, to: key)
            }
        }
        hidden += part.hidden
    }

    mutating func count(_ mode: Int, route: Int, set: Int32, in rib: RouteServerRIB) {
        let r = rib.routes[route]
        counts[mode].add(1, to: RouteCounts.Key(session: r.session, family: r.key.prefix.family == .ipv4 ? 0 : 1, set: set))
    }

    /// Simulates one prefix from its accepted routes, best first.
    mutating func simulatePrefix(_ ordered: [Int], prefix: Prefix, rib: RouteServerRIB, scratch: inout PerClientScratch) {
        let family = ReceivingSessions.family(prefix.family)
        // add-path: every route to everyone its communities allow (sender stripped later).
        for i in ordered { count(2, route: i, set: scratch.intentSet[Int(routeIntent[i])], in: rib) }
        let best = ordered[0]
        let bestSet = scratch.intentSet[Int(routeIntent[best])]
        count(0, route: best, set: bestSet, in: rib)
        if ordered.count == 1 {
            count(1, route: best, set: bestSet, in: rib)
            if evaluatesAll { count(3, route: best, set: bestSet, in: rib) }
            return
        }
        // per-client: each receiving session takes the first route in preference order it may
        // get, and never its own.
        scratch.unassigned.assign(scratch.mask)
        scratch.gotOther.removeAll()
        for (n, i) in ordered.enumerated() {
            if scratch.unassigned.isEmpty { break }
            let sender = scratch.own[Int(rib.routes[i].session)], audience = scratch.intentSet[Int(routeIntent[i])]
            // The first route's receivers are its audience but its sender, whatever the prefix:
            // found by (audience, sender) rather than by hashing the set each time.
            let firstStep = UInt64(audience) << 24 | UInt64(sender + 1)
            if n == 0, let known = scratch.firstSteps[firstStep] {
                scratch.unassigned.subtract(sets[known])
                count(1, route: i, set: Int32(known), in: rib)
                continue
            }
            scratch.gets.assign(scratch.unassigned, and: sets[Int(audience)])
            if sender >= 0 { scratch.gets[sender] = false }
            if scratch.gets.isEmpty { continue }
            scratch.unassigned.subtract(scratch.gets)
            let set = internSet(scratch.gets)
            if n == 0 { scratch.firstSteps.set(Int(set), for: firstStep) }
            count(1, route: i, set: set, in: rib)
            if n > 0 { scratch.gotOther.formUnion(scratch.gets) }
        }
        if evaluatesAll { evaluateAll(ordered, rib: rib, scratch: &scratch) }
        // Hidden paths: receivers that per-client serves with a route other than the best. The
        // scratch sets are changed in place (a copy would allocate for every such prefix).
        guard !scratch.gotOther.isEmpty else { return }
        let bestSender = scratch.own[Int(rib.routes[best].session)]
        if bestSender >= 0 && scratch.gotOther[bestSender] {
            scratch.gets.removeAll()
            scratch.gets[bestSender] = true
            hidden.append(HiddenPath(prefix: prefix, bestRoute: best, reason: .bestIsOwnRoute,
                                     receiverBits: sets[Int(internSet(scratch.gets))], universe: receiving.ids[family], members: receiving.members[family]))
            scratch.gotOther[bestSender] = false
        }
        if !scratch.gotOther.isEmpty {
            hidden.append(HiddenPath(prefix: prefix, bestRoute: best, reason: .bestNotAllowed,
                                     receiverBits: sets[Int(internSet(scratch.gotOther))], universe: receiving.ids[family], members: receiving.members[family]))
        }
    }

    /// OpenBGPD's `rde evaluate all` (docs/route-server-semantics.md, "BIRD and OpenBGPD"):
    /// like per-client, but a receiver whose walk reaches its own route stops there with
    /// nothing, unless that route's filter denies it to the receiver, when the walk goes on.
    mutating func evaluateAll(_ ordered: [Int], rib: RouteServerRIB, scratch: inout PerClientScratch) {
        scratch.walking.assign(scratch.mask)
        for i in ordered {
            if scratch.walking.isEmpty { break }
            let sender = scratch.own[Int(rib.routes[i].session)]
            scratch.gets.assign(scratch.walking, and: sets[Int(scratch.intentSet[Int(routeIntent[i])])])
            if sender >= 0 && scratch.gets[sender] {
                // Its own route, allowed to it: OpenBGPD sends nothing back to the sender.
                scratch.gets[sender] = false
                scratch.walking[sender] = false
            }
            if scratch.gets.isEmpty { continue }
            scratch.walking.subtract(scratch.gets)
            count(3, route: i, set: internSet(scratch.gets), in: rib)
        }
    }
}
