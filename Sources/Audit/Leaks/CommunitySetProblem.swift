import BGP
import Job
import RouteServer

/// A problem of a route's control-community set (docs/rules.md section A) as the reports name
/// it, in words that agree with the audience the route servers compute under the IXP's profile.
///
/// Read from `CommunityIntent.problems` and the intent itself: the peers named by both an
/// exclude and an include community are their own problem (`exclude-and-include`), and are
/// left out of `include-without-restrictive` and `exclude-with-restrictive`, so that
/// `8960:8960 0:8732 8960:8732` is not called "include without restrictive" and no text says
/// "announced to all" of a route that AS8732 does not receive. Every statement about who gets
/// the route is read off the computed audience, never assumed from the kind of mix.
public struct CommunitySetProblem: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable {
        case openAndRestrictive = "open-and-restrictive"
        case includeWithoutRestrictive = "include-without-restrictive"
        case excludeWithRestrictive = "exclude-with-restrictive"
        case excludeAndInclude = "exclude-and-include"
        case namesSender = "names-sender"
        case namesNonMember = "names-non-member"
    }

    public var kind: Kind
    /// The peers the problem is about (empty for open-and-restrictive).
    public var peers: [ASN]
    public var description: String

    /// The stable identifier of the kind, for reports and grouping.
    public var id: String { kind.rawValue }

    /// The problems of `intent`, given what `CommunityIntent.problems` found for it (with the
    /// sender and the member list it had), under `profile`.
    public static func problems(_ intent: CommunityIntent, found: [IntentProblem], profile: CommunityProfile) -> [CommunitySetProblem] {
        let audience = intent.audience(profile: profile)
        let both = Set(intent.included).intersection(intent.excluded).sorted()
        let named = Set(both)
        var out: [CommunitySetProblem] = []
        for problem in found {
            switch problem {
            case .openAndRestrictive:
                let winner: String
                if case .only = audience { winner = "restrictive wins" } else { winner = "open wins" }
                out.append(.init(kind: .openAndRestrictive, peers: [],
                                 description: "open and restrictive together (\(winner) in the \(profile) order)"))
            case let .includeWithoutRestrictive(peers):
                let alone = peers.filter { !named.contains($0) }
                guard !alone.isEmpty else { continue }
                out.append(.init(kind: .includeWithoutRestrictive, peers: alone,
                                 description: "include without restrictive (\(list(alone))): the route is not restricted, "
                                     + "so the includes change nothing; \(fate(alone, audience))"))
            case let .excludeWithRestrictive(peers):
                let alone = peers.filter { !named.contains($0) }
                guard !alone.isEmpty else { continue }
                out.append(.init(kind: .excludeWithRestrictive, peers: alone,
                                 description: "exclude with restrictive (\(list(alone))): they were not included; \(fate(alone, audience))"))
            case let .namesSender(asn):
                out.append(.init(kind: .namesSender, peers: [asn], description: problem.description))
            case let .namesNonMember(peers):
                out.append(.init(kind: .namesNonMember, peers: peers, description: problem.description))
            }
        }
        if !both.isEmpty {
            let insertAt = out.firstIndex { $0.kind == .namesSender || $0.kind == .namesNonMember } ?? out.count
            out.insert(.init(kind: .excludeAndInclude, peers: both,
                             description: "exclude and include for the same peer (\(list(both))): \(fate(both, audience))"),
                       at: insertAt)
        }
        return out
    }

    /// "AS8732 does not receive it" / "AS8359 and AS8447 receive it; AS8732 does not": from
    /// the computed audience, so the text cannot contradict it.
    static func fate(_ peers: [ASN], _ audience: CommunityAudience) -> String {
        let receiving = peers.filter { audience.contains($0) }, not = peers.filter { !audience.contains($0) }
        func verb(_ a: [ASN], _ one: String, _ many: String) -> String { a.count == 1 ? one : many }
        switch (receiving.isEmpty, not.isEmpty) {
        case (false, true): return "\(names(receiving)) \(verb(receiving, "receives", "receive")) it"
        case (true, false): return "\(names(not)) \(verb(not, "does", "do")) not receive it"
        default: return "\(names(receiving)) \(verb(receiving, "receives", "receive")) it; \(names(not)) \(verb(not, "does", "do")) not"
        }
    }

    private static func list(_ peers: [ASN]) -> String { peers.map { "AS\($0)" }.joined(separator: " ") }
    private static func names(_ peers: [ASN]) -> String {
        let each = peers.map { "AS\($0)" }
        return each.count <= 2 ? each.joined(separator: " and ") : each.dropLast().joined(separator: ", ") + " and " + each.last!
    }
}
