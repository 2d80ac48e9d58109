import BGP

/// The checks of stability over the day (S1: consistent announcements also in time), from the
/// counters reconstruction keeps per session and per route.
///
/// - session-reset: the session left Established (its routes were dropped); one finding per
///   session, count = resets, first and last seen = the first and last reset.
/// - route-flapping: a route announced again after an explicit withdrawal at least
///   `flapThreshold` times (`RouteRecord.withdrawalFlaps`: returns after a session reset are
///   the reset's, not the route's); one finding per member, prefix and source.
/// - community-churn: a route announced again with other communities while present, which
///   changes who the route servers export it to; one finding per member, prefix and source.
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
                           firstSeen: state.resetTimes.first, lastSeen: state.resetTimes.last, count: state.resets)
        }
    }

    static func flapping(_ member: MemberRoutes) -> [Finding] {
        groups(member.flapping, of: member).map { prefix, source, routes in
            let parts = routes.map { route -> String in
                let r = route.record
                let afterResets = Int(r.flaps) - Int(r.withdrawalFlaps)
                let resets = afterResets > 0 ? " (and \(afterResets) after session resets, not counted)" : ""
                return "\(label(route, member)): withdrawn and announced again \(ConsistencyEvidence.times(Int(r.withdrawalFlaps)))"
                    + "\(resets), \(r.isPresent ? "present" : "withdrawn") at the end of the day"
            }
            return Finding(.routeFlapping, member: member.asn, memberName: member.name, source: source, prefix: prefix,
                           evidence: parts.joined(separator: "; "),
                           firstSeen: routes.map(\.record.firstSeen).min(), lastSeen: routes.map(\.record.lastSeen).max(),
                           count: routes.map { Int($0.record.withdrawalFlaps) }.max() ?? 0)
        }
    }

    static func communityChurn(_ member: MemberRoutes, attributes: AttributeInterner) -> [Finding] {
        groups(member.communityChurn, of: member).map { prefix, source, routes in
            let parts = routes.map { route -> String in
                let changes = Int(route.record.communityChanges)
                let shown = changes == Int(UInt8.max) ? "\(changes) or more times" : ConsistencyEvidence.times(changes)
                return "\(label(route, member)): announced again with other communities \(shown) while present; "
                    + "last announced with \(ConsistencyEvidence.communities(attributes[route.record.attributes]))"
            }
            return Finding(.communityChurn, member: member.asn, memberName: member.name, source: source, prefix: prefix,
                           evidence: parts.joined(separator: "; "),
                           firstSeen: routes.map(\.record.firstSeen).min(), lastSeen: routes.map(\.record.lastSeen).max(),
                           count: routes.map { Int($0.record.communityChanges) }.max() ?? 0)
        }
    }

    /// "rs1 185.1.15.21" and the path id when there is one.
    private static func label(_ route: NotableRoute, _ member: MemberRoutes) -> String {
        member.sessions[route.session].label + (route.key.pathID == 0 ? "" : " path id \(route.key.pathID)")
    }

    /// The routes grouped by prefix and source label, in that order.
    private static func groups(_ routes: [NotableRoute], of member: MemberRoutes) -> [(Prefix, String, [NotableRoute])] {
        let sorted = routes.sorted { a, b in
            let sa = member.sessions[a.session].source, sb = member.sessions[b.session].source
            return (a.key.prefix, sa, a.key.pathID, a.session) < (b.key.prefix, sb, b.key.pathID, b.session)
        }
        var out: [(Prefix, String, [NotableRoute])] = []
        for route in sorted {
            let source = member.sessions[route.session].source
            if let last = out.last, last.0 == route.key.prefix, last.1 == source {
                out[out.count - 1].2.append(route)
            } else {
                out.append((route.key.prefix, source, [route]))
            }
        }
        return out
    }
}
