/// How much a finding matters, lowest first. `report --fail-on SEVERITY` exits 1 when a
/// finding at that level or above is found.
public enum Severity: String, CaseIterable, Comparable, Sendable, CustomStringConvertible {
    /// Context for the analyst: normal operation worth a look (a route flapped once).
    case info
    /// Unusual, probably harmless, worth knowing in a peering review.
    case notice
    /// Breaks a rule of the policy; needs a conversation with the member.
    case warning
    /// A leak, an abuse or a hijack in progress: act on it today.
    case error

    public var description: String { rawValue }

    private var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// The analyses of docs/rules.md section C, plus how members use the route servers.
public enum Category: String, CaseIterable, Comparable, Sendable, CustomStringConvertible {
    case consistency
    case leaks
    case transitAbuse = "transit-abuse"
    case defaultPointing = "default-pointing"
    /// Session addresses (S7) and export-control communities (docs/rules.md section A).
    case routeServerUse = "route-server-use"

    public var description: String { rawValue }

    public var title: String {
        switch self {
        case .consistency: return "Consistency"
        case .leaks: return "Route leaks"
        case .transitAbuse: return "Transit abuse"
        case .defaultPointing: return "Default-pointing suspects"
        case .routeServerUse: return "Route-server use"
        }
    }

    private var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (a: Category, b: Category) -> Bool { a.rank < b.rank }
}
