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

/// The sections of a policy file's `rules:` mapping, which scenarios switch off by name.
/// `prefix_length` holds both length rules.
public enum PolicyRuleKey: String, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    case bogonPrefix = "bogon_prefix"
    case prefixLength = "prefix_length"
    case defaultRoute = "default_route"
    case bogonASN = "bogon_asn"
    case firstAS = "first_as"
    case nextHop = "next_hop"
    case transitFreeASN = "transit_free_asn"
    case asPathLength = "as_path_length"
    case maxPrefix = "max_prefix"

    public var description: String { rawValue }
}

extension ImportPolicy {
    /// The policy without the section `key`: nothing checks its rules any more.
    public mutating func remove(_ key: PolicyRuleKey) {
        switch key {
        case .bogonPrefix: bogonPrefix = nil
        case .prefixLength: prefixLength = nil
        case .defaultRoute: defaultRoute = nil
        case .bogonASN: bogonASN = nil
        case .firstAS: firstAS = nil
        case .nextHop: nextHop = nil
        case .transitFreeASN: transitFreeASN = nil
        case .asPathLength: asPathLength = nil
        case .maxPrefix: maxPrefix = nil
        }
    }

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
