import BGP

/// How an IXP's route servers read the export-control communities members attach to their
/// routes: which community means what (the values) and in which order mixed ones are
/// evaluated (the profile). Configuration data only: the route-server simulation applies it.
///
/// The four actions (docs/rules.md section A), in standard and large form:
///
/// | action | standard | large |
/// | --- | --- | --- |
/// | open: announce to all | RS:RS | RS:1:0 |
/// | include: announce to peer | RS:peer | RS:1:peer |
/// | block all: announce to none | 0:RS | RS:0:0 |
/// | exclude: do not announce to peer | 0:peer | RS:0:peer |
public struct CommunityScheme: Hashable, Sendable {
    public var profile: CommunityProfile
    public var standard: ControlCommunities<StandardCommunityPattern>
    public var large: ControlCommunities<LargeCommunityPattern>
    /// How the route servers tag the routes they reject and keep; nil when they drop them
    /// (or the job does not say).
    public var rejectTags: RejectTags?
    /// Prepending, blackholing, graceful shutdown, the well-known communities.
    public var actions: CommunityActions

    public init(profile: CommunityProfile,
                standard: ControlCommunities<StandardCommunityPattern> = ControlCommunities(),
                large: ControlCommunities<LargeCommunityPattern> = ControlCommunities(),
                rejectTags: RejectTags? = nil, actions: CommunityActions = CommunityActions()) {
        self.profile = profile
        self.standard = standard
        self.large = large
        self.rejectTags = rejectTags
        self.actions = actions
    }

    /// The values of the table above for a route server ASN. A four-byte route-server ASN
    /// cannot stand in a 16-bit field, so then only `0:peer` of the standard forms exists.
    public static func defaults(profile: CommunityProfile = .arouteserver, routeServerASN rs: ASN) -> CommunityScheme {
        CommunityScheme(profile: profile,
                        standard: standardDefaults(routeServerASN: rs),
                        large: largeDefaults(routeServerASN: rs),
                        actions: CommunityActions.defaults(profile: profile, routeServerASN: rs))
    }

    public static func standardDefaults(routeServerASN rs: ASN) -> ControlCommunities<StandardCommunityPattern> {
        let exclude = StandardCommunityPattern(.value(0), .peer)
        guard rs.rawValue <= 0xFFFF else { return ControlCommunities(exclude: exclude) }
        let r = CommunityField.value(rs.rawValue)
        return ControlCommunities(open: StandardCommunityPattern(r, r), include: StandardCommunityPattern(r, .peer),
                                  blockAll: StandardCommunityPattern(.value(0), r), exclude: exclude)
    }

    public static func largeDefaults(routeServerASN rs: ASN) -> ControlCommunities<LargeCommunityPattern> {
        let r = CommunityField.value(rs.rawValue)
        return ControlCommunities(open: LargeCommunityPattern(r, .value(1), .value(0)),
                                  include: LargeCommunityPattern(r, .value(1), .peer),
                                  blockAll: LargeCommunityPattern(r, .value(0), .value(0)),
                                  exclude: LargeCommunityPattern(r, .value(0), .peer))
    }
}

/// The order in which a route server evaluates mixed control communities (docs/rules.md
/// section A). The simulation implements each; this names which one an IXP uses.
public enum CommunityProfile: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// arouteserver: first match wins — exclude (do not announce to peer) -> no; include ->
    /// yes; block all -> no; otherwise yes; large, extended and standard forms of each step
    /// together.
    case arouteserver
    /// IXP Manager: large communities first, in the order RS:0:peer, RS:1:peer, RS:0:0,
    /// RS:1:0, then the standard forms; so a large permit beats a standard block.
    case ixpManager = "ixp-manager"

    public var description: String { rawValue }
}

/// The communities of the four control actions in one form (standard or large); nil where
/// the IXP has no such community.
public struct ControlCommunities<Pattern: Hashable & Sendable>: Hashable, Sendable {
    /// Announce to all peers.
    public var open: Pattern?
    /// Announce to the peer named.
    public var include: Pattern?
    /// Announce to no peer.
    public var blockAll: Pattern?
    /// Do not announce to the peer named.
    public var exclude: Pattern?

    public init(open: Pattern? = nil, include: Pattern? = nil, blockAll: Pattern? = nil, exclude: Pattern? = nil) {
        self.open = open
        self.include = include
        self.blockAll = blockAll
        self.exclude = exclude
    }
}

