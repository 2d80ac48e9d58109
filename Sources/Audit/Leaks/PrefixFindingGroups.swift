import BGP
import Routing

/// Collects the findings of the checks that judge a route by its prefix and origin
/// (bogon-prefix, default-route, prefix lengths, rpki-invalid, irr-unregistered): one finding
/// per check and member, whatever the number of prefixes, sessions and path ids behind it.
/// Count and routes affected are the distinct prefixes; every route (session, prefix, path id)
/// is one of its `routes`, with what is wrong with it and its AS path.
struct PrefixFindingGroups {
    private var groups: [Key: Group] = [:]
    private var pathTexts: [Int32: String] = [:]

    /// Adds one route with a problem; `detail` says what is wrong with it.
    mutating func add(_ check: Check, clause: String, detail: String, session: SessionID, order: Int, key: RouteKey,
                      record: RouteRecord, attributes: AttributeInterner) {
        let path = pathText(record.attributes, attributes)
        let route = AffectedRoute(source: LeakEvidence.session(session), prefix: key.prefix, pathID: key.pathID,
                                  firstSeen: record.firstSeen, lastSeen: record.lastSeen,
                                  detail: "\(detail); AS path \(path); \(record.isPresent ? "present" : "withdrawn") at the end of the day")
        groups[Key(check: check.id, member: session.peerASN), default: Group(check: check)]
            .add(route, order: order, clause: clause, detail: detail, path: path, session: session, record: record)
    }

    func findings(_ inputs: AuditInputs) -> [Finding] {
        groups.keys.sorted().map { key in
            let group = groups[key]!, example = group.example!
            let routes = group.routes.sorted(by: AffectedRoute.before)
            let prefixes = Examples.distinctPrefixes(routes)
            var evidence = "\(example.detail); AS path \(example.path)"
            evidence += "; \(Examples.prefixes(of: routes)) in \(LeakEvidence.count(routes.count, "route")) on \(group.sightings.sourceText)"
            if group.present > 0 {
                evidence += group.present == routes.count ? ", all still announced at the end of the day"
                    : ", \(group.present) still announced at the end of the day"
            } else if let last = group.sightings.lastSeen {
                evidence += ", withdrawn during the day (last seen \(LeakEvidence.time(last)))"
            }
            return Finding(group.check, member: key.member, memberName: inputs.name(key.member), source: group.sightings.sourceText,
                           prefix: prefixes.first, evidence: evidence, clause: example.clause,
                           firstSeen: group.sightings.firstSeen, lastSeen: group.sightings.lastSeen, count: prefixes.count,
                           routes: routes, routesAffected: prefixes.count)
        }
    }

    private mutating func pathText(_ id: Int32, _ attributes: AttributeInterner) -> String {
        if let known = pathTexts[id] { return known }
        let text = LeakEvidence.path(attributes[id])
        pathTexts[id] = text
        return text
    }

    private struct Key: Hashable, Comparable {
        var check: CheckID
        var member: ASN

        static func < (a: Key, b: Key) -> Bool { (a.check.description, a.member) < (b.check.description, b.member) }
    }

    /// The route the evidence shows: the smallest prefix, then the first session, then the lowest path id.
    private struct Example {
        var prefix: Prefix
        var order: Int
        var pathID: UInt32
        var clause: String
        var detail: String
        var path: String

        func isBefore(_ other: Example) -> Bool { (prefix, order, pathID) < (other.prefix, other.order, other.pathID) }
    }

    private struct Group {
        let check: Check
        var example: Example?
        var routes: [AffectedRoute] = []
        var present = 0
        var sightings = RouteSightings()

        init(check: Check) { self.check = check }

        mutating func add(_ route: AffectedRoute, order: Int, clause: String, detail: String, path: String, session: SessionID,
                          record: RouteRecord) {
            let candidate = Example(prefix: route.prefix, order: order, pathID: route.pathID, clause: clause, detail: detail, path: path)
            if example.map(candidate.isBefore) ?? true { example = candidate }
            routes.append(route)
            if record.isPresent { present += 1 }
            sightings.add(session, record)
        }
    }
}
