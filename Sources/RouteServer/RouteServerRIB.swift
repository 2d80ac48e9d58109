import BGP
import Routing

/// What one route server received: its sessions and the routes present on them, with each
/// distinct attribute set stored once. The input of the import check and the export
/// simulation; built from the reconstructed state (`init(rib:source:)`) or from values.
public struct RouteServerRIB: Sendable {
    /// The route server's label in the job file (`rs1`).
    public var label: String
    /// Every session of the route server, routes or not: the senders and the receivers.
    public var sessions: [SessionID]
    public var routes: [ReceivedRoute]
    /// Interned attribute sets; `ReceivedRoute.attributes` indexes them.
    public var attributes: AttributeSets
    /// Each session's peer BGP identifier when known (parallel to `sessions`).
    public var bgpIDs: [UInt32?]

    public init(label: String, sessions: [SessionID], routes: [ReceivedRoute], attributes: AttributeSets,
                bgpIDs: [UInt32?]? = nil) {
        self.label = label
        self.sessions = sessions
        self.routes = routes
        self.attributes = attributes
        self.bgpIDs = bgpIDs ?? Array(repeating: nil, count: sessions.count)
    }

    /// Sets given as values: `ReceivedRoute.attributes` is a position in `attributes`.
    public init(label: String, sessions: [SessionID], routes: [ReceivedRoute], attributes: [PathAttributes],
                bgpIDs: [UInt32?]? = nil) {
        self.init(label: label, sessions: sessions, routes: routes, attributes: AttributeSets(attributes), bgpIDs: bgpIDs)
    }

    /// The sessions of `source` in the reconstructed state and their present routes.
    public init(rib: AdjRIBIn, source: String) {
        let sessions = rib.sortedSessions.filter { $0.id.source == source && $0.id.peerASN.rawValue != 0 }
        // Sessions and routes in sorted order: the same inputs give the same report. Each
        // session sorts its own routes, so the sessions are read in two runs of about as many
        // routes each, side by side, each writing its part of the one table.
        let counts = sessions.map { $0.ipv4Routes + $0.ipv6Routes }
        let total = counts.reduce(0, +)
        var cut = 0, before = 0
        while cut < sessions.count && 2 * before < total {
            before += counts[cut]
            cut += 1
        }
        let runs = [(sessions: 0..<cut, start: 0), (sessions: cut..<sessions.count, start: before)]
        let routes = [ReceivedRoute](filling: total) { table, count in
            let table = table
            let written = inParallel(runs.indices.map { run in
                { () -> Int in
                    var next = runs[run].start
                    let end = run == 0 ? before : total
                    for index in runs[run].sessions {
                        sessions[index].forEachPresentRoute { key, record in
                            // The counters say how many routes are present; a state that
                            // disagreed is read again below rather than overrun.
                            guard next < end else { next += 1; return }
                            table.initializeElement(at: next, to: ReceivedRoute(session: Int32(index), key: key, attributes: record.attributes,
                                                                                firstSeen: record.firstSeen))
                            next += 1
                        }
                    }
                    return next - runs[run].start
                }
            })
            count = written == [before, total - before] ? total : 0
        }
        guard routes.count == total else {
            self.init(label: source, sessions: sessions, everyRoute: rib)
            return
        }
        self.init(label: source, sessions: sessions.map(\.id), routes: routes, attributes: rib.attributes.sets,
                  bgpIDs: sessions.map(\.bgpID))
    }
}

extension RouteServerRIB {
    /// The routes of `sessions` read one session after the other, for a state whose route
    /// counters disagree with its routes (never expected: the counters follow every change).
    init(label: String, sessions: [SessionState], everyRoute rib: AdjRIBIn) {
        var routes: [ReceivedRoute] = []
        for (index, session) in sessions.enumerated() {
            session.forEachPresentRoute { key, record in
                routes.append(ReceivedRoute(session: Int32(index), key: key, attributes: record.attributes, firstSeen: record.firstSeen))
            }
        }
        self.init(label: label, sessions: sessions.map(\.id), routes: routes, attributes: rib.attributes.sets, bgpIDs: sessions.map(\.bgpID))
    }
}

/// One route a route server holds: the session it came from (an index into
/// `RouteServerRIB.sessions`), its key, its interned attributes, when it was first seen.
public struct ReceivedRoute: Hashable, Sendable {
    public var session: Int32
    public var key: RouteKey
    public var attributes: Int32
    public var firstSeen: UInt32

    public init(session: Int32, key: RouteKey, attributes: Int32, firstSeen: UInt32 = 0) {
        self.session = session
        self.key = key
        self.attributes = attributes
        self.firstSeen = firstSeen
    }

    public var prefix: Prefix { key.prefix }
}
