import BGP
import Job
import Routing

/// A route as a receiver gets it: who sent it and its AS path. When a receiver gets several
/// routes of one prefix from one sender (add-path mode, a member with two sessions or path
/// ids), the first in the decision order is shown and `paths` counts them.
public struct ScenarioRoute: Hashable, Sendable, CustomStringConvertible {
    public var sender: ASN
    public var asPath: ASPath?
    public var paths: Int

    public init(sender: ASN, asPath: ASPath?, paths: Int = 1) {
        self.sender = sender
        self.asPath = asPath
        self.paths = paths
    }

    /// `AS3216 [3216 64500]`, with `(+1 path)` when several.
    public var description: String {
        "AS\(sender) [\(asPath?.description ?? "")]" + (paths > 1 ? " (+\(paths - 1) path\(paths > 2 ? "s" : ""))" : "")
    }
}

/// One (sender, prefix, receiver) whose route differs between the baseline and the scenario.
public struct ScenarioDiffRow: Hashable, Sendable {
    public enum Change: String, Hashable, Sendable {
        /// The receiver gets a route of the sender for the prefix it did not get before.
        case gained
        /// It no longer gets it.
        case lost
        /// It gets one both times, but a different one (AS path, number of paths).
        case changed
    }

    public var sender: ASN
    public var prefix: Prefix
    public var receiver: ASN
    public var before: ScenarioRoute?
    public var after: ScenarioRoute?

    public var change: Change { before == nil ? .gained : after == nil ? .lost : .changed }
}

/// What the scenario changed for one member, as sender and as receiver.
public struct MemberScenarioChange: Hashable, Sendable {
    public var asn: ASN
    public var name: String
    /// Routes (rows: prefix x receiver) of this member that receivers gained, lost, or get
    /// differently.
    public var gainedAsSender = 0
    public var lostAsSender = 0
    public var changedAsSender = 0
    /// Distinct receivers that gained at least one of its routes, lost at least one.
    public var receiversGained = 0
    public var receiversLost = 0
    /// Routes (rows: sender x prefix) this member gained, lost, or gets differently.
    public var gainedAsReceiver = 0
    public var lostAsReceiver = 0
    public var changedAsReceiver = 0

    public init(asn: ASN, name: String) {
        self.asn = asn
        self.name = name
    }
}

/// The difference a scenario makes to one route server's export: route by route (only the
/// rows that changed, by sender, prefix, receiver) and member by member.
public struct ScenarioDiff: Sendable {
    public var scenario: String
    public var description: String
    public var routeServer: String
    public var modeBefore: ExportMode
    public var modeAfter: ExportMode
    public var rows: [ScenarioDiffRow]
    /// Every member with at least one changed row, by ASN.
    public var members: [MemberScenarioChange]
    /// How the scenario applied (see `Scenario.apply(to:)`).
    public var notes: [String]

    public var gained: Int { rows.filter { $0.change == .gained }.count }
    public var lost: Int { rows.filter { $0.change == .lost }.count }
    public var changed: Int { rows.filter { $0.change == .changed }.count }

    public func member(_ asn: ASN) -> MemberScenarioChange? { members.first { $0.asn == asn } }
}

extension Scenario {
    /// Applies the scenario to `baseline`, simulates both and compares them.
    public func run(on baseline: SimulationInputs) -> ScenarioDiff {
        let applied = apply(to: baseline)
        let before = baseline.simulate(), after = applied.inputs.simulate()
        var names: [ASN: String] = applied.joinedNames
        for directory in [applied.inputs.members, baseline.members] {
            for m in directory?.members ?? [] { names[m.asn] = m.name }
        }
        return ScenarioDiff.compare(before: before, mode: baseline.mode, after: after, mode: applied.inputs.mode,
                                    scenario: name, description: description, names: names, notes: applied.notes)
    }
}

extension ScenarioDiff {
    /// Compares two simulations of one route server, each read in its export mode.
    /// `names` gives member names (absent: `AS<n>`).
    ///
    /// The export of a prefix is recomputed from the results (who may get each route, the
    /// decision order) only for prefixes whose accepted routes differ, unless the receivers
    /// or the mode changed, which touches every prefix.
    public static func compare(before: ExportResult, mode modeBefore: ExportMode, after: ExportResult, mode modeAfter: ExportMode,
                               scenario: String = "", description: String = "", names: [ASN: String] = [:],
                               notes: [String] = []) -> ScenarioDiff {
        let a = ExportView(before, mode: modeBefore), b = ExportView(after, mode: modeAfter)
        let sameUniverse = modeBefore == modeAfter && before.rib.sessions == after.rib.sessions && before.familyMask == after.familyMask
        var rows: [ScenarioDiffRow] = []
        let prefixes = Set(a.groups.keys).union(b.groups.keys).sorted()
        for prefix in prefixes {
            let ga = a.groups[prefix] ?? [], gb = b.groups[prefix] ?? []
            if sameUniverse && ga.map(a.identity) == gb.map(b.identity) { continue }
            let da = a.deliveries(ga), db = b.deliveries(gb)
            for key in Set(da.keys).union(db.keys) {
                let x = da[key], y = db[key]
                if x != y { rows.append(ScenarioDiffRow(sender: key.sender, prefix: prefix, receiver: key.receiver, before: x, after: y)) }
            }
        }
        rows.sort { ($0.sender, $0.prefix, $0.receiver) < ($1.sender, $1.prefix, $1.receiver) }

        var byASN: [ASN: MemberScenarioChange] = [:]
        var gainedTo: [ASN: Set<ASN>] = [:], lostTo: [ASN: Set<ASN>] = [:]
        func entry(_ asn: ASN) -> MemberScenarioChange { byASN[asn] ?? MemberScenarioChange(asn: asn, name: names[asn] ?? "AS\(asn)") }
        for row in rows {
            var s = entry(row.sender)
            switch row.change {
            case .gained: s.gainedAsSender += 1; gainedTo[row.sender, default: []].insert(row.receiver)
            case .lost: s.lostAsSender += 1; lostTo[row.sender, default: []].insert(row.receiver)
            case .changed: s.changedAsSender += 1
            }
            byASN[row.sender] = s
            var r = entry(row.receiver)
            switch row.change {
            case .gained: r.gainedAsReceiver += 1
            case .lost: r.lostAsReceiver += 1
            case .changed: r.changedAsReceiver += 1
            }
            byASN[row.receiver] = r
        }
        let members = byASN.keys.sorted().map { asn -> MemberScenarioChange in
            var m = byASN[asn]!
            m.receiversGained = gainedTo[asn]?.count ?? 0
            m.receiversLost = lostTo[asn]?.count ?? 0
            return m
        }
        return ScenarioDiff(scenario: scenario, description: description, routeServer: before.routeServer, modeBefore: modeBefore,
                            modeAfter: modeAfter, rows: rows, members: members, notes: notes)
    }
}

