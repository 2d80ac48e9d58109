import BGP
import CSystem
import Job
import Routing

/// Why the import policy rejects a route: what is wrong, and the clause of the policy it
/// breaks. A route is rejected with every reason that applies.
public struct ImportReason: Hashable, Sendable, CustomStringConvertible {
    public var problem: ImportProblem
    /// The clause of docs/rules.md the rule enforces (`S4`, `P6`).
    public var clause: String

    public init(_ problem: ImportProblem, clause: String) {
        self.problem = problem
        self.clause = clause
    }

    /// `bogon-prefix (S4): inside 10.0.0.0/8`.
    public var description: String { "\(problem.rule) (\(clause)): \(problem)" }
}

/// What the import check found wrong with a route.
public enum ImportProblem: Hashable, Sendable, CustomStringConvertible {
    /// Inside a special-purpose range of the bogon list.
    case bogonPrefix(range: Prefix)
    case prefixTooLong(length: Int, max: Int)
    case prefixTooShort(length: Int, min: Int)
    case defaultRoute
    /// A bogon or private ASN (RFC 6996/7300/5398, AS0, AS_TRANS) in the path.
    case bogonASN(ASN)
    /// The first AS is not the sending member's (route servers do not prepend); nil when
    /// the path is empty or begins with a set.
    case firstASNotSender(first: ASN?, sender: ASN)
    /// The next hop is not the sending session's own address; `owner` is the member whose
    /// address it is, if any (third-party next hop).
    case nextHopNotSender(nextHop: IPAddress?, owner: ASN?)
    /// A transit-free network behind the member (Peerlock).
    case transitFreeASN(ASN)
    case asPathTooLong(length: Int, max: Int)
    /// The session has more routes of the family than its limit.
    case maxPrefixExceeded(limit: Int, routes: Int)

    /// The rule of the import policy that found it.
    public var rule: ImportRule {
        switch self {
        case .bogonPrefix: return .bogonPrefix
        case .prefixTooLong: return .prefixTooLong
        case .prefixTooShort: return .prefixTooShort
        case .defaultRoute: return .defaultRoute
        case .bogonASN: return .bogonASN
        case .firstASNotSender: return .firstAS
        case .nextHopNotSender: return .nextHop
        case .transitFreeASN: return .transitFreeASN
        case .asPathTooLong: return .asPathTooLong
        case .maxPrefixExceeded: return .maxPrefix
        }
    }

    public var description: String {
        switch self {
        case let .bogonPrefix(range): return "inside \(range)"
        case let .prefixTooLong(length, max): return "/\(length) is longer than /\(max)"
        case let .prefixTooShort(length, min): return "/\(length) is shorter than /\(min)"
        case .defaultRoute: return "default route"
        case let .bogonASN(asn): return "AS\(asn) in the path"
        case let .firstASNotSender(first, sender):
            return "first AS is \(first.map { "AS\($0)" } ?? "none"), not the member AS\(sender)"
        case let .nextHopNotSender(nextHop, owner):
            return "next hop \(nextHop.map(\.description) ?? "none") is not the session's address"
                + (owner.map { " (it is AS\($0)'s)" } ?? "")
        case let .transitFreeASN(asn): return "transit-free AS\(asn) behind the member"
        case let .asPathTooLong(length, max): return "AS path length \(length) is over \(max)"
        case let .maxPrefixExceeded(limit, routes): return "\(routes) routes over the limit of \(limit)"
        }
    }
}

/// The import check of one route server: for each route (parallel to `RouteServerRIB.routes`)
/// the reasons it is rejected; none means accepted.
public struct ImportResult: Sendable {
    public var reasons: [[ImportReason]]
    /// Sessions (indexes into `RouteServerRIB.sessions`) the route server closed over
    /// max-prefix: every route they sent is rejected and they receive nothing.
    public var closedSessions: Set<Int>
    /// Sessions and families over their max-prefix limit whatever the action (a `warn` one
    /// keeps everything), with the count that passed it.
    public var overLimit: [MaxPrefixHit]

