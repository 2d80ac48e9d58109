import BGP
import Routing

/// The BGP decision process in the order BIRD applies it: `bgp_rte_better` in
/// proto/bgp/attrs.c (read from CZ-NIC/bird at 6394233, 2026-08), called from `rte_better`
/// in nest/rt-table.c once the protocol preferences tie (they do: every route of a route
/// server comes from BGP). Steps of `bgp_rte_better`, and what a route server makes of them:
///
/// 1. Suppressed, unresolvable and LLGR-stale routes last: none in an Adj-RIB-In dump.
/// 2. Higher LOCAL_PREF. BIRD discards LOCAL_PREF received over eBGP
///    (`bgp_decode_local_pref`) and uses `default bgp_local_pref` (100) when it is absent, so
///    a route server's own dump shows what its import filter set: taken as is, 100 if absent.
/// 3. Lower AIGP metric (RFC 7311): not kept by the decoder; all equal.
/// 4. Shorter AS path (`as_path_getlen`: a set counts one, confederations nothing), unless
///    `path metric off`.
/// 5. Lower ORIGIN (IGP < EGP < INCOMPLETE; absent counts INCOMPLETE).
/// 6. Lower MED (absent: `default bgp_med`, 0), compared only between routes whose neighbour
///    AS (first AS of the path, `bgp_get_neighbor`) is the same, BIRD's default without
///    `med metric`. That comparison is not transitive; BIRD's result then depends on arrival
///    order. The simulation makes it deterministic (see `preferenceOrder`).
/// 7. eBGP over iBGP: every route-server client is eBGP; equal.
/// 8. Lower IGP metric: not used for eBGP (`igp metric` off); equal.
/// 9. `prefer older` (RFC 5004) is off by default: not applied.
/// 10. Lower BGP identifier (ORIGINATOR_ID if present, else the neighbour's router id, from
///     the PEER_INDEX_TABLE or the peer's OPEN). When either is unknown (updates without the
///     session's OPEN), this step is skipped and the next one decides.
/// 11. Shorter CLUSTER_LIST: absent on eBGP; equal.
/// 12. Lower neighbour address (`ipa_compare(remote_ip)`).
/// 13. The simulation's own last step for ADD-PATH sessions sending several paths: lower
///     path id.
struct DecisionRank {
    var localPref: UInt32
    var pathLength: Int
    var origin: UInt8
    var neighbourAS: UInt32
    var med: UInt32
    var neighbourAddress: IPAddress
    var routerID: UInt32?
    var pathID: UInt32

    init(_ attributes: RankingAttributes, session: SessionID, bgpID: UInt32?, pathID: UInt32) {
        self.init(AttributeRank(attributes), neighbourAddress: session.peerAddress, bgpID: bgpID, pathID: pathID)
    }

    /// The same from a set's part read beforehand, with the session's address alone (no copy
    /// of the session per route).
    init(_ attributes: AttributeRank, neighbourAddress: IPAddress, bgpID: UInt32?, pathID: UInt32) {
        localPref = attributes.localPref
        pathLength = Int(attributes.pathLength)
        origin = attributes.origin
        neighbourAS = attributes.neighbourAS
        med = attributes.med
        self.neighbourAddress = neighbourAddress
        routerID = attributes.hasOriginatorID ? attributes.originatorID : bgpID
        self.pathID = pathID
    }

    /// Steps 2-5: the part of the order that is a plain ranking.
    func beatsBeforeMED(_ o: DecisionRank) -> Bool? {
        if localPref != o.localPref { return localPref > o.localPref }
        if pathLength != o.pathLength { return pathLength < o.pathLength }
        if origin != o.origin { return origin < o.origin }
        return nil
    }

    /// Steps 10, 12 and 13.
    func beatsOnTieBreak(_ o: DecisionRank) -> Bool {
        if let mine = routerID, let theirs = o.routerID, mine != theirs { return mine < theirs }
        if neighbourAddress != o.neighbourAddress { return neighbourAddress < o.neighbourAddress }
        return pathID < o.pathID
    }
}

