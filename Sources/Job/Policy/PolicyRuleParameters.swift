/// The `{min, max}` of one family under `prefix_length`, as the policy and scenario formats
/// both write it; either may be left out.
struct PrefixLengthBounds {
    var min: Int?
    var max: Int?

    /// Reads the bounds from `node`, each a prefix length up to `longest`.
    init(_ node: YAMLNode, longest: Int) throws(ConfigurationFileError) {
        let fields = try node.mapping(allowed: ["min", "max"], expected: "a mapping with min and/or max")
        min = try fields["min"]?.integer(0...longest)
        max = try fields["max"]?.integer(0...longest)
        if let min, let max, min > max { throw node.rejected("min must not be larger than max") }
    }
}

/// The limits and action under `max_prefix`, as the policy and scenario formats both write
/// them; each may be left out.
struct MaxPrefixLimits {
    var ipv4: Int?
    var ipv6: Int?
    var action: MaxPrefixRule.Action?
    var counting: MaxPrefixRule.Counting?

    static let actionsExpected = "an action: " + MaxPrefixRule.Action.allCases.map(\.rawValue).joined(separator: ", ")
    static let countingExpected = "which routes count: received (before the import filter) or accepted (after it)"

    init(_ rule: YAMLMapping) throws(ConfigurationFileError) {
        ipv4 = try rule["ipv4"]?.integer(1...100_000_000)
        ipv6 = try rule["ipv6"]?.integer(1...100_000_000)
        action = try rule["action"]?.value(expected: Self.actionsExpected) { MaxPrefixRule.Action(rawValue: $0) }
        counting = try rule["count"]?.value(expected: Self.countingExpected) { MaxPrefixRule.Counting(rawValue: $0) }
    }
}
