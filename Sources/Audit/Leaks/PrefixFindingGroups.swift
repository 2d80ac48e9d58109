import BGP
import Routing

/// Collects findings that are about one prefix of one member (bogon-prefix, default-route,
/// prefix lengths, rpki-invalid, irr-unregistered): one finding per check, member and
/// prefix, whatever the number of sessions and path ids it was seen on; count is the number
/// of routes (session and path id) behind it, source the sessions' sources.
struct PrefixFindingGroups {
    private var groups: [Key: Group] = [:]

    /// Adds one route with a problem; `detail` says what is wrong with it, and is worked out
    /// only for the route the finding shows.
    mutating func add(_ check: Check, clause: String, detail: @autoclosure () -> String, session: SessionID, order: Int,
                      key: RouteKey, record: RouteRecord) {
        groups[Key(check: check.id, member: session.peerASN, prefix: key.prefix), default: Group(check: check)]
            .add(order: order, pathID: key.pathID, attributes: record.attributes, clause: clause, detail: detail,
                 session: session, record: record)
    }

    func findings(_ inputs: AuditInputs) -> [Finding] {
        groups.keys.sorted().map { key in
            let group = groups[key]!, example = group.example!
            var evidence = "\(example.detail); AS path \(LeakEvidence.path(inputs.rib.attributes[example.attributes]))"
            evidence += "; \(LeakEvidence.count(group.routes, "route")) on \(group.sightings.sourceText)"
            if group.present > 0 {
                evidence += group.present == group.routes ? ", still announced at the end of the day"
                    : ", \(group.present) still announced at the end of the day"
            } else if let last = group.sightings.lastSeen {
                evidence += ", withdrawn during the day (last seen \(LeakEvidence.time(last)))"
            }
            return Finding(group.check, member: key.member, memberName: inputs.name(key.member), source: group.sightings.sourceText,
                           prefix: key.prefix, evidence: evidence, clause: example.clause,
                           firstSeen: group.sightings.firstSeen, lastSeen: group.sightings.lastSeen, count: group.routes)
        }
    }

    private struct Key: Hashable, Comparable {
        var check: CheckID
        var member: ASN
        var prefix: Prefix

        static func < (a: Key, b: Key) -> Bool { (a.check.description, a.member, a.prefix) < (b.check.description, b.member, b.prefix) }
    }

    /// The route a finding shows: the first session's, then the lowest path id.
    private struct Example {
        var order: Int
        var pathID: UInt32
        var attributes: Int32
        var clause: String
        var detail: String
    }

    private struct Group {
        let check: Check
        var example: Example?
        var routes = 0
        var present = 0
        var sightings = RouteSightings()

        init(check: Check) { self.check = check }

        mutating func add(order: Int, pathID: UInt32, attributes: Int32, clause: String, detail: () -> String, session: SessionID,
                          record: RouteRecord) {
            if example.map({ (order, pathID) < ($0.order, $0.pathID) }) ?? true {
                example = Example(order: order, pathID: pathID, attributes: attributes, clause: clause, detail: detail())
            }
            routes += 1
            if record.isPresent { present += 1 }
            sightings.add(session, record)
        }
    }
}
