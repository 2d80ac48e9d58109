/// The software a route server runs and the settings of it that change what it exports
/// (docs/route-server-semantics.md, "BIRD and OpenBGPD"). Set per route server in the job file
/// (`implementation: bird | openbgpd` and its knobs) and by a scenario's `route_server` change.
public enum RouteServerImplementation: Hashable, Sendable, CustomStringConvertible {
    /// BIRD 2 in `rs client` mode. `secondary`: `sorted on` tables with `secondary on`
    /// channels, so a receiver whose filter denies the best route gets the next one it allows.
    case bird(secondary: Bool)
    /// OpenBGPD with `transparent-as yes`. `evaluateAll`: `rde evaluate all`, which walks the
    /// paths for a receiver whose filter denies the best one, but stops with nothing at the
    /// receiver's own path unless the filter denies that path too.
    case openbgpd(evaluateAll: Bool)

    /// BIRD with its default tables: what a job file without `implementation` means.
    public static let standard = RouteServerImplementation.bird(secondary: false)

    public var software: Software {
        switch self {
        case .bird: return .bird
        case .openbgpd: return .openbgpd
        }
    }

    public enum Software: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
        case bird
        case openbgpd

        /// As the project writes it: `BIRD`, `OpenBGPD`.
        public var description: String { self == .bird ? "BIRD" : "OpenBGPD" }
    }

    /// The export mode its settings give.
    public var configuredMode: ExportMode {
        switch self {
        case let .bird(secondary): return secondary ? .perClient : .best
        case let .openbgpd(evaluateAll): return evaluateAll ? .evaluateAll : .best
        }
    }

    /// `--mode` names, each a behaviour of this implementation, and the mode it is. BIRD
    /// keeps the names ixaudit always had (best, per-client, add-path) and adds its own word
    /// for per-client; OpenBGPD's are its `rde evaluate` values.
    public var modeNames: [(name: String, mode: ExportMode)] {
        switch self {
        case .bird:
            return [("best", .best), ("per-client", .perClient), ("secondary", .perClient), ("add-path", .addPath)]
        case .openbgpd:
            return [("default", .best), ("best", .best), ("evaluate-all", .evaluateAll), ("add-path", .addPath)]
        }
    }

    /// The mode `name` names for this implementation; nil when it is not one of its behaviours.
    public func mode(named name: String) -> ExportMode? { modeNames.first { $0.name == name }?.mode }

    /// How it counts routes against max-prefix and what it does over the limit, when the job
    /// file says nothing: BIRD as the policy says (its `import limit`), OpenBGPD its only way
    /// (every route received, the session closed).
    public func defaultMaxPrefix(policy: MaxPrefixRule.Behaviour) -> MaxPrefixRule.Behaviour {
        switch self {
        case .bird: return policy
        case .openbgpd: return MaxPrefixRule.Behaviour(counting: .received, action: .disable)
        }
    }

    /// `BIRD`, `BIRD (secondary on)`, `OpenBGPD (rde evaluate all)`.
    public var description: String {
        switch self {
        case let .bird(secondary): return secondary ? "BIRD (secondary on)" : "BIRD"
        case let .openbgpd(evaluateAll): return evaluateAll ? "OpenBGPD (rde evaluate all)" : "OpenBGPD"
        }
    }
}

/// A `--mode` that is not a behaviour of a route server's implementation.
public struct ExportModeError: Error, Sendable, CustomStringConvertible {
    public var routeServer: String
    public var implementation: RouteServerImplementation
    public var name: String

    public var description: String {
        let names = implementation.modeNames.map(\.name).joined(separator: ", ")
        var text = "--mode \(name): route server \(routeServer) runs \(implementation.software), whose modes are \(names)"
        if let other = RouteServerImplementation.Software.allCases.first(where: { $0 != implementation.software }),
           let mode = (other == .bird ? RouteServerImplementation.bird(secondary: false) : .openbgpd(evaluateAll: false)).mode(named: name) {
            text += "; '\(name)' is \(other)'s \(mode) mode (set implementation: \(other.rawValue) in the job file"
                + " or use a scenario's route_server change to see it)"
        }
        return text
    }
}

extension RouteServerConfig {
    /// The mode `name` (a `--mode` value) names for this route server; nil name: the mode of
    /// its settings.
    public func exportMode(named name: String?) throws(ExportModeError) -> ExportMode {
        guard let name else { return implementation.configuredMode }
        guard let mode = implementation.mode(named: name) else {
            throw ExportModeError(routeServer: label, implementation: implementation, name: name)
        }
        return mode
    }

    /// The policy as this route server applies it: its max-prefix counting and action (the
    /// job file's `max_prefix`, else the implementation's way). A BIRD route server that
    /// keeps rejected routes tagged lets them through its import filter, so its import limit
    /// counts them: every route received counts, whatever `count` says.
    public func effectivePolicy(_ policy: ImportPolicy) -> ImportPolicy {
        guard var rule = policy.maxPrefix else { return policy }
        rule.behaviour = maxPrefix ?? implementation.defaultMaxPrefix(policy: rule.behaviour)
        if keepsRejectedTagged && implementation.software == .bird { rule.behaviour.counting = .received }
        var out = policy
        out.maxPrefix = rule
        return out
    }
}
