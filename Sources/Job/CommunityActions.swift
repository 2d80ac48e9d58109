import BGP

/// The control communities beyond who-gets-the-route (`ControlCommunities`): prepending,
/// blackholing (RFC 7999), graceful shutdown (RFC 8326), and whether the route server obeys
/// the RFC 1997 well-known NO_EXPORT and NO_ADVERTISE. Configuration data, like the rest of
/// `CommunityScheme`; `defaults(profile:routeServerASN:)` gives what each shipped profile
/// defines (docs/route-server-semantics.md, "More control communities").
public struct CommunityActions: Hashable, Sendable {
    public var prependStandard: PrependCommunities<StandardCommunityPattern>
    public var prependLarge: PrependCommunities<LargeCommunityPattern>
    /// Nil: the IXP offers no blackholing, and a blackhole-tagged route is an ordinary route.
    public var blackhole: BlackholeSettings?
    /// Communities that ask for LOCAL_PREF 0 before the decision process (empty: none honoured).
    public var gracefulShutdownStandard: [Community]
    public var gracefulShutdownLarge: [LargeCommunity]
    /// Whether NO_EXPORT, NO_EXPORT_SUBCONFED and NO_ADVERTISE keep a route from every
    /// member. BIRD does that by default (`interpret communities on`: a route-server client
    /// session is eBGP, so `bgp_preexport` refuses all three); `ignore` models
    /// `interpret communities off`.
    public var wellKnown: WellKnownHandling

    public init(prependStandard: PrependCommunities<StandardCommunityPattern> = PrependCommunities(),
                prependLarge: PrependCommunities<LargeCommunityPattern> = PrependCommunities(),
                blackhole: BlackholeSettings? = nil, gracefulShutdownStandard: [Community] = [],
                gracefulShutdownLarge: [LargeCommunity] = [], wellKnown: WellKnownHandling = .interpret) {
        self.prependStandard = prependStandard
        self.prependLarge = prependLarge
        self.blackhole = blackhole
        self.gracefulShutdownStandard = gracefulShutdownStandard
        self.gracefulShutdownLarge = gracefulShutdownLarge
        self.wellKnown = wellKnown
    }

    /// RFC 8326's GRACEFUL_SHUTDOWN.
    public static let gracefulShutdown = Community(0xFFFF, 0)
    /// RFC 7999's BLACKHOLE.
    public static let blackholeCommunity = Community(0xFFFF, 666)

    /// What each shipped profile defines, with the route server's ASN filled in.
    ///
    /// - arouteserver (its `general.yml` community names, values as its documentation's
    ///   examples use them): prepend once/twice/thrice to a peer `65511:peer`, `65512:peer`,
    ///   `65513:peer` and `RS:101:peer`, `RS:102:peer`, `RS:103:peer`; to all `65501:RS`,
    ///   `65502:RS`, `65503:RS` and `RS:101:0`, `RS:102:0`, `RS:103:0`. Blackholing with
    ///   `65535:666` or `RS:666:0`, prefixes up to /32 and /128. GRACEFUL_SHUTDOWN honoured.
    /// - IXP Manager (its BIRD 2 route-server templates): prepending only in large form,
    ///   `RS:101:peer`, `RS:102:peer`, `RS:103:peer`, with peer 0 meaning every peer.
    ///   Blackholing with `65535:666`, up to /32 and /128. GRACEFUL_SHUTDOWN honoured.
    ///
    /// Blackhole next hops are the IXP's own addresses, so a profile has none by default:
    /// without one the route keeps its next hop (arouteserver's "propagate-unchanged").
    public static func defaults(profile: CommunityProfile, routeServerASN rs: ASN) -> CommunityActions {
        let r = CommunityField.value(rs.rawValue)
        let large = PrependCommunities(
            toPeer: (1...3).map { LargeCommunityPattern(r, .value(100 + UInt32($0)), .peer) },
            toAll: (1...3).map { LargeCommunityPattern(r, .value(100 + UInt32($0)), .value(0)) })
        switch profile {
        case .arouteserver:
            let toPeer = (1...3).map { StandardCommunityPattern(.value(65510 + UInt32($0)), .peer) }
            let toAll: [StandardCommunityPattern?] = rs.rawValue <= 0xFFFF
                ? (1...3).map { StandardCommunityPattern(.value(65500 + UInt32($0)), r) } : [nil, nil, nil]
            return CommunityActions(prependStandard: PrependCommunities(toPeer: toPeer, toAll: toAll), prependLarge: large,
                                    blackhole: BlackholeSettings(standard: [blackholeCommunity], large: [LargeCommunity(rs.rawValue, 666, 0)]),
                                    gracefulShutdownStandard: [gracefulShutdown])
        case .ixpManager:
            return CommunityActions(prependLarge: large, blackhole: BlackholeSettings(standard: [blackholeCommunity]),
                                    gracefulShutdownStandard: [gracefulShutdown])
        }
    }
}

/// The communities that prepend the sender's ASN once, twice or thrice on export, to the
/// peer named or to every peer (index 0 once, 1 twice, 2 thrice; nil where there is none).
/// The route server prepends the route's first AS (the member's), as arouteserver and IXP
/// Manager do: a transparent route server has no ASN of its own in the path.
public struct PrependCommunities<Pattern: Hashable & Sendable>: Hashable, Sendable {
    public var toPeer: [Pattern?]
    public var toAll: [Pattern?]

    public init(toPeer: [Pattern?] = [nil, nil, nil], toAll: [Pattern?] = [nil, nil, nil]) {
        precondition(toPeer.count == 3 && toAll.count == 3, "once, twice and thrice")
        self.toPeer = toPeer
        self.toAll = toAll
    }
}

/// Blackholing (RFC 7999): which communities ask for it, how long a tagged prefix may be, and
/// the next hop the route server sets when it announces a tagged route.
public struct BlackholeSettings: Hashable, Sendable {
    public var standard: [Community]
    public var large: [LargeCommunity]
    /// Longest prefix accepted when tagged (untagged routes keep the policy's limit).
    public var maxLengthIPv4: UInt8
    public var maxLengthIPv6: UInt8
    /// The IXP's blackhole next hops; nil: the route keeps its own.
    public var nextHopIPv4: IPAddress?
    public var nextHopIPv6: IPAddress?

    public init(standard: [Community] = [CommunityActions.blackholeCommunity], large: [LargeCommunity] = [],
                maxLengthIPv4: UInt8 = 32, maxLengthIPv6: UInt8 = 128,
                nextHopIPv4: IPAddress? = nil, nextHopIPv6: IPAddress? = nil) {
        self.standard = standard
        self.large = large
        self.maxLengthIPv4 = maxLengthIPv4
        self.maxLengthIPv6 = maxLengthIPv6
        self.nextHopIPv4 = nextHopIPv4
        self.nextHopIPv6 = nextHopIPv6
    }

    public func maxLength(_ family: AddressFamily) -> Int { Int(family == .ipv4 ? maxLengthIPv4 : maxLengthIPv6) }
    public func nextHop(_ family: AddressFamily) -> IPAddress? { family == .ipv4 ? nextHopIPv4 : nextHopIPv6 }
}

/// What the route server does with RFC 1997's well-known NO_EXPORT, NO_EXPORT_SUBCONFED and
/// NO_ADVERTISE.
public enum WellKnownHandling: String, Hashable, Sendable, CaseIterable {
    /// Obeyed: a route carrying one is sent to no member (BIRD's default).
    case interpret
    /// Passed on like any other community (BIRD's `interpret communities off`).
    case ignore
}