/// The part of a `DecisionRank` a stored set decides, with the defaults of absent attributes
/// applied: the simulation reads it once per set, in the order the sets are stored, rather
/// than from the set's bytes for every route of every prefix (a cache miss each on a large day).
struct AttributeRank: Equatable {
    var localPref: UInt32 = 0
    var pathLength: UInt32 = 0
    var neighbourAS: UInt32 = 0
    var med: UInt32 = 0
    /// ORIGINATOR_ID, which stands for the session's BGP identifier when present.
    var originatorID: UInt32 = 0
    var origin: UInt8 = 0
    var hasOriginatorID = false
}

extension AttributeRank {
    init(_ attributes: RankingAttributes) {
        localPref = attributes.localPref ?? 100
        pathLength = attributes.pathLength.map { UInt32(clamping: $0) } ?? UInt32(UInt16.max)
        neighbourAS = attributes.firstASN?.rawValue ?? 0
        med = attributes.med ?? 0
        originatorID = attributes.originatorID?.ipv4Value ?? 0
        hasOriginatorID = attributes.originatorID != nil
        origin = attributes.origin?.rawValue ?? Origin.incomplete.rawValue
    }
}

enum DecisionProcess {
    /// The routes of one prefix, best first: one order over all of them, as BIRD's `sorted`
    /// tables keep (the per-client mode takes the first route in it that the receiver may
    /// get, as BIRD's `secondary` export does).
    ///
    /// MED (step 6) is made deterministic: among routes equal up to ORIGIN, routes are
    /// grouped by neighbour AS, each group ordered by MED and then the tie-breaks, and the
    /// groups merged by comparing their heads on the tie-breaks alone. The first route is then
    /// what RFC 4271 9.1.2.2 (c) selects (BIRD's `deterministic med`); BIRD's default can
    /// differ only when routes of one neighbour AS with different MEDs arrive interleaved
    /// with others, which on a route server needs one member sending the prefix on two
    /// sessions with different MEDs.
    static func preferenceOrder(_ routes: [Int], rank: (Int) -> DecisionRank) -> [Int] {
        var ranked: [(Int, DecisionRank)] = [], out: [Int] = []
        preferenceOrder(routes, rank: rank, ranked: &ranked, into: &out)
        return out
    }

    /// The same order written to `out`, with `ranked` as scratch space: the simulation's pass
    /// over a day's million prefixes reuses both rather than allocating three arrays a prefix.
    static func preferenceOrder<Routes: Collection<Int>>(_ routes: Routes, rank: (Int) -> DecisionRank,
                                                          ranked sorted: inout [(Int, DecisionRank)], into out: inout [Int]) {
        out.removeAll(keepingCapacity: true)
        if routes.count < 2 {
            out.append(contentsOf: routes)
            return
        }
        sorted.removeAll(keepingCapacity: true)
        for route in routes { sorted.append((route, rank(route))) }
        sorted.sort { a, b in
            a.1.beatsBeforeMED(b.1) ?? a.1.beatsOnTieBreak(b.1)
        }
        var start = 0
        while start < sorted.count {
            var end = start + 1
            while end < sorted.count && sorted[start].1.beatsBeforeMED(sorted[end].1) == nil { end += 1 }
            let group = sorted[start..<end]
            if !needsMED(group) {
                for (route, _) in group { out.append(route) }
            } else {
                var byAS: [UInt32: [(Int, DecisionRank)]] = [:]
                for item in group { byAS[item.1.neighbourAS, default: []].append(item) }
                // In neighbour-AS order, so that ties between the heads go the same way in every run.
                var queues = byAS.sorted { $0.key < $1.key }.map { _, list in
                    list.sorted { $0.1.med != $1.1.med ? $0.1.med < $1.1.med : $0.1.beatsOnTieBreak($1.1) }[...]
                }
                while true {
                    var best: Int? = nil
                    for (q, queue) in queues.enumerated() where !queue.isEmpty {
                        if best == nil || queue.first!.1.beatsOnTieBreak(queues[best!].first!.1) { best = q }
                    }
                    guard let b = best else { break }
                    out.append(queues[b].removeFirst().0)
                }
            }
            start = end
        }
    }

