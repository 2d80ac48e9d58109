import BGP
import Job
import Routing

/// What one route server's simulation runs on: the baseline, or the baseline with a scenario
/// applied.
public struct SimulationInputs: Sendable {
    public var rib: RouteServerRIB
    public var scheme: CommunityScheme
    public var policy: ImportPolicy
    public var members: MemberDirectory?
    public var mode: ExportMode
    public var implementation: RouteServerImplementation
    /// The route server's own max-prefix way (`RouteServerConfig.maxPrefix`), applied over the
    /// policy's when simulating.
    public var maxPrefix: MaxPrefixRule.Behaviour?
    /// Whether the route server removes its control communities on export.
    public var controlCommunities: ControlCommunityHandling

    public init(rib: RouteServerRIB, scheme: CommunityScheme, policy: ImportPolicy, members: MemberDirectory? = nil,
                mode: ExportMode = .best, implementation: RouteServerImplementation = .standard,
                maxPrefix: MaxPrefixRule.Behaviour? = nil, controlCommunities: ControlCommunityHandling = .strip) {
        self.rib = rib
        self.scheme = scheme
        self.policy = policy
        self.members = members
        self.mode = mode
        self.implementation = implementation
        self.maxPrefix = maxPrefix
        self.controlCommunities = controlCommunities
    }

    /// Runs the simulation on these inputs.
    public func simulate() -> ExportResult {
        let server = RouteServerConfig(label: rib.label, asn: ASN(0), implementation: implementation, maxPrefix: maxPrefix,
                                       keepsRejectedTagged: scheme.rejectTags != nil, controlCommunities: controlCommunities)
        return RouteServerSimulation.run(rib, scheme: scheme, policy: server.effectivePolicy(policy), members: members,
                                         implementation: implementation, controlCommunities: controlCommunities)
    }
}

/// The inputs a scenario gives, and what is worth knowing about how it applied (a change that
/// found nothing to change, a member that could not join).
public struct AppliedScenario: Sendable {
    public var inputs: SimulationInputs
    public var notes: [String]
    /// Names of members that joined (they may be missing from the member list).
    public var joinedNames: [ASN: String]
}

extension Scenario {
    /// Applies the changes, in order, to `baseline`. Nothing fails: a change that finds
    /// nothing to act on (a member with no session here, a prefix it does not send) is
    /// skipped or partly applied and said so in `notes`, naming the scenario's line.
    public func apply(to baseline: SimulationInputs) -> AppliedScenario {
        var state = ScenarioApplier(inputs: baseline)
        for (n, change) in changes.enumerated() {
            let line = n < changeLines.count ? changeLines[n] : nil
            state.place = "\(file ?? name)\(line.map { ":\($0)" } ?? ""): \(change.kind)"
            state.apply(change)
        }
        return AppliedScenario(inputs: state.inputs, notes: state.notes, joinedNames: state.joinedNames)
    }
}

struct ScenarioApplier {
    var inputs: SimulationInputs
    var notes: [String] = []
    var joinedNames: [ASN: String] = [:]
    var place = ""
    init(inputs: SimulationInputs) { self.inputs = inputs }

    mutating func note(_ text: String) { notes.append("\(place): \(text)") }