/// One simulation's export, prefix by prefix, read from an `ExportResult`.
struct ExportView {
    struct Key: Hashable {
        var sender: ASN
        var receiver: ASN
    }

    struct Identity: Equatable {
        var session: SessionID
        var key: RouteKey
        var attributes: PathAttributes
    }

    let result: ExportResult
    let mode: ExportMode
    /// The accepted routes of each prefix, in route order.
    let groups: [Prefix: [Int]]

    init(_ result: ExportResult, mode: ExportMode) {
        self.result = result
        self.mode = mode
        var groups: [Prefix: [Int]] = [:]
        for i in result.rib.routes.indices where result.importResult.isAccepted(i) {
            groups[result.rib.routes[i].prefix, default: []].append(i)
        }
        self.groups = groups
    }

    func identity(_ i: Int) -> Identity {
        let r = result.rib.routes[i]
        return Identity(session: result.rib.sessions[Int(r.session)], key: r.key, attributes: result.rib.attributes[Int(r.attributes)])
    }

    /// Which sessions may get route `i` (its own session aside).
    func audience(_ i: Int) -> ReceiverBits {
        let r = result.rib.routes[i]
        let family = ReceivingSessions.family(r.prefix.family)
        var bits = result.intentReceivers[family][Int(result.routeIntent[i])] & result.familyMask[family]
        let own = result.receiving.bit[family][Int(r.session)]
        if own >= 0 { bits[own] = false }
        return bits
    }

    /// What each receiving member gets from each sender for one prefix, as
    /// `RouteServerSimulation` decides it in `mode`: a member's sessions taken together (a
    /// route counted once however many of its routers get it), its own routes left out.
    func deliveries(_ group: [Int]) -> [Key: ScenarioRoute] {
        guard !group.isEmpty else { return [:] }
        let rib = result.rib
        let ordered = RouteServerSimulation.preferenceOrder(group, in: rib) { i in
            result.intents[Int(result.routeIntent[i])].gracefulShutdown
        }
        var out: [Key: ScenarioRoute] = [:]
        func deliver(_ i: Int, _ bits: ReceiverBits) {
            let r = rib.routes[i]
            let sender = rib.sessions[Int(r.session)].peerASN
            let sessions = result.receiving.sessions[ReceivingSessions.family(r.prefix.family)]
            var members = Set<ASN>()
            bits.forEach { receiver in
                let asn = rib.sessions[sessions[receiver]].peerASN
                if asn != sender { members.insert(asn) }
            }
            for receiver in members {
                let key = Key(sender: sender, receiver: receiver)
                if out[key] != nil {
                    out[key]!.paths += 1
                } else {
                    // The path as the receiver gets it, after the prepending its communities ask.
                    let prepends = result.intents[Int(result.routeIntent[i])].prepends(to: key.receiver)
                    out[key] = ScenarioRoute(sender: sender,
                                             asPath: ExportAdjustment(prepends: prepends).exportedPath(rib.attributes[Int(r.attributes)].asPath))
                }
            }
        }
        switch mode {
        case .best:
            deliver(ordered[0], audience(ordered[0]))
        case .perClient:
            let family = rib.routes[ordered[0]].prefix.family == .ipv4 ? 0 : 1
            var unassigned = result.familyMask[family]
            for i in ordered {
                if unassigned.isEmpty { break }
                let gets = unassigned & audience(i)
                if gets.isEmpty { continue }
                unassigned.subtract(gets)
                deliver(i, gets)
            }
        case .addPath:
            for i in ordered { deliver(i, audience(i)) }
        case .evaluateAll:
            let family = rib.routes[ordered[0]].prefix.family == .ipv4 ? 0 : 1
            var walking = result.familyMask[family]
            for i in ordered {
                if walking.isEmpty { break }
                let sender = result.receiving.bit[family][Int(rib.routes[i].session)]
                // The receiver's own route, allowed to it, ends its walk with nothing.
                if sender >= 0 && walking[sender] && result.intentReceivers[family][Int(result.routeIntent[i])][sender] {
                    walking[sender] = false
                }
                let gets = walking & audience(i)
                if gets.isEmpty { continue }
                walking.subtract(gets)
                deliver(i, gets)
            }
        }
        return out
    }
}
