/// The route-server settings of the job file (`ixp.route_servers[n]`) and of a scenario's
/// `route_server` change, read alike:
///
/// ```yaml
/// implementation: openbgpd        # bird (the default) or openbgpd
/// evaluate: all                   # OpenBGPD only: rde evaluate default | all
/// secondary: true                 # BIRD only: sorted tables, secondary on
/// max_prefix: {count: received, action: disable}   # count: received | accepted;
///                                 # action: disable, restart, block, warn (OpenBGPD: disable or restart, count received)
/// ```
///
/// A knob of the other implementation is an error naming both, not a silent no-op.
struct RouteServerSettingsReader {
    static let keys = ["implementation", "secondary", "evaluate", "max_prefix"]

    static let implementationExpected = "the route server's software: "
        + RouteServerImplementation.Software.allCases.map(\.rawValue).joined(separator: " or ")

    /// The implementation and max-prefix behaviour `fields` give (absent keys: BIRD, default
    /// tables, the implementation's max-prefix way).
    static func read(_ fields: YAMLMapping) throws(ConfigurationFileError)
        -> (implementation: RouteServerImplementation, maxPrefix: MaxPrefixRule.Behaviour?) {
        let software = try fields["implementation"]?.value(expected: implementationExpected) {
            RouteServerImplementation.Software(rawValue: $0)
        } ?? .bird
        let implementation: RouteServerImplementation
        switch software {
        case .bird:
            if let node = fields["evaluate"] {
                throw node.rejected("evaluate is an OpenBGPD setting (rde evaluate) and this route server runs BIRD;"
                    + " use secondary: true for BIRD's sorted tables, or implementation: openbgpd")
            }
            implementation = .bird(secondary: try fields["secondary"]?.bool() ?? false)
        case .openbgpd:
            if let node = fields["secondary"] {
                throw node.rejected("secondary is a BIRD setting and this route server runs OpenBGPD;"
                    + " use evaluate: all for OpenBGPD's rde evaluate all, or implementation: bird")
            }
            let evaluate = try fields["evaluate"]?.value(expected: "default or all (OpenBGPD's rde evaluate)") { text -> Bool? in
                text == "all" ? true : text == "default" ? false : nil
            } ?? false
            implementation = .openbgpd(evaluateAll: evaluate)
        }
        guard let node = fields["max_prefix"] else { return (implementation, nil) }
        let rule = try node.mapping(allowed: ["count", "action"], expected: "a mapping with count and/or action")
        let counting = try rule["count"]?.value(expected: MaxPrefixLimits.countingExpected) { MaxPrefixRule.Counting(rawValue: $0) }
        let action = try rule["action"]?.value(expected: MaxPrefixLimits.actionsExpected) { MaxPrefixRule.Action(rawValue: $0) }
        guard counting != nil || action != nil else { throw node.invalid("count and/or action") }
        let defaults = implementation.defaultMaxPrefix(policy: MaxPrefixRule.Behaviour())
        if software == .openbgpd {
            if counting == .accepted, let at = rule["count"] {
                throw at.rejected("OpenBGPD counts every route received, before its filters (max-prefix);"
                    + " count: accepted is BIRD's import limit")
            }
            if let action, !action.closesSession, let at = rule["action"] {
                throw at.rejected("OpenBGPD closes the session over max-prefix (no \(action.rawValue) action);"
                    + " use disable or restart, or implementation: bird")
            }
        }
        return (implementation, MaxPrefixRule.Behaviour(counting: counting ?? defaults.counting, action: action ?? defaults.action))
    }
}
