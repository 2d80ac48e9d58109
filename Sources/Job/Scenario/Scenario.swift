import BGP

/// A what-if scenario (docs/route-server-semantics.md, "What-if scenarios"): changes applied, in order, to
/// the inputs of one route server's simulation — its RIB, the member list, the import policy
/// and the export mode — so that the simulation can be run on both and the results compared
/// (`ScenarioDiff`). Loaded from YAML (`Scenario.load(path:)`; the format is documented in
/// `data/scenarios/README.md`) or built from values.
public struct Scenario: Hashable, Sendable {
    /// A short name (`as3216-restrictive`).
    public var name: String
    public var description: String
    public var changes: [ScenarioChange]
    /// The file it came from; nil when built from values.
    public var file: String?
    /// The line of each change in the file (parallel to `changes`), for the notes of `apply`.
    public var changeLines: [Int?]

    public init(name: String, description: String = "", changes: [ScenarioChange], file: String? = nil, changeLines: [Int?]? = nil) {
        self.name = name
        self.description = description
        self.changes = changes
        self.file = file
        self.changeLines = changeLines ?? changes.map { _ in nil }
    }
}

/// One change of a scenario.
public enum ScenarioChange: Hashable, Sendable {
    /// The routes of `member` (all, or only those of the listed prefixes) carry exactly these
    /// standard and large communities (extended communities are kept).
    case setCommunities(member: ASN, communities: CommunityList, prefixes: [Prefix]?)
    /// These communities are added to the routes (each once).
    case addCommunities(member: ASN, communities: CommunityList, prefixes: [Prefix]?)
    /// These communities are taken off the routes.
    case removeCommunities(member: ASN, communities: CommunityList, prefixes: [Prefix]?)
    /// The member's sessions and routes go, and it leaves the member list.
    case memberLeaves(ASN)
    /// A new member with sessions on its addresses and the given routes.
    case memberJoins(JoiningMember)
    /// The route server exports in this mode.
    case exportMode(ExportMode)
    /// Rules of the import policy change (applied in order).
    case policy([PolicyChange])
    /// The route server runs this implementation, exports in the mode its settings give and
    /// applies max-prefix its way (the job file's route-server settings).
    case routeServer(RouteServerImplementation, maxPrefix: MaxPrefixRule.Behaviour?)

    /// The YAML key of the change kind.
    public var kind: String {
        switch self {
        case .setCommunities: return "set_communities"
        case .addCommunities: return "add_communities"
        case .removeCommunities: return "remove_communities"
        case .memberLeaves: return "member_leaves"
        case .memberJoins: return "member_joins"
        case .exportMode: return "export_mode"
        case .policy: return "policy"
        case .routeServer: return "route_server"
        }
    }

    /// The change kinds, as YAML keys.
    public static let kinds = ["set_communities", "add_communities", "remove_communities", "member_leaves", "member_joins",
                               "export_mode", "policy", "route_server"]
}

/// Standard and large communities, as a scenario lists them.
public struct CommunityList: Hashable, Sendable, CustomStringConvertible {
    public var standard: [Community]
    public var large: [LargeCommunity]

    public init(standard: [Community] = [], large: [LargeCommunity] = []) {
        self.standard = standard
        self.large = large
    }

    /// Parses `0:8960 8960:8359 8960:1:210312` (standard `a:b` or a well-known name such as
    /// `no-export`, large `a:b:c`); nil if any word is neither.
    public init?(_ text: String) {
        self.init()
        for word in text.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init) {
            guard add(word) else { return nil }
        }
    }

    /// Adds one community written as text; false if it is not one.
    mutating func add(_ word: String) -> Bool {
        if word.split(separator: ":", omittingEmptySubsequences: false).count == 3 {
            guard let c = LargeCommunity(word) else { return false }
            large.append(c)
        } else {
            guard let c = Community(word) else { return false }
            standard.append(c)
        }
        return true
    }

    public var isEmpty: Bool { standard.isEmpty && large.isEmpty }

    public var description: String {
        (standard.map(\.description) + large.map(\.description)).joined(separator: " ")
    }
}

/// A member that joins in a scenario: one session per address, on the route server whose
/// RIB the scenario is applied to.
public struct JoiningMember: Hashable, Sendable {
    public var asn: ASN
    public var name: String?
    public var ipv4: [IPAddress]
    public var ipv6: [IPAddress]
    public var routes: [JoiningRoute]

    public init(asn: ASN, name: String? = nil, ipv4: [IPAddress] = [], ipv6: [IPAddress] = [], routes: [JoiningRoute] = []) {
        self.asn = asn
        self.name = name
        self.ipv4 = ipv4
        self.ipv6 = ipv6
        self.routes = routes
    }
}

/// A route of a joining member: sent on each of its sessions of the prefix's family, with the
/// session's own address as next hop, ORIGIN IGP.
public struct JoiningRoute: Hashable, Sendable {
    public var prefix: Prefix
    /// The AS path; nil: the member's ASN alone.
    public var asPath: [ASN]?
    public var communities: CommunityList

    public init(prefix: Prefix, asPath: [ASN]? = nil, communities: CommunityList = CommunityList()) {
        self.prefix = prefix
        self.asPath = asPath
        self.communities = communities
    }
}

/// A change to one rule of the import policy (`ImportPolicy`), named by its key in the policy
/// file format (`ImportPolicy.ruleKeys`). A value left nil keeps the current one; a rule the
/// policy does not have is created (with `clause`, or "scenario" when none is given).
public enum PolicyChange: Hashable, Sendable {
    /// The rule is no longer checked (`rule: off`).
    case disable(rule: PolicyRuleKey)
    /// Shortest and longest prefix length accepted per family.
    case prefixLength(clause: String?, ipv4Min: Int?, ipv4Max: Int?, ipv6Min: Int?, ipv6Max: Int?)
    /// The default max-prefix limits and the action (a limit the member list gives for a
    /// member still wins, as in the policy itself).
    case maxPrefix(clause: String?, ipv4: Int?, ipv6: Int?, action: MaxPrefixRule.Action?)
    /// The longest AS path accepted.
    case asPathLength(clause: String?, max: Int)

    /// The rule key it changes.
    public var rule: PolicyRuleKey {
        switch self {
        case let .disable(rule): return rule
        case .prefixLength: return .prefixLength
        case .maxPrefix: return .maxPrefix
        case .asPathLength: return .asPathLength
        }
    }
}
