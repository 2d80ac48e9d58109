import BGP
import Job
import Routing

/// What a route's export-control communities ask the route server to do (docs/rules.md
/// section A), read with an IXP's `CommunityScheme`: announce to everyone ("open"), to no
/// one ("restrictive", block all), to these peers ("include"), not to those ("exclude").
///
/// An intent depends only on the route's communities and the scheme, so many routes share
/// one: the simulation reads each distinct community list once. Who may receive the route
/// then follows from the scheme's profile (`audience(profile:)`, `allows(_:profile:)`).
///
/// How a community is classified when it matches more than one pattern: the patterns with
/// no peer field (open `8960:8960`, block all `0:8960`, and their large forms) are tried
/// first, because a peer field matches any number (`0:peer` would also read `0:8960` as
/// "exclude AS8960", the route server's own ASN).
public struct CommunityIntent: Hashable, Sendable, CustomStringConvertible {
    /// Open (announce to all) asked in the standard form, in the large form.
    public private(set) var openStandard = false
    public private(set) var openLarge = false
    /// Block all (announce to no peer) asked in the standard form, in the large form.
    public private(set) var blockAllStandard = false
    public private(set) var blockAllLarge = false
    /// Peers named by include and exclude communities, per form; sorted, each once.
    public private(set) var includeStandard: [ASN] = []
    public private(set) var includeLarge: [ASN] = []
    public private(set) var excludeStandard: [ASN] = []
    public private(set) var excludeLarge: [ASN] = []
    /// Prepending asked (`CommunityActions`): to every peer (0 for none, else 1 to 3), and
    /// per peer named, sorted by ASN, each once with the largest count asked for it.
    public private(set) var prependToAll: UInt8 = 0
    public private(set) var prependToPeer: [PeerPrepend] = []
    /// NO_EXPORT or NO_EXPORT_SUBCONFED, NO_ADVERTISE, when the scheme obeys them.
    public private(set) var noExport = false
    public private(set) var noAdvertise = false
    /// Tagged for blackholing (RFC 7999) with one of the scheme's blackhole communities.
    public private(set) var blackhole = false
    /// Tagged GRACEFUL_SHUTDOWN (RFC 8326): LOCAL_PREF 0 before the decision process.
    public private(set) var gracefulShutdown = false
    /// The control communities themselves, sorted: the route's "community set".
    public private(set) var standardCommunities: [Community] = []
    public private(set) var largeCommunities: [LargeCommunity] = []

    /// No control community: open.
    public init() {}

    /// Reads the control communities among `communities` and `largeCommunities`; any other
    /// community is not the route server's business and is ignored.
    public init(communities: [Community], largeCommunities: [LargeCommunity], scheme: CommunityScheme) {
        for c in communities { read(c, scheme) }
        for c in largeCommunities { read(c, scheme) }
        finishReading()
    }

    /// Reads one standard community: a control one is kept, any other ignored. Each community
    /// is read alone, so the order they come in does not matter.
    mutating func read(_ c: Community, _ scheme: CommunityScheme) {
        let s = scheme.standard
        if let p = s.open, p.matches(c) {
            openStandard = true
        } else if let p = s.blockAll, p.matches(c) {
            blockAllStandard = true
        } else if let p = s.exclude, let asn = p.peer(in: c) {
            excludeStandard.append(asn)
        } else if let p = s.include, let asn = p.peer(in: c) {
            includeStandard.append(asn)
        } else if !readAction(c, scheme.actions) {
            return
        }
        standardCommunities.append(c)
    }

    /// Reads one large community, as `read(_:_:)` a standard one.
    mutating func read(_ c: LargeCommunity, _ scheme: CommunityScheme) {
        let l = scheme.large
        if let p = l.open, p.matches(c) {
            openLarge = true
        } else if let p = l.blockAll, p.matches(c) {
            blockAllLarge = true
        } else if let p = l.exclude, let asn = p.peer(in: c) {
            excludeLarge.append(asn)
        } else if let p = l.include, let asn = p.peer(in: c) {
            includeLarge.append(asn)
        } else if !readAction(c, scheme.actions) {
            return
        }
        largeCommunities.append(c)
    }

