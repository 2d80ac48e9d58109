import BGP
import Job
import Routing

/// What a route server's simulation found, as data the report layer writes: the import
/// verdicts, the export matrix per mode, each route's audience, the distinct control
/// community sets, the hidden paths.
public struct ExportResult: Sendable {
    public let routeServer: String
    /// The software simulated, with its settings.
    public let implementation: RouteServerImplementation
    public let profile: CommunityProfile
    public let rib: RouteServerRIB
    /// Accepted or rejected, with every reason, per route of `rib.routes`.
    public let importResult: ImportResult
    /// The receiving members (distinct ASNs of the route server's sessions), ascending; the
    /// rows and columns of the matrices.
    public let receivers: [ASN]
    let matrices: [ExportMode: [Int]]
    let routeIntent: [Int32]
    let intents: [CommunityIntent]
    let intentReceivers: [ReceiverBits]
    let familyMask: [ReceiverBits]
    let receiverOfSession: [Int]
    /// Each distinct control-community set of the accepted routes (the empty set too).
    public let communitySets: [CommunitySetSummary]
    /// Prefixes a member gets in per-client mode but not in best mode, and why.
    public let hiddenPaths: [HiddenPath]

    init(routeServer: String, implementation: RouteServerImplementation, profile: CommunityProfile, rib: RouteServerRIB, importResult: ImportResult, receivers: [ASN],
         matrices: [ExportMode: [Int]], routeIntent: [Int32], intents: [CommunityIntent], intentReceivers: [ReceiverBits],
         familyMask: [ReceiverBits], receiverOfSession: [Int], communitySets: [CommunitySetSummary], hiddenPaths: [HiddenPath]) {
        self.routeServer = routeServer
        self.implementation = implementation
        self.profile = profile
        self.rib = rib
        self.importResult = importResult
        self.receivers = receivers
        self.matrices = matrices
        self.routeIntent = routeIntent
        self.intents = intents
        self.intentReceivers = intentReceivers
        self.familyMask = familyMask
        self.receiverOfSession = receiverOfSession
        self.communitySets = communitySets
        self.hiddenPaths = hiddenPaths
    }

    /// Routes `receiver` gets from `sender` under `mode` (per member: a member with two
    /// sessions of a family gets the same routes on each).
    public func routes(from sender: ASN, to receiver: ASN, mode: ExportMode) -> Int {
        guard let s = receivers.firstIndex(of: sender), let r = receivers.firstIndex(of: receiver) else { return 0 }
        return matrix(mode)[s * receivers.count + r]
    }

    /// The non-zero cells of the export matrix of `mode`, by sender then receiver.
    public func exportMatrix(_ mode: ExportMode) -> [ExportMatrixEntry] {
        let n = receivers.count, m = matrix(mode)
        var out: [ExportMatrixEntry] = []
        for s in 0..<n { for r in 0..<n where m[s * n + r] > 0 {
            out.append(ExportMatrixEntry(sender: receivers[s], receiver: receivers[r], routes: m[s * n + r]))
        } }
        return out
    }

    /// The matrix of `mode`. `evaluate-all` is simulated for OpenBGPD route servers only;
    /// callers resolve a mode through `RouteServerConfig.exportMode(named:)`, which refuses it
    /// for BIRD.
    func matrix(_ mode: ExportMode) -> [Int] {
        guard let m = matrices[mode] else {
            preconditionFailure("\(mode) is not a mode of \(implementation) (route server \(routeServer))")
        }
        return m
    }

    /// Routes `receiver` gets in all under `mode`.
    public func routesReceived(by receiver: ASN, mode: ExportMode) -> Int {
        receivers.reduce(0) { $0 + routes(from: $1, to: receiver, mode: mode) }
    }

    /// Who may get route `index` of `rib.routes` by its communities (add-path's answer);
    /// nil for a rejected route.
    public func audience(ofRoute index: Int) -> RouteAudience? {
        let intent = routeIntent[index]
        guard intent >= 0 else { return nil }
        let route = rib.routes[index]
        let sender = receiverOfSession[Int(route.session)]
        let family = route.key.prefix.family == .ipv4 ? 0 : 1
        var bits = intentReceivers[Int(intent)] & familyMask[family]
        bits[sender] = false
        var possible = familyMask[family]
        possible[sender] = false
        var yes: [ASN] = [], no: [ASN] = []
        possible.forEach { r in if bits[r] { yes.append(receivers[r]) } else { no.append(receivers[r]) } }
        return RouteAudience(intent: intents[Int(intent)], receiverCount: yes.count,
                             listed: yes.count <= no.count ? .receivers(yes) : .nonReceivers(no))
    }

    /// Routes with the same key have the same audience (the same control communities, sender
    /// and family): a writer renders each key's audience once. Nil for a rejected route.
    public func audienceKey(ofRoute index: Int) -> Int? {
        let intent = routeIntent[index]
        guard intent >= 0 else { return nil }
        let route = rib.routes[index]
        let sender = receiverOfSession[Int(route.session)]
        return (Int(intent) * receivers.count + sender) * 2 + (route.key.prefix.family == .ipv4 ? 0 : 1)
    }

