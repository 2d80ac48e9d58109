/// The rules an import policy can hold, by the stable id a finding and `checks.csv` show.
/// The audit reports each rule through the check of the same id (`Check.enforcing` in the
/// Audit module); a new rule added here does not compile until it has that check.
public enum ImportRule: String, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    case bogonPrefix = "bogon-prefix"
    case prefixTooLong = "prefix-too-long"
    case prefixTooShort = "prefix-too-short"
    case defaultRoute = "default-route"
    case bogonASN = "bogon-asn"
    case firstAS = "first-as"
    case nextHop = "next-hop"
    case transitFreeASN = "transit-free-asn"
    case asPathTooLong = "as-path-too-long"
    case maxPrefix = "max-prefix"

    public var description: String { rawValue }
}

extension ImportPolicy {
    /// The clause the policy enforces `rule` with; nil when the policy leaves the rule out
    /// (then nothing checks it).
    public func clause(of rule: ImportRule) -> String? {
        switch rule {
        case .bogonPrefix: return bogonPrefix?.clause
        case .prefixTooLong, .prefixTooShort: return prefixLength?.clause
        case .defaultRoute: return defaultRoute?.clause
        case .bogonASN: return bogonASN?.clause
        case .firstAS: return firstAS?.clause
        case .nextHop: return nextHop?.clause
        case .transitFreeASN: return transitFreeASN?.clause
        case .asPathTooLong: return asPathLength?.clause
        case .maxPrefix: return maxPrefix?.clause
        }
    }

    public func has(_ rule: ImportRule) -> Bool { clause(of: rule) != nil }
}
