import Job

/// One check of the analyses: a stable id (like a linter's rule code), what it means, the
/// rule clause it enforces (docs/rules.md) and the inputs it needs. `Check.all` is the
/// catalogue; docs/checks.md documents the same table.
public struct Check: Hashable, Sendable, CustomStringConvertible {
    public let id: CheckID
    public let category: Category
    public let severity: Severity
    /// The rule clauses (docs/rules.md: S1-S7 SmartHub IX, P1-P8 PEG Tech; RFCs).
    public let clause: String
    public let title: String
    public let meaning: String
    public let needs: Set<AuditInput>

    public init(_ id: CheckID, _ category: Category, _ severity: Severity, clause: String, title: String,
                meaning: String, needs: Set<AuditInput> = [.routes]) {
        self.id = id
        self.category = category
        self.severity = severity
        self.clause = clause
        self.title = title
        self.meaning = meaning
        self.needs = needs
    }

    public var description: String { id.description }

    public static func == (a: Check, b: Check) -> Bool { a.id == b.id }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}

/// What a check reads besides the job's member list.
public enum AuditInput: String, CaseIterable, Comparable, Sendable, CustomStringConvertible {
    /// RIB dumps or update streams of at least one source.
    case routes
    /// Sources of two or more route servers.
    case twoRouteServers = "two-route-servers"
    /// A complete night (a RIB dump and at least one session) of every route server of the job.
    case everyRouteServer = "every-route-server"
    /// A source that is not a route server (another IXP's or a collector's view).
    case otherSources = "other-sources"
    /// Update streams (a RIB dump alone has no history).
    case updates
    /// The route-server export simulation (from the routes and the community scheme).
    case simulation
    /// Sampled flows (sFlow as CSV or `sflowtool -l` lines), MACs mapped by the IX-F export.
    case flows
    /// An AS-relationship file (CAIDA serial-1/serial-2, `a|b|rel`).
    case relationships
    /// RPKI validated ROA payloads (rpki-client/Routinator JSON, or CSV).
    case rpki
    /// IRR route/route6 objects (RPSL).
    case irr

    public var description: String { rawValue }
    private var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (a: AuditInput, b: AuditInput) -> Bool { a.rank < b.rank }
}

extension Check {
    // MARK: consistency (S1, P3)
    public static let rsPrefixSet = Check(
        .rsPrefixSet, .consistency, .warning, clause: "S1, P3", title: "Prefix on one route server only",
        meaning: "At the end of the day the member announces the prefix to some of the route servers it has a session with, not to all of them.",
        needs: [.routes, .twoRouteServers])
    public static let rsSessionMissing = Check(
        .rsSessionMissing, .consistency, .warning, clause: "S1", title: "No session with a route server",
        meaning: "The member has sessions of the family with some of the IXP's route servers and none with the others: the peers of those route servers get none of its routes from them.",
        needs: [.routes, .twoRouteServers, .everyRouteServer])
    public static let sessionPrefixSet = Check(
        .sessionPrefixSet, .consistency, .warning, clause: "S1, P3", title: "Prefix on some sessions only",
        meaning: "The member has several sessions of the family with one route server (several connections) and announces the prefix on some of them only.")
    public static let sourcePrefixSet = Check(
        .sourcePrefixSet, .consistency, .warning, clause: "P3", title: "Prefix missing at another IXP or collector",
        meaning: "The member announces the prefix at the route servers but not at another IXP or collector given as a source, or the reverse.",
        needs: [.routes, .otherSources])
    public static let asPathMismatch = Check(
        .asPathMismatch, .consistency, .warning, clause: "S1, P3", title: "AS path differs between sessions",
        meaning: "The same prefix has a different AS path (prepends aside) on the member's sessions.")
    public static let prependMismatch = Check(
        .prependMismatch, .consistency, .warning, clause: "S1, P3", title: "Prepending differs between sessions",
        meaning: "The same prefix is prepended differently on the member's sessions.")
    public static let medMismatch = Check(
        .medMismatch, .consistency, .warning, clause: "S1, P3", title: "MED differs between sessions",
        meaning: "The same prefix carries a different MED on the member's sessions.")
    public static let communityMismatch = Check(
        .communityMismatch, .consistency, .warning, clause: "S1, P3", title: "Communities differ between sessions",
        meaning: "The same prefix carries different communities (standard or large) on the member's sessions, so the route servers export it differently.")
    public static let addressFamilyMissing = Check(
        .addressFamilyMissing, .consistency, .notice, clause: "S1", title: "An address family is missing",
        meaning: "The IXP assigned the member addresses of both families, but it has no session, or announces no route, in one of them.")
    public static let routeFlapping = Check(
        .routeFlapping, .consistency, .warning, clause: "S1", title: "Route flapping",
        meaning: "The route was withdrawn and announced again several times during the day (the threshold is in the check table).",
        needs: [.routes, .updates])
    public static let sessionReset = Check(
        .sessionReset, .consistency, .warning, clause: "S1", title: "Session reset",
        meaning: "The session left Established during the day and its routes were dropped.",
        needs: [.routes, .updates])
    public static let communityChurn = Check(
        .communityChurn, .consistency, .notice, clause: "S1", title: "Communities changed during the day",
        meaning: "The route was announced again with different communities while present, changing who the route servers export it to.",
        needs: [.routes, .updates])

