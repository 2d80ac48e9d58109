import BGP
import Job

/// The whole decision of one route server about one prefix sent by one member
/// (docs/explain.md): every route the route server holds for the prefix, the import verdict
/// of each rule by rule, the control communities in the order the profile reads them, the
/// decision process, and what each receiver gets and why. Plain values, written as Markdown
/// (`markdown`) and JSON (`Encodable`).
public struct Explanation: Encodable, Sendable {
    public var routeServer: String
    /// `BIRD`, `OpenBGPD (rde evaluate all)`.
    public var implementation: String
    public var profile: String
    public var policy: String
    public var mode: String
    public var prefix: String
    /// The member whose route is explained.
    public var from: UInt32
    /// The moment of the state (Unix seconds): `--at`, or the end of the night.
    public var stateTime: UInt32
    /// Every route of the prefix on the route server: accepted ones best first, then the
    /// rejected ones.
    public var candidates: [Candidate]
    /// Positions in `candidates` of the routes `from` sent (several sessions, ADD-PATH).
    public var fromRoutes: [Int]
    /// The position in `candidates` of the route of `from` the receivers are explained for:
    /// its best-ranked accepted route, else its first.
    public var explainedRoute: Int
    /// Each receiving session of the prefix's family (or only `--to`'s), by ASN then address.
    public var receivers: [ReceiverOutcome]
}

/// One route the route server holds for the prefix.
public struct Candidate: Encodable, Sendable {
    public var sender: UInt32
    /// The sending session's address: which router of the member.
    public var session: String
    public var pathID: UInt32
    public var asPath: String
    public var nextHop: String?
    public var localPref: UInt32?
    public var med: UInt32?
    public var origin: String?
    /// Place in the decision process's order, 1 for the best; nil for a rejected route.
    public var rank: Int?
    /// For an accepted route other than the best: the step at which the best beat it, and
    /// the two values compared.
    public var lostAt: DecisionLoss?
    /// Every rule of the policy, passed or failed.
    public var importRules: [RuleVerdict]
    public var accepted: Bool
    /// Its control communities, in the order the profile reads them.
    public var controlCommunities: [ControlCommunityReading]
    /// Who its communities allow: "open", "open except AS1", "only AS2".
    public var audience: String
}

/// Where a route lost the decision process against another.
public struct DecisionLoss: Encodable, Sendable, CustomStringConvertible {
    /// The route that won, a position in `Explanation.candidates`.
    public var winner: Int
    public var winnerSender: UInt32
    /// `DecisionStep.rawValue`; "tie" when every step ties (the order then is the
    /// simulation's, by route index).
    public var step: String
    public var rule: String
    public var winnerValue: String
    public var loserValue: String

    /// "AS3216's route: shorter AS path (1 against 2)".
    public var description: String {
        "AS\(winnerSender)'s route: \(rule) (\(winnerValue) against \(loserValue))"
    }
}

/// One rule of the import policy applied to one route.
public struct RuleVerdict: Encodable, Sendable {
    /// The policy's rule key (`prefix_length`, `next_hop`).
    public var rule: String
    /// The clause of docs/rules.md it enforces.
    public var clause: String
    public var passed: Bool
    /// What failed, one line per reason (`next hop 185.1.15.99 is not the session's address`).
    public var reasons: [String]
}

/// One control community of a route and what the profile reads in it.
public struct ControlCommunityReading: Encodable, Sendable {
    /// `0:8732`, `8960:0:8732`.
    public var community: String
    /// `open`, `block-all`, `exclude`, `include`.
    public var action: String
    /// The peer an exclude or include names.
    public var peer: UInt32?
    /// `standard` or `large`.
    public var form: String
}

/// What one receiver gets for the prefix and why the explained route reaches it or not.
public struct ReceiverOutcome: Encodable, Sendable {
    public var receiver: UInt32
    /// The receiving session (its address): each of a member's sessions of the prefix's
    /// family is one receiver, and gets the routes of the member's other sessions.
    public var session: String
    /// Positions in `Explanation.candidates` of the routes it gets in the mode.
    public var gets: [Int]
    public var exported: Bool
    /// The AS path as the route server sends the explained route to this receiver, when its
    /// action communities change it (prepending); nil when not exported or unchanged.
    public var sentPath: String?
    /// The next hop as sent, when the action communities change the route (the IXP's
    /// blackhole next hop for a blackholed route); nil when not exported or unchanged.
    public var sentNextHop: String?
    public var reason: ExplainReason
    /// The reason in words.
    public var detail: String
    /// Gets nothing for the prefix in best mode but a route in per-client mode.
    public var hiddenPath: Bool
    /// What would change the outcome ("without 0:8732 AS8732 would receive it").
    public var whatIf: [String]
}

/// Why a receiver gets the explained route or not.
public enum ExplainReason: String, Encodable, Sendable, CaseIterable {
    case exported
    /// The route failed the import policy.
    case importRejected = "import-rejected"
    /// The receiver is the sending member: a route never goes back to its sender's ASN.
    case ownRoute = "own-route"
    /// The receiver's session of the family was closed over max-prefix.
    case sessionClosed = "session-closed"
    /// The route's control communities exclude the receiver (exclude, or block-all without
    /// an include for it).
    case communities = "communities"
    /// The receiver gets another route (or, in best mode, nothing) because the explained one
    /// lost the decision process.
    case lostDecision = "lost-decision"
    /// OpenBGPD `rde evaluate all`: the walk reached the receiver's own route first.
    case ownPathStop = "own-path-stop"
}