    public init(reasons: [[ImportReason]], closedSessions: Set<Int> = [], overLimit: [MaxPrefixHit] = []) {
        self.reasons = reasons
        self.closedSessions = closedSessions
        self.overLimit = overLimit
    }

    public func isAccepted(_ route: Int) -> Bool { reasons[route].isEmpty }
    public var acceptedCount: Int { reasons.reduce(0) { $0 + ($1.isEmpty ? 1 : 0) } }
    public var rejectedCount: Int { reasons.count - acceptedCount }

    /// Indexes of the rejected routes, in route order.
    public var rejected: [Int] { reasons.indices.filter { !reasons[$0].isEmpty } }
}

/// A session and family whose counted routes passed the max-prefix limit.
public struct MaxPrefixHit: Hashable, Sendable {
    /// An index into `RouteServerRIB.sessions`.
    public var session: Int
    public var family: AddressFamily
    public var limit: Int
    /// The routes counted (received or accepted, as the route server counts).
    public var routes: Int
    public var behaviour: MaxPrefixRule.Behaviour
}

extension ImportPolicy {
    /// The reasons that depend on the prefix alone. `blackholeMaxLength`: the route is tagged
    /// for blackholing, and may be as long as that (`BlackholeSettings`).
    public func prefixReasons(_ prefix: Prefix, blackholeMaxLength: Int? = nil) -> [ImportReason] {
        prefixReasons(prefix, blackholeMaxLength: blackholeMaxLength, bogonRange: bogonPrefix?.range(containing: prefix))
    }

    /// The same with the bogon range `prefix` lies in already found (`BogonPrefixIndex`).
    func prefixReasons(_ prefix: Prefix, blackholeMaxLength: Int?, bogonRange: Prefix?) -> [ImportReason] {
        var out: [ImportReason] = []
        if let rule = bogonPrefix, let range = bogonRange {
            out.append(ImportReason(.bogonPrefix(range: range), clause: rule.clause))
        }
        if let rule = prefixLength {
            var lengths = rule.lengths(prefix.family)
            let length = Int(prefix.length)
            if let longest = blackholeMaxLength { lengths = lengths.lowerBound...max(lengths.lowerBound, longest) }
            if length > lengths.upperBound {
                out.append(ImportReason(.prefixTooLong(length: length, max: lengths.upperBound), clause: rule.clause))
            } else if length < lengths.lowerBound {
                out.append(ImportReason(.prefixTooShort(length: length, min: lengths.lowerBound), clause: rule.clause))
            }
        }
        if let rule = defaultRoute, prefix.length == 0 {
            out.append(ImportReason(.defaultRoute, clause: rule.clause))
        }
        return out
    }

    /// The session's limit for routes of `family`: the member list's max_prefix for the
    /// session's address (or, failing that, the member's), else the policy default.
    public func maxPrefixLimit(session: SessionID, family: AddressFamily, members: MemberDirectory?) -> Int? {
        guard let rule = maxPrefix else { return nil }
        if let address = members?.peeringAddress(session.peerAddress), address.address.family == family,
           let limit = address.maxPrefix, members?.member(address: session.peerAddress)?.asn == session.peerASN {
            return limit
        }
        if let limit = members?.member(asn: session.peerASN)?.maxPrefix(family) { return limit }
        return rule.defaultLimit(family)
    }

