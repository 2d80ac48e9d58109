import BGP
import Routing

/// What an attribute-only check found wrong with one attribute set on one session.
struct AttributeOffense {
    var check: Check
    /// The offending value the member's findings are grouped by: an ASN (`AS64512`), a next
    /// hop, a problem kind; empty when a member has one finding of the check whatever the value
    /// (path lengths, AS_SETs: each route's AS path shows its own).
    var value: String
    /// The clause enforced (the policy's, for the rules of the import policy).
    var clause: String
    /// What is wrong, in words: the first part of the evidence.
    var detail: String
    var otherMember: ASN? = nil
}

/// Runs attribute-only checks over the routes of the day (`RoutesOfTheDay`): the judge is
/// asked once per session, attribute set and address family, for the sets routes carry and
/// for those only the day's updates carried (`AttributeVerdicts`, each set read once). One finding per check, member and offending
/// value: prefix the first affected (sorted), count the affected prefixes (distinct over the
/// member's sessions) plus those announced with sets no route kept, and every route (session,
/// prefix, path id) with its AS path among its `routes`.
enum AttributeSweep {
    /// Reads one attribute set of the day's interner (once, whatever the number of sessions
    /// carrying it), as much of it as the checks need, and returns what judges its use on a
    /// session in a family.
    typealias Judge = (_ id: Int32) -> SetJudge
    typealias SetJudge = (_ family: AddressFamily, _ session: SessionID) -> [AttributeOffense]

    static func findings(_ inputs: AuditInputs, sessions: [SessionState], judge: Judge,
                         parts: Int = AttributeVerdicts.partCount) -> [Finding] {
        let verdicts = AttributeVerdicts(inputs, sessions: sessions, judge: judge, parts: parts)
        var groups: [GroupKey: Group] = [:]
        for (order, session) in sessions.enumerated() {
            let member = session.id.peerASN
            let label = LeakEvidence.session(session.id)
            for (key, record) in session.routes {
                let offenses = verdicts.offenses(order: order, id: record.attributes, family: key.prefix.family)
                guard !offenses.isEmpty else { continue }
                let route = AffectedRoute(source: label, prefix: key.prefix, pathID: key.pathID, firstSeen: record.firstSeen,
                                          lastSeen: record.lastSeen,
                                          detail: "AS path \(verdicts.pathText(record.attributes)); "
                                              + "\(record.isPresent ? "present" : "withdrawn") at the end of the day")
                for offense in offenses {
                    let example = Example(prefix: key.prefix, order: order, pathID: key.pathID, attributes: record.attributes)
                    groups[GroupKey(check: offense.check.id, member: member, value: offense.value), default: Group()]
                        .add(offense, example: example, route: route, session: session.id, record: record)
                }
            }
            for (id, offenses) in verdicts.announcedOnly[order] {
                let prefixes = session.updateAttributes[id] ?? 0
                for offense in offenses {
                    groups[GroupKey(check: offense.check.id, member: member, value: offense.value), default: Group()]
                        .addAnnouncedOnly(offense, prefixes: Int(prefixes), order: order, attributes: id, source: session.id.source)
                }
            }
        }
        return groups.keys.sorted().map { key in groups[key]!.finding(member: key.member, path: verdicts.pathText, inputs) }
    }

    private struct GroupKey: Hashable, Comparable {
        var check: CheckID
        var member: ASN
        var value: String

        static func < (a: GroupKey, b: GroupKey) -> Bool { (a.check.description, a.member, a.value) < (b.check.description, b.member, b.value) }
    }

    /// The route a finding shows: the smallest prefix, then the first session, then path id.
    private struct Example: Comparable {
        var prefix: Prefix?
        var order: Int
        var pathID: UInt32
        var attributes: Int32

        static func < (a: Example, b: Example) -> Bool {
            switch (a.prefix, b.prefix) {
            case let (x?, y?) where x != y: return x < y
            case (_?, nil): return true
            case (nil, _?): return false
            default: return (a.order, a.pathID, a.attributes) < (b.order, b.pathID, b.attributes)
            }
        }
    }

    private struct Group {
        var offense: AttributeOffense?
        var example: Example?
        var prefixes: Set<Prefix> = []
        var presentPrefixes: Set<Prefix> = []
        var routes: [AffectedRoute] = []
        /// Prefixes announced with attribute sets no route kept at the end of the day.
        var announcedOnly = 0
        var sightings = RouteSightings()

        mutating func add(_ offense: AttributeOffense, example: Example, route: AffectedRoute, session: SessionID, record: RouteRecord) {
            consider(offense, example)
            routes.append(route)
            if let prefix = example.prefix {
                prefixes.insert(prefix)
                if record.isPresent { presentPrefixes.insert(prefix) }
            }
            sightings.add(session, record)
        }

        mutating func addAnnouncedOnly(_ offense: AttributeOffense, prefixes count: Int, order: Int, attributes: Int32, source: String) {
            consider(offense, Example(prefix: nil, order: order, pathID: 0, attributes: attributes))
            announcedOnly += count
            sightings.add(source: source)
        }

        private mutating func consider(_ offense: AttributeOffense, _ candidate: Example) {
            if example.map({ candidate < $0 }) ?? true {
                example = candidate
                self.offense = offense
            }
        }

        func finding(member: ASN, path: (Int32) -> String, _ inputs: AuditInputs) -> Finding {
            let offense = offense!, example = example!
            var evidence = "\(offense.detail); AS path \(path(example.attributes))"
            let routes = routes.sorted(by: AffectedRoute.before)
            if !prefixes.isEmpty {
                evidence += "; \(Examples.prefixes(of: routes))"
                evidence += presentPrefixes.count == prefixes.count ? ", all still announced at the end of the day"
                    : ", \(presentPrefixes.count) still announced at the end of the day, the others withdrawn during it"
            }
            if announcedOnly > 0 {
                evidence += "; \(LeakEvidence.count(announcedOnly, "prefix", "prefixes")) announced during the day"
                    + " with attributes no route kept at the end"
            }
            return Finding(offense.check, member: member, memberName: inputs.name(member), source: sightings.sourceText,
                           prefix: prefixes.min(), otherMember: offense.otherMember, evidence: evidence,
                           clause: offense.clause, firstSeen: sightings.firstSeen, lastSeen: sightings.lastSeen,
                           count: prefixes.count + announcedOnly, routes: routes, routesAffected: prefixes.count + announcedOnly)
        }
    }
}
