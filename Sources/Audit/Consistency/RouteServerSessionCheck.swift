import BGP

/// rs-session-missing (S1: consistent announcements across all peering sessions, RS1 and RS2
/// alike): in an address family where the member has a session with some of the IXP's route
/// servers, it has none with the others, so their peers get none of its routes of that family
/// from them. rs-prefix-set cannot see this: it compares only the route servers where the
/// member has a session.
///
/// Any session counts, up or down at the end of the day (a session that went down is
/// session-reset's). A member with no route-server session of a family at all is left to
/// address-family-missing. The check runs only when every route server of the job has a
/// complete night (`AuditInputs.routeServerGaps` empty): without a route server's RIB dump a
/// session that sent nothing cannot be told from no session.
enum RouteServerSessionCheck {
    /// One finding per member: its families with a route server missing, each with the
    /// sessions it has and the route servers it lacks. The count is the missing (route server,
    /// family) pairs; routes affected the distinct prefixes of those families the member has on
    /// its route-server sessions at the end of the day (what the other route servers' peers miss).
    static func check(_ member: MemberRoutes, routeServers: [String]) -> Finding? {
        var parts: [String] = []
        var missingPairs = 0
        var families: Set<AddressFamily> = []
        var sources: [String] = []
        for family in [AddressFamily.ipv4, .ipv6] {
            let sessions = member.sessions.filter { $0.isRouteServer && $0.carries(family) }
            guard !sessions.isEmpty else { continue }
            let have = Set(sessions.map(\.source))
            let lacking = routeServers.filter { !have.contains($0) }
            guard !lacking.isEmpty else { continue }
            missingPairs += lacking.count
            families.insert(family)
            for source in routeServers where have.contains(source) && !sources.contains(source) { sources.append(source) }
            parts.append("\(AddressFamilyCheck.familyName(family)): sessions with \(routeServers.filter(have.contains).joined(separator: ", ")) "
                + "(\(sessions.map(describe).joined(separator: ", "))), none with \(lacking.joined(separator: ", "))")
        }
        guard missingPairs > 0 else { return nil }
        var prefixes = Set<Prefix>()
        for route in member.present where families.contains(route.key.prefix.family) && member.sessions[route.session].isRouteServer {
            prefixes.insert(route.key.prefix)
        }
        return Finding(.rsSessionMissing, member: member.asn, memberName: member.name, source: sources.joined(separator: ";"),
                       evidence: parts.joined(separator: "; ") + "; so \(prefixes.count) of its "
                           + (families.count == 2 ? "IPv4 and IPv6" : AddressFamilyCheck.familyName(families.first!))
                           + " prefixes at the route servers are on none of those it has no session with",
                       count: missingPairs, routesAffected: prefixes.count)
    }

    /// "rs1 185.1.15.21 up with 812 IPv4 and 0 IPv6 routes" / "rs1 185.1.15.21 down at the end of the day".
    private static func describe(_ session: MemberSession) -> String {
        let s = session.state
        return session.isUp ? "\(session.label) up with \(s.ipv4Routes) IPv4 and \(s.ipv6Routes) IPv6 routes"
            : "\(session.label) down at the end of the day"
    }
}
