import BGP

/// The prefix-set checks (S1: announcements consistent across all peering sessions; P3: the
/// same prefixes at every point of interconnection), one prefix of one member at a time (the
/// member's findings gather its prefixes: `ConsistencyFindings`), on
/// the routes present at the end of the day. Only sessions that are up at the end count: a
/// session that went down and stayed down is reported by session-reset. A session whose source
/// had no RIB dump (partial state) never counts as missing a prefix, since its routes announced
/// before the first update file are unknown; the routes it has still count as present.
///
/// - rs-prefix-set: present on some of the route servers where the member has a session of
///   the prefix's family, not on all.
/// - session-prefix-set: present on some of the member's sessions of the family at one
///   source (several connections), not on all.
/// - source-prefix-set: present at the route servers but not at another source where the
///   member has a session of the family, or the reverse.
struct PrefixSetChecks {
    let member: MemberRoutes
    let attributes: AttributeInterner
    /// Per family: the route-server sources where the member has an up session, in job order,
    /// and those sessions.
    private let routeServers: [AddressFamily: [(source: String, sessions: [Int])]]
    /// Per family: the other sources where the member has an up session, in job order.
    private let others: [AddressFamily: [(source: String, sessions: [Int])]]
    /// Per family: every up session of the family, ascending. A prefix on exactly these is
    /// consistent (the common case, decided without building sets).
    private let everywhere: [AddressFamily: [Int]]

    init(member: MemberRoutes, attributes: AttributeInterner, routeServerSources: [String], otherSources: [String]) {
        self.member = member
        self.attributes = attributes
        func bySource(_ family: AddressFamily, atRouteServer: Bool, order: [String]) -> [(source: String, sessions: [Int])] {
            let sessions = member.upSessions(family, atRouteServer: atRouteServer)
            let labels = order + Set(sessions.map { member.sessions[$0].source }).subtracting(order).sorted()
            return labels.compactMap { label in
                let here = sessions.filter { member.sessions[$0].source == label }
                return here.isEmpty ? nil : (label, here)
            }
        }
        var routeServers: [AddressFamily: [(source: String, sessions: [Int])]] = [:]
        var others: [AddressFamily: [(source: String, sessions: [Int])]] = [:]
        for family in [AddressFamily.ipv4, .ipv6] {
            routeServers[family] = bySource(family, atRouteServer: true, order: routeServerSources)
            others[family] = bySource(family, atRouteServer: false, order: otherSources)
        }
        self.routeServers = routeServers
        self.others = others
        everywhere = routeServers.merging(others) { $0 + $1 }.mapValues { $0.flatMap(\.sessions).sorted() }
    }

    /// What is inconsistent about one prefix: `routes` are its present routes, all of this member.
    func check(_ routes: ArraySlice<PresentRoute>) -> [RouteProblem] {
        guard let first = routes.first else { return [] }
        let prefix = first.key.prefix
        if onEverySession(routes, everywhere[prefix.family] ?? []) { return [] }
        let sessionsHere = Set(routes.map(\.session))
        let servers = routeServers[prefix.family] ?? []
        let otherSources = others[prefix.family] ?? []
        var problems: [RouteProblem] = []

        // rs-prefix-set
        let serversWith = servers.filter { !sessionsHere.isDisjoint(with: $0.sessions) }.map(\.source)
        let serversWithout = servers.filter { sessionsHere.isDisjoint(with: $0.sessions) && !complete($0.sessions).isEmpty }
        if servers.count >= 2 && !serversWith.isEmpty && !serversWithout.isEmpty {
            let missing = serversWithout.map { "\($0.source) (\(describe(complete($0.sessions))))" }
            problems.append(problem(.rsPrefixSet, prefix, routes, source: serversWith.joined(separator: ";"),
                                    detail: "announced to \(serversWith.joined(separator: ", ")) "
                                        + "(\(pathText(routes.first!))); missing on \(missing.joined(separator: ", "))"))
        }

        // session-prefix-set
        var uneven: [(with: [Int], without: [Int])] = []
        for (_, sessions) in servers + otherSources where sessions.count >= 2 {
            let with = sessions.filter { sessionsHere.contains($0) }
            let without = complete(sessions).filter { !sessionsHere.contains($0) }
            if !with.isEmpty && !without.isEmpty { uneven.append((with, without)) }
        }
        if !uneven.isEmpty {
            let with = uneven.flatMap(\.with), without = uneven.flatMap(\.without)
            problems.append(problem(.sessionPrefixSet, prefix, routes, source: with.map { member.sessions[$0].label }.joined(separator: ";"),
                                    detail: "announced on \(describe(with)); missing on \(describe(without))"))
        }

        // source-prefix-set
        if !servers.isEmpty {
            let onServers = !serversWith.isEmpty
            let serversComplete = servers.contains { !complete($0.sessions).isEmpty }
            for (source, sessions) in otherSources {
                let atSource = !sessionsHere.isDisjoint(with: sessions)
                guard onServers != atSource, onServers ? !complete(sessions).isEmpty : serversComplete else { continue }
                let serverList = servers.map(\.source).joined(separator: ", ")
                if onServers {
                    problems.append(problem(.sourcePrefixSet, prefix, routes, source: serversWith.joined(separator: ";"), scope: source,
                                            detail: "announced to the route servers (\(serversWith.joined(separator: ", "))), "
                                                + "not at \(source) (\(describe(complete(sessions))))"))
                } else {
                    problems.append(problem(.sourcePrefixSet, prefix, routes, source: source, scope: source,
                                            detail: "announced at \(source) (\(pathText(routes.first!))), "
                                                + "to none of the route servers (\(serverList))"))
                }
            }
        }
        return problems
    }

    /// The sessions whose state is complete (their source had a RIB dump): only they can miss a prefix.
    private func complete(_ sessions: [Int]) -> [Int] { sessions.filter { !member.sessions[$0].state.partial } }

    /// Whether the routes (one per session, path id 0, sorted by session) are on exactly `sessions`.
    private func onEverySession(_ routes: ArraySlice<PresentRoute>, _ sessions: [Int]) -> Bool {
        guard routes.count == sessions.count else { return false }
        return zip(routes, sessions).allSatisfy { $0.key.pathID == 0 && $0.session == $1 }
    }

    private func problem(_ check: Check, _ prefix: Prefix, _ routes: ArraySlice<PresentRoute>, source: String,
                         scope: String = "", detail: String) -> RouteProblem {
        RouteProblem(check: check, scope: scope,
                     route: AffectedRoute(source: source, prefix: prefix, firstSeen: routes.map(\.record.firstSeen).min(),
                                          lastSeen: routes.map(\.record.lastSeen).max(), detail: detail))
    }

    /// "rs2 185.1.15.21 up with 812 IPv4 and 0 IPv6 routes": what a person checks to see that
    /// the session was there to carry the route.
    private func describe(_ sessions: [Int]) -> String {
        sessions.map { index in
            let s = member.sessions[index]
            return "\(s.label) up with \(s.state.ipv4Routes) IPv4 and \(s.state.ipv6Routes) IPv6 routes"
        }.joined(separator: ", ")
    }

    /// "AS path 8359 3333 on rs1 185.1.15.21".
    private func pathText(_ route: PresentRoute) -> String {
        "AS path \(ConsistencyEvidence.path(attributes[route.record.attributes].asPath)) on \(member.sessions[route.session].label)"
    }
}