/// One field of a community pattern: a fixed number or the peer's ASN.
public enum CommunityField: Hashable, Sendable, CustomStringConvertible {
    case value(UInt32)
    case peer

    /// A decimal number no larger than `max`, or `peer`.
    init?(_ text: Substring, max: UInt32) {
        if text.lowercased() == "peer" { self = .peer; return }
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }), let v = UInt32(text), v <= max else { return nil }
        self = .value(v)
    }

    public var description: String {
        switch self {
        case let .value(v): return String(v)
        case .peer: return "peer"
        }
    }

    func matches(_ v: UInt32) -> Bool {
        if case let .value(x) = self { return x == v }
        return true
    }
}

/// A standard community (RFC 1997) with possibly one field standing for the peer's ASN:
/// `8960:8960`, `8960:peer`, `0:peer`, or KleyReX's reversed `peer:0`.
public struct StandardCommunityPattern: Hashable, Sendable, CustomStringConvertible {
    public var high: CommunityField
    public var low: CommunityField

    public init(_ high: CommunityField, _ low: CommunityField) {
        self.high = high
        self.low = low
    }

    /// `a:b` where each of a and b is a number up to 65535 or `peer` (at most one `peer`).
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let h = CommunityField(parts[0], max: 0xFFFF), let l = CommunityField(parts[1], max: 0xFFFF),
              !(h == .peer && l == .peer) else { return nil }
        self.init(h, l)
    }

    public var description: String { "\(high):\(low)" }

    /// The community naming `peer`; nil when the peer's ASN does not fit in 16 bits.
    public func community(for peer: ASN? = nil) -> Community? {
        func value(_ f: CommunityField) -> UInt16? {
            switch f {
            case let .value(v): return UInt16(exactly: v)
            case .peer: return peer.flatMap { UInt16(exactly: $0.rawValue) }
            }
        }
        guard let h = value(high), let l = value(low) else { return nil }
        return Community(h, l)
    }

    public func matches(_ community: Community) -> Bool {
        high.matches(UInt32(community.high)) && low.matches(UInt32(community.low))
    }

    /// The peer a matching community names; nil when it does not match or names none.
    /// A peer field matches any number, so `0:peer` also matches the block-all `0:8960`:
    /// which reading wins is the profile's evaluation order, applied by the simulation.
    public func peer(in community: Community) -> ASN? {
        guard matches(community) else { return nil }
        if high == .peer { return ASN(UInt32(community.high)) }
        if low == .peer { return ASN(UInt32(community.low)) }
        return nil
    }
}

/// A large community (RFC 8092) with possibly one field standing for the peer's ASN:
/// `8960:0:peer`, `8960:1:0`.
public struct LargeCommunityPattern: Hashable, Sendable, CustomStringConvertible {
    public var global: CommunityField
    public var local1: CommunityField
    public var local2: CommunityField

    public init(_ global: CommunityField, _ local1: CommunityField, _ local2: CommunityField) {
        self.global = global
        self.local1 = local1
        self.local2 = local2
    }

    /// `a:b:c`, each a 32-bit number or `peer` (at most one `peer`).
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, let g = CommunityField(parts[0], max: .max), let a = CommunityField(parts[1], max: .max),
              let b = CommunityField(parts[2], max: .max), [g, a, b].filter({ $0 == .peer }).count <= 1 else { return nil }
        self.init(g, a, b)
    }

    public var description: String { "\(global):\(local1):\(local2)" }

    public func community(for peer: ASN? = nil) -> LargeCommunity? {
        func value(_ f: CommunityField) -> UInt32? {
            switch f {
            case let .value(v): return v
            case .peer: return peer?.rawValue
            }
        }
        guard let g = value(global), let a = value(local1), let b = value(local2) else { return nil }
        return LargeCommunity(g, a, b)
    }

    public func matches(_ community: LargeCommunity) -> Bool {
        global.matches(community.global) && local1.matches(community.local1) && local2.matches(community.local2)
    }

    public func peer(in community: LargeCommunity) -> ASN? {
        guard matches(community) else { return nil }
        if global == .peer { return ASN(community.global) }
        if local1 == .peer { return ASN(community.local1) }
        if local2 == .peer { return ASN(community.local2) }
        return nil
    }
}
