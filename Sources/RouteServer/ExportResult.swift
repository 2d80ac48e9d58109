import BGP
import Job
import Routing

/// What a route server's simulation found, as data the report layer writes: the import
/// verdicts, the export matrix per mode, each route's audience, the distinct control
/// community sets, the hidden paths.
///
/// Receivers are sessions: a route never goes back to the session it came from, but a
/// member's other routers get it (docs/route-server-semantics.md, "The route server: export").
/// The member-level views (`exportMatrix`, `routes(from:to:)`, `audience(ofRoute:)`) leave a
/// member's own routes out.
public struct ExportResult: Sendable {
    public let routeServer: String
    /// The software simulated, with its settings.
    public let implementation: RouteServerImplementation
    public let scheme: CommunityScheme
    public var profile: CommunityProfile { scheme.profile }
    /// Whether the route server removes its control communities on export.
    public let controlCommunities: ControlCommunityHandling
    public let rib: RouteServerRIB
    /// Accepted or rejected, with every reason, per route of `rib.routes`.
    public let importResult: ImportResult
    /// The receiving members (distinct ASNs of the route server's sessions), ascending; the
    /// rows and columns of the member matrices.
    public let receivers: [ASN]
    /// Per mode, routes from each member (row) to each session (column, as in
    /// `rib.sessions`): receivers x sessions.
    let sessionMatrices: [ExportMode: [Int]]
    /// Per mode, routes from each member to each other member: a route counted once however
    /// many of the receiver's routers get it, a member's own routes left out.
    let matrices: [ExportMode: [Int]]
    let routeIntent: [Int32]
    let intents: [CommunityIntent]
    /// Per family, each intent's audience as sessions of the family.
    let intentReceivers: [[ReceiverBits]]
    /// The sessions of each family, the receivers of the bit sets.
    let receiving: ReceivingSessions
    /// Receiving sessions of each family.
    var familyMask: [ReceiverBits] { receiving.mask }
    /// Each session's member, an index into `receivers`.
    let memberOfSession: [Int]
    /// Each distinct control-community set of the accepted routes (the empty set too).
    public let communitySets: [CommunitySetSummary]
    /// Prefixes a session gets in per-client mode but not in best mode, and why.
    public let hiddenPaths: [HiddenPath]

    init(routeServer: String, implementation: RouteServerImplementation, scheme: CommunityScheme,
         controlCommunities: ControlCommunityHandling, rib: RouteServerRIB, importResult: ImportResult, receivers: [ASN],
         sessionMatrices: [ExportMode: [Int]], matrices: [ExportMode: [Int]], routeIntent: [Int32], intents: [CommunityIntent], intentReceivers: [[ReceiverBits]],
         receiving: ReceivingSessions, memberOfSession: [Int], communitySets: [CommunitySetSummary], hiddenPaths: [HiddenPath]) {
        self.routeServer = routeServer
        self.implementation = implementation
        self.scheme = scheme
        self.controlCommunities = controlCommunities
        self.rib = rib
        self.importResult = importResult
        self.receivers = receivers
        self.sessionMatrices = sessionMatrices
        self.routeIntent = routeIntent
        self.intents = intents
        self.intentReceivers = intentReceivers
        self.receiving = receiving
        self.memberOfSession = memberOfSession
        self.communitySets = communitySets
        self.hiddenPaths = hiddenPaths
        self.matrices = matrices
    }

    /// Routes `receiver` gets from `sender` under `mode`, member by member (`matrices`).
    public func routes(from sender: ASN, to receiver: ASN, mode: ExportMode) -> Int {
        guard let s = receivers.firstIndex(of: sender), let r = receivers.firstIndex(of: receiver) else { return 0 }
        return matrix(mode)[s * receivers.count + r]
    }

    /// The non-zero cells of the member-by-member export matrix of `mode`, by sender then
    /// receiver.
    public func exportMatrix(_ mode: ExportMode) -> [ExportMatrixEntry] {
        let n = receivers.count, m = matrix(mode)
        var out: [ExportMatrixEntry] = []
        for s in 0..<n { for r in 0..<n where m[s * n + r] > 0 {
            out.append(ExportMatrixEntry(sender: receivers[s], receiver: receivers[r], routes: m[s * n + r]))
        } }
        return out
    }

    /// The non-zero cells of the export matrix of `mode` by receiving session: routes from
    /// each member to each session, a member's routes to its own other routers included. By
    /// sender, then receiving member and session address.
    public func sessionExportMatrix(_ mode: ExportMode) -> [SessionExportMatrixEntry] {
        let sessions = rib.sessions, n = sessions.count, m = sessionMatrix(mode)
        let columns = sessions.indices.sorted { (sessions[$0].peerASN, sessions[$0].peerAddress) < (sessions[$1].peerASN, sessions[$1].peerAddress) }
        var out: [SessionExportMatrixEntry] = []
        for s in receivers.indices { for r in columns where m[s * n + r] > 0 {
            let session = sessions[r]
            out.append(SessionExportMatrixEntry(sender: receivers[s], receiver: session.peerASN,
                                                receiverAddress: session.peerAddress, routes: m[s * n + r]))
        } }
        return out
    }