    mutating func apply(_ change: ScenarioChange) {
        switch change {
        case let .setCommunities(member, list, prefixes):
            editCommunities(member: member, prefixes: prefixes) { a in
                a.communities = Self.unique(list.standard)
                a.largeCommunities = Self.unique(list.large)
            }
        case let .addCommunities(member, list, prefixes):
            editCommunities(member: member, prefixes: prefixes) { a in
                for c in list.standard where !a.communities.contains(c) { a.communities.append(c) }
                for c in list.large where !a.largeCommunities.contains(c) { a.largeCommunities.append(c) }
            }
        case let .removeCommunities(member, list, prefixes):
            editCommunities(member: member, prefixes: prefixes) { a in
                a.communities.removeAll { list.standard.contains($0) }
                a.largeCommunities.removeAll { list.large.contains($0) }
            }
        case let .memberLeaves(asn):
            leave(asn)
        case let .memberJoins(member):
            join(member)
        case let .exportMode(mode):
            guard inputs.implementation.modeNames.contains(where: { $0.mode == mode }) else {
                note("\(mode) is not a mode of \(inputs.implementation.software); nothing changed"
                    + " (a route_server change can switch the implementation)")
                return
            }
            if mode == inputs.mode { note("the route server already exports in \(mode) mode") }
            inputs.mode = mode
        case let .routeServer(implementation, maxPrefix):
            if implementation == inputs.implementation && maxPrefix == inputs.maxPrefix {
                note("the route server already runs \(implementation)")
            }
            inputs.implementation = implementation
            inputs.maxPrefix = maxPrefix
            inputs.mode = implementation.configuredMode
        case let .policy(list):
            for c in list { changePolicy(c) }
        }
    }

    static func unique<T: Hashable>(_ list: [T]) -> [T] {
        var seen = Set<T>()
        return list.filter { seen.insert($0).inserted }
    }

    mutating func editCommunities(member: ASN, prefixes: [Prefix]?, _ edit: (inout PathAttributes) -> Void) {
        let sessions = Set(inputs.rib.sessions.indices.filter { inputs.rib.sessions[$0].peerASN == member }.map(Int32.init))
        guard !sessions.isEmpty else {
            note("AS\(member) has no session on \(inputs.rib.label); nothing changed")
            return
        }
        let wanted = prefixes.map(Set.init)
        var matched = Set<Prefix>()
        var cache: [Int32: Int32] = [:]
        for i in inputs.rib.routes.indices {
            let route = inputs.rib.routes[i]
            guard sessions.contains(route.session) else { continue }
            if let wanted {
                guard wanted.contains(route.prefix) else { continue }
                matched.insert(route.prefix)
            }
            if let id = cache[route.attributes] {
                inputs.rib.routes[i].attributes = id
                continue
            }
            var a = inputs.rib.attributes[Int(route.attributes)]
            edit(&a)
            let id = inputs.rib.attributes.intern(a)
            cache[route.attributes] = id
            inputs.rib.routes[i].attributes = id
        }
        if let prefixes {
            let missing = prefixes.filter { !matched.contains($0) }
            if !missing.isEmpty {
                note("AS\(member) sends no route for \(missing.map(\.description).joined(separator: " ")) on \(inputs.rib.label)")
            }
        } else if cache.isEmpty {
            note("AS\(member) sends no route on \(inputs.rib.label); nothing changed")
        }
    }

    mutating func leave(_ asn: ASN) {
        let rib = inputs.rib
        let keep = rib.sessions.indices.filter { rib.sessions[$0].peerASN != asn }
        if keep.count == rib.sessions.count {
            note("AS\(asn) has no session on \(rib.label)")
        } else {
            var newIndex = [Int32](repeating: -1, count: rib.sessions.count)
            for (n, old) in keep.enumerated() { newIndex[old] = Int32(n) }
            inputs.rib.sessions = keep.map { rib.sessions[$0] }
            inputs.rib.routes = rib.routes.compactMap { r in
                let s = newIndex[Int(r.session)]
                guard s >= 0 else { return nil }
                var out = r
                out.session = s
                return out
            }
        }
        if let members = inputs.members, members.member(asn: asn) != nil {
            inputs.members = MemberDirectory(members.members.filter { $0.asn != asn }, routeServerAddresses: members.routeServerAddresses)
        }
    }