    /// The prefix and attribute rules' reasons for the routes `routes` of `rib`, written to
    /// their places in `reasons` (which holds no reason for them yet). Each
    /// route's set is read in place (`PolicyAttributes`) and the policy's lists through their
    /// indexes: a large route server's million distinct sets are checked without building one.
    private func routeReasons(_ rib: RouteServerRIB, _ routes: ArraySlice<Int32>, members: MemberDirectory?,
                              blackhole: BlackholeSettings?, index: ImportCheckIndex,
                              into reasons: UnsafeMutableBufferPointer<[ImportReason]>) {
        // The attribute rules depend on (set, session, family) alone, and the routes come in
        // set order: a member's routes sharing a set are checked once, as the first of them.
        var previous: (set: Int32, session: Int32, family: AddressFamily)?
        var byAttributes: [ImportReason] = [], tagged = false
        // In set order the routes are met at random: each is asked for `ahead` routes early.
        let ahead = 16
        rib.routes.withUnsafeBufferPointer { table in
            for position in routes.indices {
                if position + ahead < routes.endIndex { csystem_prefetch(table.baseAddress! + Int(routes[position + ahead])) }
                let i = Int(routes[position])
                let route = table[i]
                let family = route.prefix.family, session = Int(route.session)
                if previous == nil || previous! != (route.attributes, route.session, family) {
                    (byAttributes, tagged) = rib.attributes.withPolicyAttributes(route.attributes) { attributes in
                        blackholeAware(attributeReasons(attributes, family: family, sender: index.senders[session],
                                                        peerAddress: index.addresses[session], members: members,
                                                        bogonASNs: index.bogonASNs, transitFreeASNs: index.transitFreeASNs),
                                       attributes: attributes, family: family, blackhole: blackhole)
                    }
                    previous = (route.attributes, route.session, family)
                }
                let byPrefix = prefixReasons(route.prefix, blackholeMaxLength: tagged ? blackhole?.maxLength(family) : nil,
                                             bogonRange: index.bogonPrefixes?.range(containing: route.prefix))
                if !byPrefix.isEmpty || !byAttributes.isEmpty { reasons[i] = byPrefix + byAttributes }
            }
        }
    }

    /// Checks every route of the route server. Attribute checks read each route's set in
    /// place (most sets of a real route server are one route's); max-prefix counts, per
    /// session and family, the routes the rule's `counting` says: every route received
    /// (BIRD's `receive limit`, OpenBGPD) or those the other rules accept (BIRD's `import limit`). Over the limit the action applies: a
    /// closed session (disable, restart) loses every route it sent, in both families, and
    /// receives nothing; block rejects the routes over the limit; warn only records the hit.
    /// `blackhole`: routes tagged for blackholing may be as long as it says, and may carry the
    /// IXP's blackhole next hop (a route server that rewrites it on import dumps it so).
    public func check(_ rib: RouteServerRIB, members: MemberDirectory? = nil, blackhole: BlackholeSettings? = nil) -> ImportResult {
        // The per-route rules depend on the route alone: the routes are checked in the order
        // of their sets (`routesBySet`), in parts taken in turn by both cores, each writing the
        // reasons of its routes to their places in the one list. Parts, not halves: the sets
        // of the RIB dump, shared by many routes, are checked once for a run of them, while
        // the sets of the updates are mostly one route's, so halves of the routes took
        // unequal time.
        let order = rib.routesBySet()
        let parts = 16, partSize = (order.count + parts - 1) / parts
        let index = ImportCheckIndex(policy: self, sessions: rib.sessions)
        var reasons = [[ImportReason]](repeating: [], count: rib.routes.count)
        reasons.withUnsafeMutableBufferPointer { table in
            let table = table
            eachInParallel(parts) { part in
                let routes = order[min(part * partSize, order.count)..<min((part + 1) * partSize, order.count)]
                self.routeReasons(rib, routes, members: members, blackhole: blackhole, index: index, into: table)
            }
        }
        guard let rule = maxPrefix else { return ImportResult(reasons: reasons) }
        // Routes passing the other rules, and every route, counted per session and family
        // (indexed by session << 1 | family, not hashed: a large route server has millions of
        // routes); the routes themselves are listed only for the sessions over their limit.
        let keys = 2 * rib.sessions.count
        var allCount = [Int](repeating: 0, count: keys), passingCount = allCount
        for (i, route) in rib.routes.enumerated() {
            let key = Int(route.session) << 1 | (route.prefix.family == .ipv6 ? 1 : 0)
            allCount[key] += 1
            if reasons[i].isEmpty { passingCount[key] += 1 }
        }
        let countedCount = rule.behaviour.counting == .received ? allCount : passingCount
        var limits = [Int?](repeating: nil, count: keys), listed = [Bool](repeating: false, count: keys)
        for key in 0..<keys where countedCount[key] > 0 {
            let session = rib.sessions[key >> 1], family: AddressFamily = key & 1 == 1 ? .ipv6 : .ipv4
            guard let limit = maxPrefixLimit(session: session, family: family, members: members), countedCount[key] > limit else { continue }
            limits[key] = limit
            listed[key] = true
            listed[key ^ 1] = true
        }
        var passing = [[Int]](repeating: [], count: keys), all = passing
        if listed.contains(true) {
            for (i, route) in rib.routes.enumerated() {
                let key = Int(route.session) << 1 | (route.prefix.family == .ipv6 ? 1 : 0)
                guard listed[key] else { continue }
                all[key].append(i)
                if reasons[i].isEmpty { passing[key].append(i) }
            }
        }
        var closed = Set<Int>(), hits: [MaxPrefixHit] = []
        let counted = rule.behaviour.counting == .received ? all : passing
        for key in counted.indices {
            guard let limit = limits[key] else { continue }
            let list = counted[key]
            let family: AddressFamily = key & 1 == 1 ? .ipv6 : .ipv4
            hits.append(MaxPrefixHit(session: key >> 1, family: family, limit: limit, routes: list.count, behaviour: rule.behaviour))
            let reason = ImportReason(.maxPrefixExceeded(limit: limit, routes: list.count), clause: rule.clause)
            switch rule.action {
            case .disable, .restart:
                closed.insert(key >> 1)
                // The session goes down: every route it sent goes with it (the other family's
                // rejected below, once every limit is known).
                for i in all[key] { reasons[i].append(reason) }
            case .block:
                let ordered = list.sorted { (rib.routes[$0].firstSeen, rib.routes[$0].key) < (rib.routes[$1].firstSeen, rib.routes[$1].key) }
                for i in ordered.dropFirst(limit) where !reasons[i].contains(reason) { reasons[i].append(reason) }
            case .warn:
                break
            }
        }
        for hit in hits where closed.contains(hit.session) {
            let otherKey = hit.session << 1 | (hit.family == .ipv6 ? 0 : 1)
            guard !hits.contains(where: { $0.session == hit.session && $0.family != hit.family }) else { continue }
            let reason = ImportReason(.maxPrefixExceeded(limit: hit.limit, routes: hit.routes), clause: rule.clause)
            for i in all[otherKey] { reasons[i].append(reason) }
        }
        return ImportResult(reasons: reasons, closedSessions: closed, overLimit: hits)
    }
}

