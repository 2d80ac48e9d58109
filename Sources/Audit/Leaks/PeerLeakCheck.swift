import BGP
import Routing

/// peer-leak (RFC 7908 section 3.4, type 4: a peer's routes leaked to another peer): member
/// A announces prefix P with another member B in the AS path (prepends collapsed), while B
/// announces P at the IX itself, on any of its own sessions of any source, at any time of the
/// day. Not a leak when the relationship file makes every adjacent pair of the path from A
/// down to B provider-to-customer: then B is A's customer (or its customer's), and A sells
/// it transit. Without a relationship file that cannot be told, so the finding is a notice
/// saying the relationship is unknown; with one, an error naming the pair that is not
/// provider-to-customer. One finding per (A, B): prefix the first leaked prefix, count the
/// prefixes, every route (session, prefix, path id) with its AS path among its `routes`.
struct PeerLeakCheck {
    let inputs: AuditInputs
    /// Prefixes each member announced on its own sessions during the day, built when first asked.
    private var announcedBy: [ASN: Set<Prefix>] = [:]
    private var sessionsOf: [ASN: [SessionState]] = [:]
    /// Per attribute id: where its members are in `pathMemberASNs` (-1: not read yet) and how many.
    private var memberStart: [Int32]
    private var memberCount: [UInt16]
    private var pathMemberASNs: [ASN] = []
    /// Scratch for `readPath`: the path being read.
    private var pathASNs: [ASN] = []
    /// Paths with prepends collapsed, of the sets that name a member after their first AS.
    private var collapsedPaths: [Int32: [ASN]] = [:]
    private var pathTexts: [Int32: String] = [:]
    private var verdicts: [VerdictKey: Verdict] = [:]
    private var groups: [Pair: Group] = [:]

    init(_ inputs: AuditInputs) {
        self.inputs = inputs
        memberStart = [Int32](repeating: -1, count: inputs.rib.attributes.count)
        memberCount = [UInt16](repeating: 0, count: inputs.rib.attributes.count)
        for session in inputs.rib.sessions.values where inputs.members.member(asn: session.id.peerASN) != nil {
            sessionsOf[session.id.peerASN, default: []].append(session)
        }
    }

    static func findings(_ inputs: AuditInputs, sessions: [SessionState]) -> [Finding] {
        var check = PeerLeakCheck(inputs)
        for (order, session) in sessions.enumerated() { check.scan(session, order: order) }
        return check.findings()
    }

    private mutating func scan(_ session: SessionState, order: Int) {
        let a = session.id.peerASN
        for (key, record) in session.routes {
            let id = record.attributes
            if memberStart[Int(id)] < 0 { readPath(id) }
            let start = Int(memberStart[Int(id)])
            for b in pathMemberASNs[start..<start + Int(memberCount[Int(id)])] where b != a && announces(b, key.prefix) {
                let verdict = verdict(id, a: a, b: b)
                guard verdict.isLeak else { continue }
                let route = AffectedRoute(source: LeakEvidence.session(session.id), prefix: key.prefix, pathID: key.pathID,
                                          firstSeen: record.firstSeen, lastSeen: record.lastSeen,
                                          detail: "AS path \(pathText(record.attributes)); \(verdict.note)")
                groups[Pair(a: a, b: b), default: Group()].add(route, order: order, attributes: record.attributes,
                                                               note: verdict.note, session: session.id, record: record)
            }
        }
    }

    private func findings() -> [Finding] {
        groups.sorted { $0.key < $1.key }.map { pair, group in
            let routes = group.routes.sorted(by: AffectedRoute.before)
            let prefixes = Examples.distinctPrefixes(routes)
            let evidence = "\(LeakEvidence.network(pair.b, inputs)) announces these prefixes at the IX itself and"
                + " AS\(pair.a) re-announces them with AS\(pair.b) in the path: \(Examples.prefixes(of: routes))"
                + "; AS path \(LeakEvidence.path(inputs.rib.attributes[group.example!.attributes])); \(group.example!.note)"
            return Finding(.peerLeak, member: pair.a, memberName: inputs.name(pair.a), source: group.sightings.sourceText,
                           prefix: prefixes.first, otherMember: pair.b, evidence: evidence,
                           firstSeen: group.sightings.firstSeen, lastSeen: group.sightings.lastSeen, count: prefixes.count,
                           severity: inputs.relationships == nil ? .notice : .error, routes: routes, routesAffected: prefixes.count)
        }
    }

    // MARK: the pieces

