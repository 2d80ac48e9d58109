import BGP

/// A route one of the prefix-level consistency checks objects to, before the member's
/// findings are formed.
struct RouteProblem {
    var check: Check
    /// What else tells the member's findings of the check apart: the other source of
    /// source-prefix-set, empty for the others.
    var scope: String = ""
    var route: AffectedRoute
}

/// One finding per member, check and scope out of the member's route problems (a member with
/// 200,000 prefixes on one route server only gets one rs-prefix-set finding, not 200,000):
/// count and routes affected are the prefixes, the prefix shown the first of them, the
/// evidence names up to five and the detail of the first; every route is in `routes`.
enum ConsistencyFindings {
    static func findings(_ problems: [RouteProblem], of member: MemberRoutes) -> [Finding] {
        var groups: [GroupKey: [AffectedRoute]] = [:]
        for problem in problems { groups[GroupKey(check: problem.check, scope: problem.scope), default: []].append(problem.route) }
        return groups.keys.sorted().map { key in
            let routes = groups[key]!.sorted(by: AffectedRoute.before)
            let prefixes = Examples.distinctPrefixes(routes)
            let first = routes[0]
            let evidence = "\(Examples.prefixes(of: routes)) \(headline(key.check, scope: key.scope)); "
                + "\(first.prefix)\(first.pathID == 0 ? "" : " path id \(first.pathID)"): \(first.detail)"
            return Finding(key.check, member: member.asn, memberName: member.name,
                           source: key.scope.isEmpty ? sources(of: routes) : key.scope, prefix: prefixes.first,
                           evidence: evidence, firstSeen: routes.compactMap(\.firstSeen).min(), lastSeen: routes.compactMap(\.lastSeen).max(),
                           count: prefixes.count, routes: routes, routesAffected: prefixes.count)
        }
    }

    static func headline(_ check: Check, scope: String) -> String {
        switch check.id {
        case .rsPrefixSet: return "on some of the route servers only"
        case .sessionPrefixSet: return "on some of the member's sessions at one source only"
        case .sourcePrefixSet: return "at the route servers but not at \(scope), or the reverse"
        case .asPathMismatch: return "with different AS paths on the member's sessions"
        case .prependMismatch: return "prepended differently on the member's sessions"
        case .medMismatch: return "with different MEDs on the member's sessions"
        case .communityMismatch: return "with different communities on the member's sessions"
        default: return check.title
        }
    }

    /// The source labels of the routes' sessions, each once, sorted, joined by `;`.
    static func sources(of routes: [AffectedRoute]) -> String {
        var labels = Set<String>()
        for route in routes {
            for session in route.source.split(separator: ";") { labels.insert(String(session.split(separator: " ")[0])) }
        }
        return labels.sorted().joined(separator: ";")
    }

    private struct GroupKey: Hashable, Comparable {
        var check: Check
        var scope: String

        static func < (a: GroupKey, b: GroupKey) -> Bool {
            let ai = Check.all.firstIndex(of: a.check) ?? 0, bi = Check.all.firstIndex(of: b.check) ?? 0
            return (ai, a.scope) < (bi, b.scope)
        }
    }
}