    // MARK: leaks (S2, S4, S6, P1, P2, P6, P7; RFC 7908, RFC 9234)
    public static let transitFreeASN = Check(
        .importRule(.transitFreeASN), .leaks, .error, clause: "S4, S6", title: "Transit-free network behind the member",
        meaning: "A transit-free network (a tier-1) appears in the AS path behind the member: the member leaks routes it learned from a provider or a peer (Peerlock).")
    public static let peerLeak = Check(
        .peerLeak, .leaks, .error, clause: "S4", title: "Another member's routes re-announced",
        meaning: "The member announces a prefix with another member in the AS path, while that member announces the prefix at the IX itself (RFC 7908 type 4), and the relationship file does not make the other member its customer. Without a relationship file the relationship is unknown: a notice, not an error.")
    public static let maxPrefix = Check(
        .importRule(.maxPrefix), .leaks, .error, clause: "P6, S4", title: "Max-prefix exceeded",
        meaning: "The session has more routes of the family than its limit (the member list's max_prefix, else the policy default).")
    public static let prefixCountJump = Check(
        .prefixCountJump, .leaks, .warning, clause: "P6", title: "Sudden jump in prefix count",
        meaning: "The session's route count rose sharply within one interval of the day's updates: the signature of a full-table leak.",
        needs: [.routes, .updates])
    public static let defaultRoute = Check(
        .importRule(.defaultRoute), .leaks, .error, clause: "S4, P5", title: "Default route announced",
        meaning: "The member announces 0.0.0.0/0 or ::/0 to the IX.")
    public static let bogonPrefix = Check(
        .importRule(.bogonPrefix), .leaks, .error, clause: "S4", title: "Bogon prefix",
        meaning: "The prefix lies in a special-purpose range (private, documentation, reserved) that nobody may announce.")
    public static let bogonASN = Check(
        .importRule(.bogonASN), .leaks, .error, clause: "S2, P1", title: "Bogon or private ASN in the path",
        meaning: "The AS path holds a private, reserved or documentation ASN, AS0 or AS_TRANS.")
    public static let prefixTooLong = Check(
        .importRule(.prefixTooLong), .leaks, .warning, clause: "P2, S3", title: "More specific than /24 or /48",
        meaning: "The prefix is longer than the policy allows (IPv4 /24, IPv6 /48 by default).")
    public static let prefixTooShort = Check(
        .importRule(.prefixTooShort), .leaks, .warning, clause: "S4", title: "Less specific than the policy allows",
        meaning: "The prefix is shorter than the policy allows (IPv4 /8, IPv6 /16 by default): nobody holds it whole.")
    public static let asPathTooLong = Check(
        .importRule(.asPathTooLong), .leaks, .warning, clause: "S4", title: "Absurdly long AS path",
        meaning: "The AS path is longer than the policy's limit.")
    public static let otcLeak = Check(
        .otcLeak, .leaks, .error, clause: "RFC 9234, S4", title: "Only-To-Customer leak",
        meaning: "A route sent to a route server already carries OTC (the RS-client ingress rule), or on a peer session OTC names another ASN than the peer's.")
    public static let asSet = Check(
        .asSet, .leaks, .warning, clause: "S3, RFC 9774", title: "AS_SET in the path",
        meaning: "The AS path holds an AS_SET (or a confederation segment), which RFC 9774 deprecates and no filter can validate.")
    public static let rpkiInvalid = Check(
        .rpkiInvalid, .leaks, .error, clause: "P7", title: "RPKI invalid",
        meaning: "A ROA covers the prefix but none matches its origin AS and length (RFC 6811).",
        needs: [.routes, .rpki])
    public static let irrUnregistered = Check(
        .irrUnregistered, .leaks, .warning, clause: "P7", title: "No IRR route object",
        meaning: "No route or route6 object of the IRR file covers the prefix with the path's origin AS.",
        needs: [.routes, .irr])