    /// Only a group with two routes of one neighbour AS and different MEDs needs more than the
    /// plain order. Most groups hold a route or a few: those are compared pairwise, with no
    /// table to allocate for each of a day's prefixes.
    static func needsMED(_ group: ArraySlice<(Int, DecisionRank)>) -> Bool {
        if group.count <= 16 {
            for a in group.indices {
                for b in group.indices where b > a
                    && group[a].1.neighbourAS == group[b].1.neighbourAS && group[a].1.med != group[b].1.med {
                    return true
                }
            }
            return false
        }
        var medByAS: [UInt32: UInt32] = [:]
        for (_, r) in group {
            if let m = medByAS[r.neighbourAS], m != r.med { return true }
            medByAS[r.neighbourAS] = r.med
        }
        return false
    }
}

/// The step of the decision process (`DecisionRank`) at which one route beat another: the
/// first step, in the order the process compares them, where the two differ.
public enum DecisionStep: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case localPref = "local-pref"
    case asPathLength = "as-path-length"
    case origin
    /// Only between routes of the same neighbour AS (BIRD's default without `med metric`).
    case med
    case routerID = "router-id"
    case neighbourAddress = "neighbour-address"
    case pathID = "path-id"

    public var description: String { rawValue }

    /// What the winner has: "higher LOCAL_PREF".
    public var rule: String {
        switch self {
        case .localPref: return "higher LOCAL_PREF"
        case .asPathLength: return "shorter AS path"
        case .origin: return "lower ORIGIN"
        case .med: return "lower MED (same neighbour AS)"
        case .routerID: return "lower BGP identifier"
        case .neighbourAddress: return "lower neighbour address"
        case .pathID: return "lower ADD-PATH path id"
        }
    }
}

extension DecisionRank {
    /// The step at which this rank and `o` first differ, in the order `preferenceOrder`
    /// compares them; nil when they tie on every step.
    func decidingStep(against o: DecisionRank) -> DecisionStep? {
        if localPref != o.localPref { return .localPref }
        if pathLength != o.pathLength { return .asPathLength }
        if origin != o.origin { return .origin }
        if neighbourAS == o.neighbourAS && med != o.med { return .med }
        if let mine = routerID, let theirs = o.routerID, mine != theirs { return .routerID }
        if neighbourAddress != o.neighbourAddress { return .neighbourAddress }
        if pathID != o.pathID { return .pathID }
        return nil
    }
}

extension RouteServerRIB {
    /// The decision-process rank of route `index` of `routes`.
    func decisionRank(_ index: Int) -> DecisionRank {
        let r = routes[index]
        return DecisionRank(attributes.ranking(of: r.attributes), session: sessions[Int(r.session)],
                            bgpID: bgpIDs[Int(r.session)], pathID: r.key.pathID)
    }

    /// Routes `group` (indexes into `routes`, all of one prefix) best first: the order the
    /// simulation uses.
    public func preferenceOrder(_ group: [Int]) -> [Int] {
        RouteServerSimulation.preferenceOrder(group, in: self)
    }

    /// The step of the decision process at which route `winner` beats route `loser` (indexes
    /// into `routes`, of one prefix); nil when they tie on every step. Between routes of
    /// different neighbour ASes MED is not compared, so a route behind a lower-MED route of
    /// its own neighbour AS is named by the step that decided between the two given routes.
    public func decidingStep(_ winner: Int, over loser: Int) -> DecisionStep? {
        decisionRank(winner).decidingStep(against: decisionRank(loser))
    }
}
