import BGP
import Job
import RouteServer

/// How the route server's own verdict on a route (its reject tags, `RejectTags`) differs from
/// the import policy's (ixaudit's import check).
public enum VerdictMismatch: String, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    /// No tag, while the policy rejects the route.
    case acceptedByRouteServer = "rs-accepted"
    /// Tagged, while the policy accepts the route.
    case rejectedByRouteServer = "rs-rejected"
    /// Both reject it, but no code of the route server names a rule the policy rejects it by.
    case differentReason = "different-reason"

    public var description: String { rawValue }
}

/// One route whose verdicts differ: an index into `RouteServerRIB.routes`, the route
/// server's codes and the policy's rules.
public struct RouteVerdictDifference: Hashable, Sendable {
    public var route: Int
    public var kind: VerdictMismatch
    /// The reject codes the route carries, ascending.
    public var codes: [UInt32]
    /// The rules of the policy that reject it (max-prefix aside), in the import check's order.
    public var policyRules: [ImportRule]
}

/// The comparison of one route server's tags with the import check, route by route.
public struct RouteServerVerdict: Sendable {
    public var routeServer: String
    public var differences: [RouteVerdictDifference]
    /// Routes carrying at least one reject tag.
    public var tagged: Int
    public var routes: Int

    /// Compares every route of `rib`. Max-prefix is left out: a route server tags a route
    /// for what is wrong with the route, not for its session's count. Both verdicts agree on
    /// a rejected route when one of the route server's codes stands for a rule the policy
    /// rejects it by (a route server stops at its first failing rule, so one common rule is
    /// agreement); codes that stand for no policy rule (a generic "rejected", IRR, RPKI) say
    /// nothing about the reason.
    public static func compare(_ rib: RouteServerRIB, _ result: ImportResult, tags: RejectTags) -> RouteServerVerdict {
        // The tags are read once per attribute set (the sets are shared by the whole day).
        var codesOf: [Int32: [UInt32]] = [:]
        var differences: [RouteVerdictDifference] = []
        var tagged = 0
        for (i, route) in rib.routes.enumerated() {
            let codes: [UInt32]
            if let known = codesOf[route.attributes] {
                codes = known
            } else {
                codes = Array(Set(rib.attributes[route.attributes].largeCommunities.compactMap(tags.code(of:)))).sorted()
                codesOf[route.attributes] = codes
            }
            if !codes.isEmpty { tagged += 1 }
            var policy: [ImportRule] = []
            for reason in result.reasons[i] where reason.problem.rule != .maxPrefix && !policy.contains(reason.problem.rule) {
                policy.append(reason.problem.rule)
            }
            let kind: VerdictMismatch?
            switch (codes.isEmpty, policy.isEmpty) {
            case (true, true): kind = nil
            case (true, false): kind = .acceptedByRouteServer
            case (false, true): kind = .rejectedByRouteServer
            case (false, false):
                let named = Set(codes.flatMap(tags.rules))
                kind = !named.isEmpty && named.isDisjoint(with: policy) ? .differentReason : nil
            }
            if let kind { differences.append(RouteVerdictDifference(route: i, kind: kind, codes: codes, policyRules: policy)) }
        }
        return RouteServerVerdict(routeServer: rib.label, differences: differences, tagged: tagged, routes: rib.routes.count)
    }
}
