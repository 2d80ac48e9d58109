import BGP

/// The checks of stability over the day (S1: consistent announcements also in time), from the
/// counters reconstruction keeps per session and per route.
///
/// - session-reset: the session left Established (its routes were dropped); one finding per
///   session, count = resets, first and last seen = the first and last reset.
/// - route-flapping: a route announced again after an explicit withdrawal at least
///   `flapThreshold` times (`RouteRecord.withdrawalFlaps`: returns after a session reset are
///   the reset's, not the route's); one finding per member and session, count = its routes,
///   each route with its flaps.
/// - community-churn: a route announced again with other communities while present, which
///   changes who the route servers export it to; one finding per member and session, count =
///   its routes, each route with its changes.
enum StabilityChecks {
    static func sessionResets(_ member: MemberRoutes) -> [Finding] {
        member.sessions.filter { $0.state.resets > 0 }.map { session in
            let state = session.state
            let shown = state.resetTimes.prefix(10).map(ConsistencyEvidence.time)
            let more = state.resetTimes.count > shown.count ? " and \(state.resetTimes.count - shown.count) more" : ""
            let end = session.isUp
                ? "up at the end of the day with \(state.ipv4Routes) IPv4 and \(state.ipv6Routes) IPv6 routes"
                : "down at the end of the day"
            return Finding(.sessionReset, member: member.asn, memberName: member.name, source: session.label,
                           evidence: "left Established \(ConsistencyEvidence.times(state.resets)) (\(shown.joined(separator: ", "))\(more)), "
                               + "dropping its routes each time; \(end)",
                           firstSeen: state.resetTimes.first, lastSeen: state.resetTimes.last, count: state.resets,
                           routesAffected: state.routes.count)
        }
    }

    static func flapping(_ member: MemberRoutes) -> [Finding] {
        perSession(member.flapping, of: member).map { session, routes in
            let details = routes.map { route -> AffectedRoute in
                let r = route.record
                let afterResets = Int(r.flaps) - Int(r.withdrawalFlaps)
                let resets = afterResets > 0 ? " (and \(afterResets) after session resets, not counted)" : ""
                return affected(route, session, count: Int(r.withdrawalFlaps),
                                detail: "withdrawn and announced again \(ConsistencyEvidence.times(Int(r.withdrawalFlaps)))"
                                    + "\(resets), \(r.isPresent ? "present" : "withdrawn") at the end of the day")
            }
            let most = details.max { ($0.count, $1.prefix) < ($1.count, $0.prefix) }!
            return finding(.routeFlapping, member, session, details,
                           evidence: "\(routeList(details)) withdrawn and announced again at least \(member.flapThreshold) times; "
                               + "the most: \(most.prefix), \(most.detail)")
        }
    }

    static func communityChurn(_ member: MemberRoutes, attributes: AttributeInterner) -> [Finding] {
        perSession(member.communityChurn, of: member).map { session, routes in
            let details = routes.map { route -> AffectedRoute in
                let changes = Int(route.record.communityChanges)
                let shown = changes == Int(UInt8.max) ? "\(changes) or more times" : ConsistencyEvidence.times(changes)
                return affected(route, session, count: changes,
                                detail: "announced again with other communities \(shown) while present; "
                                    + "last announced with \(ConsistencyEvidence.communities(attributes[route.record.attributes]))")
            }
            let most = details.max { ($0.count, $1.prefix) < ($1.count, $0.prefix) }!
            return finding(.communityChurn, member, session, details,
                           evidence: "\(routeList(details)) announced again with other communities while present; "
                               + "the most: \(most.prefix), \(most.detail)")
        }
    }

    /// One finding of a session's routes: count and routes affected are the routes.
    private static func finding(_ check: Check, _ member: MemberRoutes, _ session: MemberSession, _ routes: [AffectedRoute],
                                evidence: String) -> Finding {
        Finding(check, member: member.asn, memberName: member.name, source: session.label, prefix: routes.first?.prefix,
                evidence: evidence, firstSeen: routes.compactMap(\.firstSeen).min(), lastSeen: routes.compactMap(\.lastSeen).max(),
                count: routes.count, routes: routes, routesAffected: routes.count)
    }

    private static func affected(_ route: NotableRoute, _ session: MemberSession, count: Int, detail: String) -> AffectedRoute {
        AffectedRoute(source: session.label, prefix: route.key.prefix, pathID: route.key.pathID, firstSeen: route.record.firstSeen,
                      lastSeen: route.record.lastSeen, count: count, detail: detail)
    }

    /// `2 routes (193.0.0.0/21, 193.0.8.0/23)`; a route of an ADD-PATH session names its path id.
    private static func routeList(_ routes: [AffectedRoute]) -> String {
        Examples.list(routes.prefix(Examples.shown).map { $0.pathID == 0 ? "\($0.prefix)" : "\($0.prefix) path id \($0.pathID)" },
                      total: routes.count, "route", "routes")
    }

    /// The routes grouped by session, sessions in the member's order, routes by prefix and path id.
    private static func perSession(_ routes: [NotableRoute], of member: MemberRoutes) -> [(MemberSession, [NotableRoute])] {
        Dictionary(grouping: routes, by: \.session).sorted { $0.key < $1.key }.map { index, routes in
            (member.sessions[index], routes.sorted { $0.key < $1.key })
        }
    }
}
