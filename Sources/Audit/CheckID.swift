import Job

/// Which check a finding or a check run is about. The checks that apply a rule of the route
/// servers' import policy are identified by that rule, so the policy and the audit name them
/// with one value; the text (`description`) is the stable id of `checks.csv`,
/// `findings.csv` and docs/checks.md.
public enum CheckID: Hashable, Sendable, CustomStringConvertible {
    case rsPrefixSet, rsSessionMissing, sessionPrefixSet, sourcePrefixSet
    case asPathMismatch, prependMismatch, medMismatch, communityMismatch
    case addressFamilyMissing, routeFlapping, sessionReset, communityChurn
    case peerLeak, prefixCountJump, otcLeak, asSet, rpkiInvalid, irrUnregistered
    case trafficSourceOutside, trafficRatio
    case trafficUnannounced, trafficFiltered, trafficFewRoutes
    case sessionAddress, controlCommunity, rsFilterMismatch
    case importRule(ImportRule)

    public var description: String {
        switch self {
        case .rsPrefixSet: return "rs-prefix-set"
        case .rsSessionMissing: return "rs-session-missing"
        case .sessionPrefixSet: return "session-prefix-set"
        case .sourcePrefixSet: return "source-prefix-set"
        case .asPathMismatch: return "as-path-mismatch"
        case .prependMismatch: return "prepend-mismatch"
        case .medMismatch: return "med-mismatch"
        case .communityMismatch: return "community-mismatch"
        case .addressFamilyMissing: return "address-family-missing"
        case .routeFlapping: return "route-flapping"
        case .sessionReset: return "session-reset"
        case .communityChurn: return "community-churn"
        case .peerLeak: return "peer-leak"
        case .prefixCountJump: return "prefix-count-jump"
        case .otcLeak: return "otc-leak"
        case .asSet: return "as-set"
        case .rpkiInvalid: return "rpki-invalid"
        case .irrUnregistered: return "irr-unregistered"
        case .trafficSourceOutside: return "traffic-source-outside"
        case .trafficRatio: return "traffic-ratio"
        case .trafficUnannounced: return "traffic-unannounced"
        case .trafficFiltered: return "traffic-filtered"
        case .trafficFewRoutes: return "traffic-few-routes"
        case .sessionAddress: return "session-address"
        case .controlCommunity: return "control-community"
        case .rsFilterMismatch: return "rs-filter-mismatch"
        case let .importRule(rule): return rule.rawValue
        }
    }
}