    /// Reads set `id`'s path once: the members in it (each once, in path order), and the path
    /// with prepends collapsed when a member other than its first AS is in it (a verdict may need it).
    private mutating func readPath(_ id: Int32) {
        pathASNs.removeAll(keepingCapacity: true)
        inputs.rib.attributes.sets.appendPathASNs(of: id, to: &pathASNs)
        var collapsed: [ASN] = []
        for asn in pathASNs where collapsed.last != asn { collapsed.append(asn) }
        let start = pathMemberASNs.count
        for asn in collapsed where !pathMemberASNs[start...].contains(asn) && inputs.members.member(asn: asn) != nil {
            pathMemberASNs.append(asn)
        }
        memberStart[Int(id)] = Int32(start)
        memberCount[Int(id)] = UInt16(pathMemberASNs.count - start)
        if pathMemberASNs[start...].contains(where: { $0 != collapsed.first }) { collapsedPaths[id] = collapsed }
    }

    /// The collapsed path of set `id`; read again only when a route's sender is not its first
    /// AS and the first AS is the one member in it (rare: the transit-abuse checks flag those).
    private func collapsedPath(_ id: Int32) -> [ASN] {
        if let known = collapsedPaths[id] { return known }
        var path: [ASN] = []
        inputs.rib.attributes.sets.appendPathASNs(of: id, to: &path)
        var collapsed: [ASN] = []
        for asn in path where collapsed.last != asn { collapsed.append(asn) }
        return collapsed
    }

    private mutating func pathText(_ id: Int32) -> String {
        if let known = pathTexts[id] { return known }
        let text = LeakEvidence.path(inputs.rib.attributes[id])
        pathTexts[id] = text
        return text
    }

    private mutating func announces(_ member: ASN, _ prefix: Prefix) -> Bool {
        if let known = announcedBy[member] { return known.contains(prefix) }
        var prefixes: Set<Prefix> = []
        for session in sessionsOf[member] ?? [] {
            for key in session.routes.keys { prefixes.insert(key.prefix) }
        }
        announcedBy[member] = prefixes
        return prefixes.contains(prefix)
    }

    private struct VerdictKey: Hashable {
        var attributes: Int32
        var a: ASN
        var b: ASN
    }

    private struct Verdict {
        var isLeak: Bool
        /// Why it counts as a leak, for the evidence.
        var note: String
    }

    /// The chain from A down to B: the path up to B's first place, A put in front when the path
    /// does not begin with it. A leak unless every adjacent pair is provider-to-customer.
    private mutating func verdict(_ attributes: Int32, a: ASN, b: ASN) -> Verdict {
        let key = VerdictKey(attributes: attributes, a: a, b: b)
        if let known = verdicts[key] { return known }
        let result: Verdict
        if let relationships = inputs.relationships {
            let path = collapsedPath(attributes)
            var chain = Array(path.prefix(through: path.firstIndex(of: b)!))
            if chain.first != a { chain.insert(a, at: 0) }
            let broken = zip(chain, chain.dropFirst()).first { !relationships.isCustomer($0.1, of: $0.0) }
            if let (x, y) = broken {
                let what = relationships.relation(x, y).map { "AS\(x) is AS\(y)'s \($0)" }
                    ?? "the relationship file does not know AS\(x)-AS\(y)"
                result = Verdict(isLeak: true, note: "not a customer route: \(what)")
            } else {
                result = Verdict(isLeak: false, note: "")
            }
        } else {
            result = Verdict(isLeak: true, note: "the relationship of the two is unknown: without an AS-relationship file a"
                + " customer's routes cannot be told from a leak (give one, inputs.relationships or --relationships, to judge it)")
        }
        verdicts[key] = result
        return result
    }

    private struct Pair: Hashable, Comparable {
        var a: ASN
        var b: ASN
        static func < (x: Pair, y: Pair) -> Bool { (x.a, x.b) < (y.a, y.b) }
    }

    private struct Group {
        var routes: [AffectedRoute] = []
        var sightings = RouteSightings()
        /// The route shown: the smallest prefix, then the first session.
        var example: (prefix: Prefix, order: Int, attributes: Int32, note: String)?

        mutating func add(_ route: AffectedRoute, order: Int, attributes: Int32, note: String, session: SessionID, record: RouteRecord) {
            let prefix = route.prefix
            routes.append(route)
            sightings.add(session, record)
            if example.map({ (prefix, order, attributes) < ($0.prefix, $0.order, $0.attributes) }) ?? true {
                example = (prefix, order, attributes, note)
            }
        }
    }
}
