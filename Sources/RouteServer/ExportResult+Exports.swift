import BGP
import Job
import Routing

extension ExportResult {
    /// Every route each receiving session gets under `mode`, one entry per (session, route):
    /// in best mode the prefix's best route if its communities allow the session's member; in
    /// per-client mode the first route in preference order they allow; in evaluate-all mode
    /// the same, unless the session's own route comes first among those its communities
    /// allow it (then nothing); in add-path mode every route they allow. Never back to the
    /// session it came from (a member's other routers get it), only prefixes of the session's
    /// family. Uses the simulation's own preference order and audiences; each route carries
    /// the attributes the session receives (`exportedAttributes(ofRoute:)`).
    ///
    /// Lists every export, so it grows as sessions x prefixes: meant for small inputs (a lab,
    /// a test), not for a full day of a large route server. Sorted by receiver, its address,
    /// prefix, sender, its address, path id, route index.
    public func exports(_ mode: ExportMode) -> [ExportedRoute] {
        let routes = rib.routes, sessions = rib.sessions
        var accepted = routes.indices.filter { routeIntent[$0] >= 0 }
        accepted.sort { routes[$0].key.prefix < routes[$1].key.prefix }
        var attributes: [Int: ExportedAttributes] = [:]
        var out: [ExportedRoute] = []
        var family = 0
        func add(_ route: Int, _ bit: Int) {
            let received = routes[route], from = sessions[Int(received.session)], r = receiving.sessions[family][bit]
            if attributes[route] == nil { attributes[route] = exportedAttributes(ofRoute: route) }
            var sent = attributes[route]!
            if let adjustment = adjustment(ofRoute: route, to: sessions[r].peerASN, actions: scheme.actions) {
                sent.apply(adjustment)
            }
            out.append(ExportedRoute(receiver: sessions[r].peerASN, receiverAddress: sessions[r].peerAddress,
                                     prefix: received.key.prefix, sender: from.peerASN, senderAddress: from.peerAddress,
                                     pathID: received.key.pathID, route: route, attributes: sent))
        }
        func permitted(_ route: Int, _ r: Int) -> Bool { intentReceivers[family][Int(routeIntent[route])][r] }
        func own(_ route: Int, _ r: Int) -> Bool { receiving.bit[family][Int(routes[route].session)] == r }
        func allowed(_ route: Int, _ r: Int) -> Bool { !own(route, r) && permitted(route, r) }
        var start = 0
        while start < accepted.count {
            var end = start + 1
            let prefix = routes[accepted[start]].key.prefix
            while end < accepted.count && routes[accepted[end]].key.prefix == prefix { end += 1 }
            let ordered = RouteServerSimulation.preferenceOrder(Array(accepted[start..<end]), in: rib) {
                intents[Int(routeIntent[$0])].gracefulShutdown
            }
            family = ReceivingSessions.family(prefix.family)
            receiving.mask[family].forEach { r in
                switch mode {
                case .best:
                    if allowed(ordered[0], r) { add(ordered[0], r) }
                case .perClient:
                    if let first = ordered.first(where: { allowed($0, r) }) { add(first, r) }
                case .addPath:
                    for i in ordered where allowed(i, r) { add(i, r) }
                case .evaluateAll:
                    if let first = ordered.first(where: { permitted($0, r) }), !own(first, r) {
                        add(first, r)
                    }
                }
            }
            start = end
        }
        out.sort(by: ExportedRoute.inListOrder)
        return out
    }

    /// The attributes a receiver gets with route `index` of `rib.routes`
    /// (`ExportedAttributes.init(received:family:scheme:handling:)`), before what the route
    /// server changes per receiver (`adjustment(ofRoute:to:actions:)`, `ExportedAttributes.apply`).
    public func exportedAttributes(ofRoute index: Int) -> ExportedAttributes {
        let route = rib.routes[index]
        return ExportedAttributes(received: rib.attributes[Int(route.attributes)], family: route.key.prefix.family,
                                  scheme: scheme, handling: controlCommunities)
    }
}
