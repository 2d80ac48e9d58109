import BGP
import Job
import RouteServer
import Routing

/// rs-filter-mismatch: the route servers' own verdicts (their reject tags) against the import
/// policy, route by route (`RouteServerVerdict`). One finding per member and kind of
/// difference, with the counts per rule and code and the first prefixes; every route is a row
/// of the analysis's routes table.
enum FilterMismatchCheck {
    struct Outcome {
        var findings: [Finding]
        /// Why the check could not run; nil when it ran.
        var notRun: String?
    }

    static func run(_ inputs: AuditInputs) -> Outcome {
        guard let tags = inputs.job.ixp.communities.rejectTags else {
            return Outcome(findings: [], notRun: "the job's community scheme sets no reject_tags: give communities.reject_tags"
                + " (arouteserver, ixp-manager or the IXP's own) when the route servers keep rejected routes tagged")
        }
        let servers = Set(inputs.routeServerSources)
        let compared = inputs.simulation.filter { servers.contains($0.routeServer) }
            .map { (result: $0, verdict: RouteServerVerdict.compare($0.rib, $0.importResult, tags: tags)) }
        let withTags = compared.filter { $0.verdict.tagged > 0 }
        guard !withTags.isEmpty else {
            let labels = compared.map(\.result.routeServer).joined(separator: ", ")
            return Outcome(findings: [], notRun: "no route of \(labels.isEmpty ? "the route servers" : labels) carries a reject tag \(tags):"
                + " the route servers drop what they reject, or their dumps leave it out, so their verdict is unknown")
        }
        var groups: [Key: [Row]] = [:]
        for (result, verdict) in withTags {
            for difference in verdict.differences {
                let route = result.rib.routes[difference.route]
                let session = result.rib.sessions[Int(route.session)]
                groups[Key(member: session.peerASN, kind: difference.kind), default: []]
                    .append(Row(routeServer: result.routeServer, session: session, route: route, difference: difference))
            }
        }
        let findings = groups.keys.sorted().map { key in finding(key, groups[key]!, tags: tags, inputs) }
        return Outcome(findings: findings, notRun: nil)
    }

    struct Key: Hashable, Comparable {
        var member: ASN
        var kind: VerdictMismatch

        static func < (a: Key, b: Key) -> Bool {
            (a.member.rawValue, VerdictMismatch.allCases.firstIndex(of: a.kind)!)
                < (b.member.rawValue, VerdictMismatch.allCases.firstIndex(of: b.kind)!)
        }
    }

    struct Row {
        var routeServer: String
        var session: SessionID
        var route: ReceivedRoute
        var difference: RouteVerdictDifference
    }

    static func finding(_ key: Key, _ rows: [Row], tags: RejectTags, _ inputs: AuditInputs) -> Finding {
        let routes = rows.map { row in
            AffectedRoute(source: LeakEvidence.session(row.session), prefix: row.route.prefix, pathID: row.route.key.pathID,
                          firstSeen: row.route.firstSeen == 0 ? nil : row.route.firstSeen, detail: detail(row.difference, tags: tags))
        }.sorted(by: AffectedRoute.before)
        let servers = Array(Set(rows.map(\.routeServer))).sorted().joined(separator: ", ")
        let n = LeakEvidence.count(rows.count, "route")
        let policyCounts = tally(rows.flatMap { $0.difference.policyRules.map(\.rawValue) })
        let codeCounts = tally(rows.flatMap { $0.difference.codes.map { code(Int($0), tags: tags) } })
        let what: String
        switch key.kind {
        case .acceptedByRouteServer:
            what = "\(servers) accepted \(n) (no reject tag \(tags)) that the policy rejects: \(policyCounts)"
        case .rejectedByRouteServer:
            what = "\(servers) tagged \(n) rejected that the policy accepts: codes \(codeCounts)"
        case .differentReason:
            what = "\(servers) rejected \(n) for another reason than the policy: route server codes \(codeCounts); policy \(policyCounts)"
        }
        let times = rows.map(\.route.firstSeen).filter { $0 != 0 }
        return Finding(.rsFilterMismatch, member: key.member, memberName: inputs.name(key.member),
                       source: Array(Set(rows.map { LeakEvidence.session($0.session) })).sorted().joined(separator: ";"),
                       prefix: routes.first?.prefix,
                       evidence: "\(key.kind): \(what); \(Examples.prefixes(of: routes))",
                       firstSeen: times.min(), count: rows.count, routes: routes, routesAffected: rows.count)
    }

    /// `route server: rejected, codes 6 (first-as); policy: next-hop`.
    static func detail(_ difference: RouteVerdictDifference, tags: RejectTags) -> String {
        let server = difference.codes.isEmpty ? "accepted (no tag)"
            : "rejected, codes " + difference.codes.map { code(Int($0), tags: tags) }.joined(separator: ", ")
        let policy = difference.policyRules.isEmpty ? "accepted" : "rejected by " + difference.policyRules.map(\.rawValue).joined(separator: ", ")
        return "\(difference.kind): route server \(server); policy \(policy)"
    }

    /// `8 (transit-free-asn)`, `9 (no rule of the policy)`.
    static func code(_ code: Int, tags: RejectTags) -> String {
        let rules = tags.rules(UInt32(code))
        return "\(code) (\(rules.isEmpty ? "no rule of the policy" : rules.map(\.rawValue).joined(separator: "/")))"
    }

    /// `bogon-prefix 2, next-hop 1`: each name with its count, most frequent first.
    static func tally(_ names: [String]) -> String {
        var counts: [String: Int] = [:]
        for name in names { counts[name, default: 0] += 1 }
        return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }
}