    mutating func join(_ member: JoiningMember) {
        let rib = inputs.rib
        if rib.sessions.contains(where: { $0.peerASN == member.asn }) || inputs.members?.member(asn: member.asn) != nil {
            note("AS\(member.asn) is already a member; it was not added (use the community changes to change its routes)")
            return
        }
        for address in member.ipv4 + member.ipv6 {
            if let other = rib.sessions.first(where: { $0.peerAddress == address }) {
                note("\(address) is the address of AS\(other.peerASN)'s session; AS\(member.asn) was not added")
                return
            }
            if let owner = inputs.members?.member(address: address) {
                note("\(address) is assigned to AS\(owner.asn) in the member list; AS\(member.asn) was not added")
                return
            }
        }
        var sessionsOf: [AddressFamily: [Int32]] = [:]
        for address in member.ipv4 + member.ipv6 {
            inputs.rib.sessions.append(SessionID(source: rib.label, peerAddress: address, peerASN: member.asn))
            sessionsOf[address.family, default: []].append(Int32(inputs.rib.sessions.count - 1))
        }
        for route in member.routes {
            for s in sessionsOf[route.prefix.family] ?? [] {
                var a = PathAttributes()
                a.origin = .igp
                a.asPath = ASPath(sequence: (route.asPath ?? [member.asn]).map(\.rawValue))
                let hop = inputs.rib.sessions[Int(s)].peerAddress
                if route.prefix.family == .ipv4 { a.nextHop = hop } else { a.mpNextHop = MPNextHop(address: hop) }
                a.communities = Self.unique(route.communities.standard)
                a.largeCommunities = Self.unique(route.communities.large)
                inputs.rib.routes.append(ReceivedRoute(session: s, key: RouteKey(prefix: route.prefix), attributes: inputs.rib.attributes.intern(a)))
            }
        }
        joinedNames[member.asn] = member.name ?? "AS\(member.asn)"
        if let members = inputs.members {
            inputs.members = MemberDirectory(members.members + [Member(asn: member.asn, name: member.name, ipv4: member.ipv4, ipv6: member.ipv6)],
                                             routeServerAddresses: members.routeServerAddresses)
        }
    }

    mutating func changePolicy(_ change: PolicyChange) {
        var p = inputs.policy
        let clauseFallback = "scenario"
        switch change {
        case let .disable(rule):
            p.remove(rule)
            if p == inputs.policy { note("the policy does not check \(rule); nothing changed") }
        case let .prefixLength(clause, v4min, v4max, v6min, v6max):
            // A new rule starts with no limit, so only the bounds given restrict anything.
            var rule = p.prefixLength ?? PrefixLengthRule(clause: clause ?? clauseFallback, ipv4: 0...32, ipv6: 0...128)
            if let clause { rule.clause = clause }
            let lo4 = v4min ?? rule.ipv4.lowerBound, hi4 = v4max ?? rule.ipv4.upperBound
            let lo6 = v6min ?? rule.ipv6.lowerBound, hi6 = v6max ?? rule.ipv6.upperBound
            guard lo4 <= hi4, lo6 <= hi6 else {
                note("prefix_length: min would be larger than max (IPv4 \(lo4)-\(hi4), IPv6 \(lo6)-\(hi6)); not changed")
                return
            }
            rule.ipv4 = lo4...hi4
            rule.ipv6 = lo6...hi6
            p.prefixLength = rule
        case let .maxPrefix(clause, v4, v6, action):
            var rule = p.maxPrefix ?? MaxPrefixRule(clause: clause ?? clauseFallback)
            if let clause { rule.clause = clause }
            if let v4 { rule.ipv4 = v4 }
            if let v6 { rule.ipv6 = v6 }
            if let action { rule.action = action }
            p.maxPrefix = rule
            if let members = inputs.members {
                let own = members.members.filter { $0.maxPrefixIPv4 != nil || $0.maxPrefixIPv6 != nil }.count
                if own > 0 { note("\(own) member(s) have their own max-prefix limit in the member list, which still applies to them") }
            }
        case let .asPathLength(clause, max):
            var rule = p.asPathLength ?? PathLengthRule(clause: clause ?? clauseFallback, max: max)
            if let clause { rule.clause = clause }
            rule.max = max
            p.asPathLength = rule
        }
        inputs.policy = p
    }
}