    /// The matrices of `mode`. `evaluate-all` is simulated for OpenBGPD route servers only;
    /// callers resolve a mode through `RouteServerConfig.exportMode(named:)`, which refuses it
    /// for BIRD.
    func matrix(_ mode: ExportMode) -> [Int] {
        guard let m = matrices[mode] else {
            preconditionFailure("\(mode) is not a mode of \(implementation) (route server \(routeServer))")
        }
        return m
    }

    func sessionMatrix(_ mode: ExportMode) -> [Int] {
        guard let m = sessionMatrices[mode] else {
            preconditionFailure("\(mode) is not a mode of \(implementation) (route server \(routeServer))")
        }
        return m
    }

    /// By bit: how many receiving sessions of `family` the bit's member has
    /// (`HiddenPath.appendReceivers`).
    public func receivingSessionsPerMember(_ family: AddressFamily) -> [Int] {
        let f = ReceivingSessions.family(family), sessions = receiving.sessions[f]
        var perMember = [Int](repeating: 0, count: receivers.count)
        receiving.mask[f].forEach { perMember[memberOfSession[sessions[$0]]] += 1 }
        return sessions.map { perMember[memberOfSession[$0]] }
    }

    /// Routes `receiver` gets in all under `mode`.
    public func routesReceived(by receiver: ASN, mode: ExportMode) -> Int {
        receivers.reduce(0) { $0 + routes(from: $1, to: receiver, mode: mode) }
    }

    /// Which members may get route `index` of `rib.routes` by its communities (add-path's
    /// answer), its sender's own ASN aside; nil for a rejected route.
    public func audience(ofRoute index: Int) -> RouteAudience? {
        let intent = routeIntent[index]
        guard intent >= 0 else { return nil }
        let route = rib.routes[index]
        let sender = memberOfSession[Int(route.session)]
        let family = ReceivingSessions.family(route.key.prefix.family)
        let bits = intentReceivers[family][Int(intent)], sessions = receiving.sessions[family]
        var possible = [Bool](repeating: false, count: receivers.count), allowed = possible
        receiving.mask[family].forEach { b in
            let member = memberOfSession[sessions[b]]
            guard member != sender else { return }
            possible[member] = true
            if bits[b] { allowed[member] = true }
        }
        var yes: [ASN] = [], no: [ASN] = []
        for (m, asn) in receivers.enumerated() where possible[m] {
            if allowed[m] { yes.append(asn) } else { no.append(asn) }
        }
        return RouteAudience(intent: intents[Int(intent)], receiverCount: yes.count,
                             listed: yes.count <= no.count ? .receivers(yes) : .nonReceivers(no))
    }

    /// Routes with the same key have the same audience (the same control communities, sender
    /// and family): a writer renders each key's audience once. Nil for a rejected route.
    public func audienceKey(ofRoute index: Int) -> Int? {
        let intent = routeIntent[index]
        guard intent >= 0 else { return nil }
        let route = rib.routes[index]
        let sender = memberOfSession[Int(route.session)]
        return (Int(intent) * receivers.count + sender) * 2 + (route.key.prefix.family == .ipv4 ? 0 : 1)
    }

    /// The rejected routes, each with every reason.
    public var rejectedRoutes: [(route: ReceivedRoute, session: SessionID, reasons: [ImportReason])] {
        importResult.rejected.map { (rib.routes[$0], rib.sessions[Int(rib.routes[$0].session)], importResult.reasons[$0]) }
    }
}

/// Routes one member sends another (`ExportResult.exportMatrix(_:)`).
public struct ExportMatrixEntry: Hashable, Sendable {
    public var sender: ASN
    public var receiver: ASN
    public var routes: Int
}

/// Routes one member sends one receiving session (`ExportResult.sessionExportMatrix(_:)`).
public struct SessionExportMatrixEntry: Hashable, Sendable {
    public var sender: ASN
    public var receiver: ASN
    public var receiverAddress: IPAddress
    public var routes: Int
}

/// Who a route reaches: the intent, how many receivers, and the shorter of the two lists.
public struct RouteAudience: Hashable, Sendable {
    public enum Listed: Hashable, Sendable {
        case receivers([ASN])
        case nonReceivers([ASN])
    }
    public var intent: CommunityIntent
    public var receiverCount: Int
    public var listed: Listed
}

/// One distinct set of control communities and what it did.
public struct CommunitySetSummary: Hashable, Sendable {
    public var intent: CommunityIntent
    /// The reading the profile applied.
    public var audience: CommunityAudience
    /// Accepted routes carrying it.
    public var routes: Int
    /// Members sending it.
    public var members: [ASN]
    /// Members its communities allow.
    public var audienceSize: Int
    public var problems: [IntentProblem]
}