extension RouteServerRIB {
    /// The route indexes ordered by attribute set, then by route (a counting sort). The sets
    /// are stored in the order they were decoded, by prefix, and the routes are by session:
    /// in route order, nearly every route's set is a cache miss (two, with its offset), in set
    /// order the sets are read one after the other and only the route is a miss.
    ///
    /// Both halves of the routes are counted and placed side by side: the second half's routes
    /// of a set go after the first half's, so the order is the one a single pass gives.
    func routesBySet() -> [Int32] {
        let middle = routes.count / 2, halves = [0..<middle, middle..<routes.count]
        let routes = self.routes
        let counts = inParallel(halves.map { half in
            { () -> [Int32] in
                var count = [Int32](repeating: 0, count: attributes.count)
                for i in half { count[Int(routes[i].attributes)] += 1 }
                return count
            }
        })
        // Where each half's routes of each set begin.
        var starts = [[Int32](repeating: 0, count: attributes.count), [Int32](repeating: 0, count: attributes.count)]
        var next: Int32 = 0
        for a in 0..<attributes.count {
            starts[0][a] = next
            starts[1][a] = next + counts[0][a]
            next += counts[0][a] + counts[1][a]
        }
        return [Int32](filling: routes.count) { order, count in
            let order = order
            eachInParallel(2) { half in
                var start = starts[half]
                for i in halves[half] {
                    let a = Int(routes[i].attributes)
                    order.initializeElement(at: Int(start[a]), to: Int32(i))
                    start[a] += 1
                }
            }
            count = routes.count
        }
    }
}