    /// Every route each receiver gets under `mode`, one entry per (receiver, route): in best
    /// mode the prefix's best route if its communities allow the receiver; in per-client mode
    /// the first route in preference order they allow; in evaluate-all mode the same, unless
    /// the receiver's own route comes first among those its communities allow it (then
    /// nothing); in add-path mode every route they allow. Never to the sender's own ASN, only prefixes of a family the receiver has a
    /// session of (per member: a member with two sessions of a family gets the same routes
    /// on each). Uses the simulation's own preference order and audiences.
    ///
    /// Lists every export, so it grows as receivers x prefixes: meant for small inputs (a lab,
    /// a test), not for a full day of a large route server. Sorted by receiver, prefix,
    /// sender, path id, route index.
    public func exports(_ mode: ExportMode) -> [ExportedRoute] {
        let routes = rib.routes
        var accepted = routes.indices.filter { routeIntent[$0] >= 0 }
        accepted.sort { routes[$0].key.prefix < routes[$1].key.prefix }
        var out: [ExportedRoute] = []
        func add(_ route: Int, _ r: Int) {
            let received = routes[route]
            out.append(ExportedRoute(receiver: receivers[r], prefix: received.key.prefix,
                                     sender: rib.sessions[Int(received.session)].peerASN,
                                     pathID: received.key.pathID, route: route))
        }
        func permitted(_ route: Int, _ r: Int) -> Bool { intentReceivers[Int(routeIntent[route])][r] }
        func allowed(_ route: Int, _ r: Int) -> Bool { receiverOfSession[Int(routes[route].session)] != r && permitted(route, r) }
        var start = 0
        while start < accepted.count {
            var end = start + 1
            let prefix = routes[accepted[start]].key.prefix
            while end < accepted.count && routes[accepted[end]].key.prefix == prefix { end += 1 }
            let ordered = RouteServerSimulation.preferenceOrder(Array(accepted[start..<end]), in: rib) {
                intents[Int(routeIntent[$0])].gracefulShutdown
            }
            familyMask[prefix.family == .ipv4 ? 0 : 1].forEach { r in
                switch mode {
                case .best:
                    if allowed(ordered[0], r) { add(ordered[0], r) }
                case .perClient:
                    if let first = ordered.first(where: { allowed($0, r) }) { add(first, r) }
                case .addPath:
                    for i in ordered where allowed(i, r) { add(i, r) }
                case .evaluateAll:
                    if let first = ordered.first(where: { permitted($0, r) }), receiverOfSession[Int(routes[first].session)] != r {
                        add(first, r)
                    }
                }
            }
            start = end
        }
        out.sort { ($0.receiver, $0.prefix, $0.sender, $0.pathID, $0.route) < ($1.receiver, $1.prefix, $1.sender, $1.pathID, $1.route) }
        return out
    }

    /// The rejected routes, each with every reason.
    public var rejectedRoutes: [(route: ReceivedRoute, session: SessionID, reasons: [ImportReason])] {
        importResult.rejected.map { (rib.routes[$0], rib.sessions[Int(rib.routes[$0].session)], importResult.reasons[$0]) }
    }
}

/// One route one receiver gets (`ExportResult.exports(_:)`).
public struct ExportedRoute: Hashable, Sendable {
    public var receiver: ASN
    public var prefix: Prefix
    public var sender: ASN
    public var pathID: UInt32
    /// The route, an index into `rib.routes`.
    public var route: Int
}

public struct ExportMatrixEntry: Hashable, Sendable {
    public var sender: ASN
    public var receiver: ASN
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
    /// Receivers its communities allow (the senders themselves aside).
    public var audienceSize: Int
    public var problems: [IntentProblem]
}

/// A prefix that receivers get in per-client mode but not in best mode.
public struct HiddenPath: Hashable, Sendable {
    public enum Reason: String, Hashable, Sendable {
        /// The best route's communities keep it from these receivers.
        case bestNotAllowed = "best-route-not-allowed"
        /// The best route is the receiver's own, which never goes back to it.
        case bestIsOwnRoute = "best-route-is-own"
    }
    public var prefix: Prefix
    /// The best route, an index into `rib.routes`.
    public var bestRoute: Int
    public var reason: Reason
    /// Which of `universe` are the receivers. A large route server hides paths of hundreds of
    /// thousands of prefixes from hundreds of members each: as bits of one shared set (equal
    /// sets share their storage) a hidden path costs tens of bytes, as a list of ASNs kilobytes.
    let receiverBits: ReceiverBits
    /// The route server's receiving members, ascending (shared by every hidden path).
    let universe: [ASN]

    init(prefix: Prefix, bestRoute: Int, reason: Reason, receiverBits: ReceiverBits, universe: [ASN]) {
        self.prefix = prefix
        self.bestRoute = bestRoute
        self.reason = reason
        self.receiverBits = receiverBits
        self.universe = universe
    }

    /// The receivers, ascending.
    public var receivers: [ASN] {
        var list: [ASN] = []
        receiverBits.forEach { list.append(universe[$0]) }
        return list
    }

    public var receiverCount: Int { receiverBits.count }

    public static func == (a: HiddenPath, b: HiddenPath) -> Bool {
        (a.prefix, a.bestRoute, a.reason) == (b.prefix, b.bestRoute, b.reason) && a.receivers == b.receivers
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(prefix)
        hasher.combine(bestRoute)
        hasher.combine(reason)
        hasher.combine(receivers)
    }
}