    /// Sorts the lists once every community is read.
    mutating func finishReading() {
        Self.tidy(&includeStandard); Self.tidy(&includeLarge); Self.tidy(&excludeStandard); Self.tidy(&excludeLarge)
        Self.tidy(&standardCommunities); Self.tidy(&largeCommunities)
        tidyPrepends()
    }

    /// Sorted, each once, in place: read for every attribute set of a day, most of which carry
    /// no control community or one, so those cost nothing.
    static func tidy<T: Comparable>(_ a: inout [T]) {
        guard a.count > 1 else { return }
        a.sort()
        var kept = 1
        for i in 1..<a.count where a[i] != a[kept - 1] {
            a[kept] = a[i]
            kept += 1
        }
        a.removeLast(a.count - kept)
    }

    mutating func noExportFlag() { noExport = true }
    mutating func noAdvertiseFlag() { noAdvertise = true }
    mutating func setBlackhole() { blackhole = true }
    mutating func setGracefulShutdown() { gracefulShutdown = true }
    mutating func addPrependToAll(_ n: UInt8) { prependToAll = max(prependToAll, n) }
    mutating func addPrependToPeer(_ peer: ASN, _ n: UInt8) { prependToPeer.append(PeerPrepend(peer: peer, count: n)) }

    /// Each peer once, with the largest count asked for it.
    mutating func tidyPrepends() {
        guard prependToPeer.count > 1 else { return }
        var largest: [ASN: UInt8] = [:]
        for p in prependToPeer { largest[p.peer] = max(largest[p.peer] ?? 0, p.count) }
        prependToPeer = largest.map { PeerPrepend(peer: $0.key, count: $0.value) }.sorted()
    }

    /// The intent of a route with these attributes.
    public init(_ attributes: PathAttributes, scheme: CommunityScheme) {
        self.init(communities: attributes.communities, largeCommunities: attributes.largeCommunities, scheme: scheme)
    }

    public var hasControlCommunities: Bool { !standardCommunities.isEmpty || !largeCommunities.isEmpty }
    public var isOpen: Bool { openStandard || openLarge }
    public var isRestrictive: Bool { blockAllStandard || blockAllLarge }
    /// Peers named for inclusion or exclusion, in either form.
    public var included: [ASN] { Array(Set(includeStandard + includeLarge)).sorted() }
    public var excluded: [ASN] { Array(Set(excludeStandard + excludeLarge)).sorted() }

    /// The control communities as text, standard then large (`0:8960 8960:8359`); "(none)".
    public var description: String {
        let all = standardCommunities.map(\.description) + largeCommunities.map(\.description)
        return all.isEmpty ? "(none)" : all.joined(separator: " ")
    }

    /// The findings of docs/rules.md section A about this community set, sent by `sender`;
    /// `isMember` says whether an ASN is a member of the IXP (nil: not checked). Valid sets
    /// are Open + Exclude and Restrictive + Include.
    public func problems(sender: ASN? = nil, isMember: ((ASN) -> Bool)? = nil) -> [IntentProblem] {
        var out: [IntentProblem] = []
        if isOpen && isRestrictive { out.append(.openAndRestrictive) }
        if !isRestrictive && !included.isEmpty { out.append(.includeWithoutRestrictive(included)) }
        if isRestrictive && !excluded.isEmpty { out.append(.excludeWithRestrictive(excluded)) }
        let named = Array(Set(included + excluded)).sorted()
        if let sender, named.contains(sender) { out.append(.namesSender(sender)) }
        if let isMember {
            let strangers = named.filter { $0 != sender && !isMember($0) }
            if !strangers.isEmpty { out.append(.namesNonMember(strangers)) }
        }
        return out
    }

