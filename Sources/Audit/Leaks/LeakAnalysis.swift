import BGP
import RouteServer
import Routing

/// Thresholds of the leak analysis (docs/checks.md gives each with its check).
public struct LeakSettings: Hashable, Sendable {
    /// prefix-count-jump (P6): a rise of at least max(`jumpMinimum`, `jumpFraction` x the
    /// highest count of the `jumpWindow` seconds before) in one interval of the route-count
    /// series.
    public var jumpMinimum = 100
    public var jumpFraction = 0.5
    public var jumpWindow: UInt32 = 3600
    /// irr-unregistered (P7): whether a route object for a covering prefix with the same
    /// origin registers a more specific route too (IRR-based filters built with `^+` do).
    public var irrAcceptsMoreSpecifics = false

    public init() {}
}

/// The leaks analysis of docs/rules.md section C, over every session of every source and
/// every route of the day (`RoutesOfTheDay`): transit-free ASNs behind the member, peer leaks
/// (RFC 7908), max-prefix and prefix-count jumps (P6), default routes, bogon prefixes and
/// ASNs (S2, S4, P1), prefix lengths (P2), Only-To-Customer leaks (RFC 9234), AS_SETs, and
/// with the reference files RPKI-invalid and IRR-unregistered routes (P7). The rules the
/// route servers' import policy has are the policy's own (`ImportPolicy.prefixReasons`,
/// `attributeReasons`), with its clauses; a rule the policy lacks is not checked.
public enum LeakAnalysis {
    public static func run(_ inputs: AuditInputs) -> [Finding] {
        parts(inputs).flatMap { $0() }.sorted(by: Finding.reportOrder)
    }

    /// The checks of the analysis as independent parts, the longest first (the prefix and the
    /// attribute sweeps take seconds on a large day), for `Audit` to run on both cores. With
    /// `withOtherSweeps` the attribute sweep also finds what the sweeps of
    /// `TransitAbuseAnalysis` (the same import-policy reasons) and `RouteServerUseAnalysis`
    /// (control communities) would: one pass over the routes of the day and each set read
    /// once, where three passes read each set three times (a large day has a million sets).
    static func parts(_ inputs: AuditInputs, withOtherSweeps: Bool = false) -> [() -> [Finding]] {
        let sessions = RoutesOfTheDay.sessions(inputs)
        return [
            { PrefixChecks.findings(inputs, sessions: sessions) },
            { AttributeSweep.findings(inputs, sessions: sessions, judge: judge(inputs, withOtherSweeps: withOtherSweeps)) },
            {
                RouteCountChecks.maxPrefix(inputs, sessions: sessions) + RouteCountChecks.jumps(inputs, sessions: sessions)
                    + PeerLeakCheck.findings(inputs, sessions: sessions)
            },
        ]
    }

    /// The attribute-only leak checks of one attribute set on one session, and with
    /// `withOtherSweeps` those of `TransitAbuseAnalysis` and `RouteServerUseAnalysis` on the
    /// sessions each sweeps.
    static func judge(_ inputs: AuditInputs, withOtherSweeps: Bool = false) -> AttributeSweep.Judge {
        let routeServerSources = Set(inputs.routeServerSources)
        let shared = SharedInputs(inputs)
        let communityJudge = withOtherSweeps ? RouteServerUseAnalysis.communityJudge(inputs) : nil
        return { id in
            let attributes = shared.inputs.rib.attributes[id]
            let judgeCommunities = communityJudge?(id)
            // AS_SET and AS_CONFED_SET (`containsSet`), and AS_CONFED_SEQUENCE, which a
            // confederation must strip before it sends a route out of it (RFC 5065 section 5.3).
            let sets = ASPath(attributes.asPath?.segments.filter { $0.type != .sequence } ?? [])
            return { family, session in
                var out: [AttributeOffense] = []
                let reasons = shared.inputs.policy.attributeReasons(attributes, family: family, session: session,
                                                                    members: shared.inputs.members)
                for reason in reasons {
                    switch reason.problem {
                    case let .bogonASN(asn):
                        out.append(AttributeOffense(check: .bogonASN, value: "AS\(asn)", clause: reason.clause,
                                                    detail: "AS\(asn) in the path is a bogon or private ASN"))
                    case let .transitFreeASN(asn):
                        out.append(AttributeOffense(check: .transitFreeASN, value: "AS\(asn)", clause: reason.clause,
                                                    detail: "transit-free AS\(asn) is behind the member in the path"))
                    case .asPathTooLong:
                        out.append(AttributeOffense(check: .asPathTooLong, value: "", clause: reason.clause,
                                                    detail: reason.problem.description))
                    default:
                        break
                    }
                }
                if !sets.segments.isEmpty {
                    out.append(AttributeOffense(check: .asSet, value: "", clause: Check.asSet.clause,
                                                detail: "the path holds \(sets) (an AS_SET or confederation segment)"))
                }
                if let otc = attributes.onlyToCustomer {
                    if routeServerSources.contains(session.source) {
                        out.append(AttributeOffense(
                            check: .otcLeak, value: "AS\(otc)", clause: Check.otcLeak.clause,
                            detail: "the route reached route server \(session.source) already carrying OTC AS\(otc);"
                                + " a route-server client must not send such a route (RFC 9234 section 5)"))
                    } else if otc != session.peerASN {
                        out.append(AttributeOffense(
                            check: .otcLeak, value: "AS\(otc)", clause: Check.otcLeak.clause,
                            detail: "OTC AS\(otc) on a peer session with AS\(session.peerASN): a peer may send only OTC"
                                + " of its own ASN (RFC 9234 section 5)"))
                    }
                }
                if let judgeCommunities {
                    let transit = TransitAbuseAnalysis.offenses(reasons, session: session, shared.inputs)
                    if !transit.isEmpty && TransitAbuseAnalysis.sweeps(session, inputs: shared.inputs, routeServerSources: routeServerSources) {
                        out += transit
                    }
                    if routeServerSources.contains(session.source) { out += judgeCommunities(family, session) }
                }
                return out
            }
        }
    }
}
