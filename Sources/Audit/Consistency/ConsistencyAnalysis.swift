import BGP
import Job
import Routing

/// Thresholds of the consistency analysis.
public struct ConsistencySettings: Hashable, Sendable {
    /// A route is reported as flapping when it was withdrawn and announced again this many
    /// times in the day (returns after a session reset not counted). Ordinary churn takes a
    /// route away once or twice a day (a maintenance, an upstream blip); four or more is a
    /// route that does not stay up. The synthetic day keeps its background churn at two flaps
    /// a route at most and plants flapping routes of 6 to 24 flaps, so 4 finds every planted
    /// one with room on both sides.
    public var flapThreshold: Int

    public init(flapThreshold: Int = 4) {
        self.flapThreshold = flapThreshold
    }
}

/// A member's consistency across its sessions: of the prefixes it has at the end of the day,
/// how many carry no consistency finding at warning or above.
public struct MemberConsistency: Hashable, Sendable {
    public var asn: ASN
    /// Share of its prefixes announced alike on all its sessions (0...1; 1 is fully consistent).
    public var score: Double
    /// Distinct prefixes present at the end of the day on any of its sessions.
    public var prefixes: Int
    /// Of them, those without a consistency finding at warning or above.
    public var consistentPrefixes: Int

    public init(asn: ASN, score: Double, prefixes: Int = 0, consistentPrefixes: Int = 0) {
        self.asn = asn
        self.score = score
        self.prefixes = prefixes
        self.consistentPrefixes = consistentPrefixes
    }

    public var inconsistentPrefixes: Int { prefixes - consistentPrefixes }
}

/// The consistency analysis (docs/rules.md section C, first row; rules S1 and P3): the same
/// prefixes and the same attributes on every session of a member, both address families, and
/// stability over the day. Sessions are attributed to members by peer ASN; sessions of ASNs
/// that are not members are not judged here. The checks, their rules and thresholds are in
/// `PrefixSetChecks`, `AttributeChecks`, `StabilityChecks`, `AddressFamilyCheck` and
/// `RouteServerSessionCheck`.
///
/// Roughly linear: each member's routes are gathered in one pass over its sessions and
/// sorted once by prefix; every check then walks the sorted routes.
public enum ConsistencyAnalysis {
    public typealias Result = (findings: [Finding], scores: [MemberConsistency])

    public static func run(_ inputs: AuditInputs) -> Result {
        join(parts(inputs, count: 1).map { $0() })
    }

    /// The analysis in `count` parts to run side by side, each over a run of members in list
    /// order holding about an equal share of the routes (a few members hold most of them);
    /// `join` puts their results together as one run gives them.
    static func parts(_ inputs: AuditInputs, count: Int) -> [() -> Result] {
        let sessionsOf = memberSessions(inputs)
        let members = inputs.members.members
        // A member weighs 1 plus its routes.
        var workBefore = [0]
        for member in members {
            workBefore.append(workBefore.last! + (sessionsOf[member.asn] ?? []).reduce(1) { $0 + $1.routes.count })
        }
        let bounds = equalWorkParts(count, of: members.count) { workBefore[$0] }
        return (0..<count).map { part in
            { run(inputs, members: members[bounds[part]..<bounds[part + 1]], sessionsOf: sessionsOf) }
        }
    }

    /// The parts' results, in the order of the parts.
    static func join(_ results: [Result]) -> Result {
        (results.flatMap(\.findings).sorted(by: Finding.reportOrder), results.flatMap(\.scores))
    }

    /// Each member's sessions, in session order; sessions of ASNs that are not members left out.
    private static func memberSessions(_ inputs: AuditInputs) -> [ASN: [SessionState]] {
        var sessionsOf: [ASN: [SessionState]] = [:]
        for session in inputs.rib.sortedSessions where inputs.members.member(asn: session.id.peerASN) != nil {
            sessionsOf[session.id.peerASN, default: []].append(session)
        }
        return sessionsOf
    }

    private static func run(_ inputs: AuditInputs, members: ArraySlice<Member>, sessionsOf: [ASN: [SessionState]]) -> Result {
        let settings = inputs.settings.consistency
        let routeServerSources = inputs.routeServerSources, otherSources = inputs.otherSources
        let servers = Set(routeServerSources)
        let available = inputs.available
        let judgeSessions = available.contains(.twoRouteServers) && available.contains(.everyRouteServer)
        var findings: [Finding] = []
        var scores: [MemberConsistency] = []
        var attributeChecks = AttributeChecks(attributes: inputs.rib.attributes)
        for member in members {
            let name = inputs.name(member.asn)
            let routes = MemberRoutes(asn: member.asn, name: name, sessions: sessionsOf[member.asn] ?? [],
                                      routeServers: servers, flapThreshold: settings.flapThreshold)
            let prefixSets = PrefixSetChecks(member: routes, attributes: inputs.rib.attributes,
                                             routeServerSources: routeServerSources, otherSources: otherSources)
            var presentPrefixes: [Prefix] = []
            var problems: [RouteProblem] = []
            for group in routes.byPrefix {
                presentPrefixes.append(group.first!.key.prefix)
                problems += prefixSets.check(group)
                problems += attributeChecks.check(group, of: routes)
            }
            var found = ConsistencyFindings.findings(problems, of: routes)
            found += StabilityChecks.flapping(routes)
            found += StabilityChecks.sessionResets(routes)
            found += StabilityChecks.communityChurn(routes, attributes: inputs.rib.attributes)
            if let missing = AddressFamilyCheck.check(member, sessions: routes.sessions, name: name) { found.append(missing) }
            if judgeSessions, let missing = RouteServerSessionCheck.check(routes, routeServers: routeServerSources) { found.append(missing) }
            findings += found

            if routes.present.contains(where: { routes.sessions[$0.session].isRouteServer }) {
                scores.append(score(member.asn, prefixes: presentPrefixes, findings: found))
            }
        }
        return (findings, scores)
    }

    /// The share of `prefixes` without a route in a finding at warning or above.
    static func score(_ asn: ASN, prefixes: [Prefix], findings: [Finding]) -> MemberConsistency {
        let flagged = Set(findings.filter { $0.severity >= .warning }.flatMap { $0.routes.map(\.prefix) })
        let consistent = flagged.isEmpty ? prefixes.count : prefixes.filter { !flagged.contains($0) }.count
        let share = prefixes.isEmpty ? 1 : Double(consistent) / Double(prefixes.count)
        return MemberConsistency(asn: asn, score: share, prefixes: prefixes.count, consistentPrefixes: consistent)
    }
}