    /// Who may receive the route under `profile` (before the rule that a route never goes back
    /// to its sender's ASN, which the simulation applies).
    ///
    /// NO_EXPORT and NO_ADVERTISE (when the scheme obeys them) keep the route from everyone,
    /// before the profile's order.
    ///
    /// - arouteserver: first match wins, large and standard forms of each step together:
    ///   exclude-peer -> no; include-peer -> yes; block-all -> no; otherwise yes.
    /// - IXP Manager: large first — RS:0:peer -> no, RS:1:peer -> yes, RS:0:0 -> no,
    ///   RS:1:0 -> yes — then the standard forms in the same order; otherwise yes. So a large
    ///   permit beats a standard block.
    public func audience(profile: CommunityProfile) -> CommunityAudience {
        // BIRD's `bgp_preexport` refuses these before any filter runs, whatever they say.
        if noExport || noAdvertise { return .only([]) }
        switch profile {
        case .arouteserver:
            let excluded = Set(self.excluded)
            if isRestrictive { return .only(Set(included).subtracting(excluded)) }
            return .allExcept(excluded)
        case .ixpManager:
            let le = Set(excludeLarge), li = Set(includeLarge)
            if blockAllLarge { return .only(li.subtracting(le)) }
            if openLarge { return .allExcept(le) }
            let se = Set(excludeStandard), si = Set(includeStandard)
            // Standard steps apply to peers the large steps did not decide.
            if blockAllStandard { return .only(li.subtracting(le).union(si.subtracting(se).subtracting(le))) }
            return .allExcept(le.union(se.subtracting(li)))
        }
    }

    /// Whether `receiver` may get the route under `profile`.
    public func allows(_ receiver: ASN, profile: CommunityProfile) -> Bool {
        audience(profile: profile).contains(receiver)
    }
}

/// Who a route may go to: everyone but some peers, or only some peers.
public enum CommunityAudience: Hashable, Sendable, CustomStringConvertible {
    case allExcept(Set<ASN>)
    case only(Set<ASN>)

    public func contains(_ asn: ASN) -> Bool {
        switch self {
        case let .allExcept(set): return !set.contains(asn)
        case let .only(set): return set.contains(asn)
        }
    }

    /// "open" / "open except AS1 AS2" / "only AS1 AS2" / "no one".
    public var description: String {
        func list(_ s: Set<ASN>) -> String { s.sorted().map { "AS\($0)" }.joined(separator: " ") }
        switch self {
        case let .allExcept(s): return s.isEmpty ? "open" : "open except \(list(s))"
        case let .only(s): return s.isEmpty ? "no one" : "only \(list(s))"
        }
    }
}

/// A finding about a route's control communities (docs/rules.md section A). The simulation
/// still decides each receiver by the profile's order; `reading` says which reading applied.
public enum IntentProblem: Hashable, Sendable, CustomStringConvertible {
    /// Open and restrictive together (block wins in both shipped profiles when they are of
    /// the same form; under IXP Manager a large open beats a standard block).
    case openAndRestrictive
    /// Include communities without restrictive: the route is open anyway, they change nothing.
    case includeWithoutRestrictive([ASN])
    /// Exclude communities with restrictive: those peers were not included anyway (arouteserver:
    /// an exclude also beats an include of the same peer).
    case excludeWithRestrictive([ASN])
    /// A community names the sending member itself (a route never goes back to its sender).
    case namesSender(ASN)
    /// Communities name ASNs that are not members of the IXP.
    case namesNonMember([ASN])

    /// A stable identifier for reports.
    public var id: String {
        switch self {
        case .openAndRestrictive: return "open-and-restrictive"
        case .includeWithoutRestrictive: return "include-without-restrictive"
        case .excludeWithRestrictive: return "exclude-with-restrictive"
        case .namesSender: return "names-sender"
        case .namesNonMember: return "names-non-member"
        }
    }

    public var description: String {
        func list(_ a: [ASN]) -> String { a.map { "AS\($0)" }.joined(separator: " ") }
        switch self {
        case .openAndRestrictive: return "open and restrictive together (block wins over announce)"
        case let .includeWithoutRestrictive(a): return "include without restrictive (\(list(a))): the route is announced to all"
        case let .excludeWithRestrictive(a): return "exclude with restrictive (\(list(a))): block wins over announce"
        case let .namesSender(a): return "names the sending member AS\(a) itself"
        case let .namesNonMember(a): return "names ASNs that are not members: \(list(a))"
        }
    }
}