    // MARK: transit abuse (S4, P8)
    public static let nextHop = Check(
        .importRule(.nextHop), .transitAbuse, .error, clause: "S4", title: "Next hop not the member's own",
        meaning: "The next hop is not the address of the session that announced the route: another member's address (third-party next hop) or one outside the IX LAN (resetting next hop).")
    public static let firstAS = Check(
        .importRule(.firstAS), .transitAbuse, .error, clause: "S4", title: "First AS not the member",
        meaning: "The AS path does not begin with the member's ASN: it relays a third party's routes (route servers do not prepend).")
    public static let trafficSourceOutside = Check(
        .trafficSourceOutside, .transitAbuse, .error, clause: "S4", title: "Traffic from addresses the member does not announce",
        meaning: "The member sends traffic across the IX from source addresses outside everything it announces: it gives next hop to a non-member.",
        needs: [.routes, .flows])
    public static let trafficRatio = Check(
        .trafficRatio, .transitAbuse, .warning, clause: "P8", title: "Traffic ratio over 2:1",
        meaning: "Between two members, one sends more than twice what it receives from the other (over a minimum volume).",
        needs: [.flows])

    // MARK: default pointing (S5, S6, P4, P5)
    public static let trafficUnannounced = Check(
        .trafficUnannounced, .defaultPointing, .error, clause: "S5, P4, P5", title: "Traffic to destinations the receiver never announced",
        meaning: "Member A sends member B traffic for destinations B announced on none of its sessions: A points a default or static route at B.",
        needs: [.routes, .flows])
    public static let trafficFiltered = Check(
        .trafficFiltered, .defaultPointing, .error, clause: "S5, P4", title: "Traffic around the receiver's export policy",
        meaning: "Member A sends member B traffic for destinations B announces, but B's communities keep those routes from A: A routes around B's policy with a static route.",
        needs: [.routes, .simulation, .flows])
    public static let trafficFewRoutes = Check(
        .trafficFewRoutes, .defaultPointing, .warning, clause: "S5, P5", title: "Sending much while receiving few routes",
        meaning: "The member sends a large share of the IX's traffic while the route servers give it few or no routes: it likely points default at the IX.",
        needs: [.routes, .simulation, .flows])

    // MARK: route-server use (S7, section A communities)
    public static let sessionAddress = Check(
        .sessionAddress, .routeServerUse, .error, clause: "S7", title: "Session from an address the IX did not assign",
        meaning: "A session's peer address is not one the IXP assigned to the ASN speaking on it (another member's address, or none).")
    public static let controlCommunity = Check(
        .controlCommunity, .routeServerUse, .warning, clause: "A", title: "Invalid mix of control communities",
        meaning: "The route's export-control communities are not Open+Exclude or Restrictive+Include, or name the member itself or a non-member; the finding says which reading the route servers apply.")
    public static let rsFilterMismatch = Check(
        .rsFilterMismatch, .routeServerUse, .warning, clause: "policy", title: "Route server's verdict differs from the policy",
        meaning: "A route server that keeps rejected routes tagged (the job's communities.reject_tags) disagrees with the import policy on a route: it accepted what the policy rejects, tagged rejected what the policy accepts, or rejected it for another reason. Its configuration differs from the published policy. Not run when no route carries a tag.",
        needs: [.routes, .simulation])

    /// Every check, in the order of the check table.
    public static let all: [Check] = [
        rsPrefixSet, rsSessionMissing, sessionPrefixSet, sourcePrefixSet, asPathMismatch, prependMismatch, medMismatch, communityMismatch,
        addressFamilyMissing, routeFlapping, sessionReset, communityChurn,
        transitFreeASN, peerLeak, maxPrefix, prefixCountJump, defaultRoute, bogonPrefix, bogonASN, prefixTooLong,
        prefixTooShort, asPathTooLong, otcLeak, asSet, rpkiInvalid, irrUnregistered,
        nextHop, firstAS, trafficSourceOutside, trafficRatio,
        trafficUnannounced, trafficFiltered, trafficFewRoutes,
        sessionAddress, controlCommunity, rsFilterMismatch,
    ]

    /// The check that reports `rule` of the import policy.
    public static func enforcing(_ rule: ImportRule) -> Check {
        switch rule {
        case .bogonPrefix: return .bogonPrefix
        case .prefixTooLong: return .prefixTooLong
        case .prefixTooShort: return .prefixTooShort
        case .defaultRoute: return .defaultRoute
        case .bogonASN: return .bogonASN
        case .firstAS: return .firstAS
        case .nextHop: return .nextHop
        case .transitFreeASN: return .transitFreeASN
        case .asPathTooLong: return .asPathTooLong
        case .maxPrefix: return .maxPrefix
        }
    }
}
