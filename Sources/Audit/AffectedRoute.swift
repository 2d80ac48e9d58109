import BGP

/// One route behind a finding: where it was seen, its prefix and path id, when, how often,
/// and what is particular to it. A finding stands for many of these (one per member and
/// check, not one per route); the report writes every one to the analysis's routes table.
public struct AffectedRoute: Hashable, Sendable {
    /// A session (`rs1 185.1.15.21`), or the sessions compared, joined by `;`.
    public var source: String
    public var prefix: Prefix
    public var pathID: UInt32
    public var firstSeen: UInt32?
    public var lastSeen: UInt32?
    /// The check's count for this route (flaps, community changes); 1 when it counts nothing.
    public var count: Int
    /// What a person checks for this route: its AS path, each session's value, where it is missing.
    public var detail: String

    public init(source: String, prefix: Prefix, pathID: UInt32 = 0, firstSeen: UInt32? = nil, lastSeen: UInt32? = nil,
                count: Int = 1, detail: String) {
        self.source = source
        self.prefix = prefix
        self.pathID = pathID
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.count = count
        self.detail = detail
    }

    /// Prefix, path id, source: the order of a finding's routes.
    public static func before(_ a: AffectedRoute, _ b: AffectedRoute) -> Bool {
        (a.prefix, a.pathID, a.source) < (b.prefix, b.pathID, b.source)
    }
}

/// How a finding that stands for many routes names them: the count and the first few.
enum Examples {
    /// Examples a finding's evidence names; the routes table has the rest.
    static let shown = 5

    /// `1 prefix (193.0.8.0/23)`, `7 prefixes (a, b, c, d, e and 2 more)`: `items` are sorted,
    /// `total` is how many there are in all.
    static func list(_ items: [String], total: Int, _ singular: String, _ plural: String) -> String {
        let named = items.prefix(shown).joined(separator: ", ")
        let more = total > min(items.count, shown) ? " and \(total - min(items.count, shown)) more" : ""
        return "\(total) \(total == 1 ? singular : plural) (\(named)\(more))"
    }

    /// The distinct prefixes of `routes`, sorted, named as `list` does.
    static func prefixes(of routes: [AffectedRoute]) -> String {
        let distinct = distinctPrefixes(routes)
        return list(distinct.prefix(shown).map(\.description), total: distinct.count, "prefix", "prefixes")
    }

    static func distinctPrefixes(_ routes: [AffectedRoute]) -> [Prefix] { Array(Set(routes.map(\.prefix))).sorted() }
}
