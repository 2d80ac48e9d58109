import BGP

/// A route server's import policy: the rules of a preset (`data/policies/*.yaml`), each with
/// its parameters and the clause of the IXP's or member's document it enforces
/// (docs/rules.md). A rule that is nil is not checked. Load one with `ImportPolicy.load(path:)`.
public struct ImportPolicy: Hashable, Sendable {
    /// The preset's name (`smarthub-ix`).
    public var name: String
    public var title: String
    /// The file it came from; nil when built from values.
    public var file: String?

    public var bogonPrefix: BogonPrefixRule?
    public var prefixLength: PrefixLengthRule?
    public var defaultRoute: ClauseRule?
    public var bogonASN: ASNRangeRule?
    public var firstAS: ClauseRule?
    public var nextHop: ClauseRule?
    public var transitFreeASN: ASNRangeRule?
    public var asPathLength: PathLengthRule?
    public var maxPrefix: MaxPrefixRule?

    public init(name: String, title: String = "", file: String? = nil) {
        self.name = name
        self.title = title
        self.file = file
    }
}

/// A rule with no parameters: only the clause it enforces.
public struct ClauseRule: Hashable, Sendable {
    public var clause: String
    public init(clause: String) { self.clause = clause }
}

/// Prefixes inside any of `ranges` are bogons (a range itself included).
public struct BogonPrefixRule: Hashable, Sendable {
    public var clause: String
    public var ranges: [Prefix]
    public init(clause: String, ranges: [Prefix]) {
        self.clause = clause
        self.ranges = ranges
    }

    /// The range `prefix` lies in, if any.
    public func range(containing prefix: Prefix) -> Prefix? {
        ranges.first { $0.contains(prefix) }
    }
}

/// Shortest and longest prefix length accepted, per family.
public struct PrefixLengthRule: Hashable, Sendable {
    public var clause: String
    public var ipv4: ClosedRange<Int>
    public var ipv6: ClosedRange<Int>
    public init(clause: String, ipv4: ClosedRange<Int> = 8...24, ipv6: ClosedRange<Int> = 16...48) {
        self.clause = clause
        self.ipv4 = ipv4
        self.ipv6 = ipv6
    }

    public func lengths(_ family: AddressFamily) -> ClosedRange<Int> { family == .ipv4 ? ipv4 : ipv6 }
}

/// ASNs that may not appear in an AS path: ranges (bogon ASNs) or single ASNs (transit-free).
public struct ASNRangeRule: Hashable, Sendable {
    public var clause: String
    /// Sorted by lower bound.
    public var ranges: [ClosedRange<UInt32>]
    public init(clause: String, ranges: [ClosedRange<UInt32>]) {
        self.clause = clause
        self.ranges = ranges.sorted { $0.lowerBound < $1.lowerBound }
    }

    public init(clause: String, asns: [ASN]) {
        self.init(clause: clause, ranges: asns.map { $0.rawValue...$0.rawValue })
    }

    /// Lists are short (tens of ranges) and each attribute set is checked once: a scan is enough.
    public func contains(_ asn: ASN) -> Bool {
        ranges.contains { $0.contains(asn.rawValue) }
    }
}

/// The longest AS path accepted (RFC 4271 length: a set counts one).
public struct PathLengthRule: Hashable, Sendable {
    public var clause: String
    public var max: Int
    public init(clause: String, max: Int) {
        self.clause = clause
        self.max = max
    }
}

/// The max-prefix limit per session and family: the member list's `max_prefix` for the
/// session's address when it gives one, else these defaults (nil: no limit); which routes count
/// and what the route server does over the limit (`Behaviour`).
public struct MaxPrefixRule: Hashable, Sendable {
    public enum Action: String, Hashable, Sendable, CaseIterable {
        /// The session goes down and stays down: it exports nothing and every route it sent is
        /// gone (BIRD's default action; OpenBGPD's only one, `max-prefix N`).
        case disable
        /// The session goes down and comes back after a while, to hit the limit again: for a
        /// day's state, down like `disable` (BIRD's `action restart`, OpenBGPD's `restart`).
        case restart
        /// Routes over the limit are rejected, the first ones (by first-seen time, then
        /// prefix) kept (BIRD's `action block`).
        case block
        /// Nothing is rejected; the limit is only logged (BIRD's `action warn`).
        case warn

        /// Whether the session is closed over the limit.
        public var closesSession: Bool { self == .disable || self == .restart }
    }

    /// Which routes count against the limit.
    public enum Counting: String, Hashable, Sendable, CaseIterable {
        /// Every route received, before the import filter (BIRD's `receive limit`,
        /// OpenBGPD's `max-prefix`).
        case received
        /// The routes the import filter accepts (BIRD's `import limit`).
        case accepted
    }

    /// How a route server applies the limit.
    public struct Behaviour: Hashable, Sendable, CustomStringConvertible {
        public var counting: Counting
        public var action: Action

        public init(counting: Counting = .accepted, action: Action = .disable) {
            self.counting = counting
            self.action = action
        }

        /// `accepted routes counted, disable`.
        public var description: String { "\(counting.rawValue) routes counted, \(action.rawValue)" }
    }

    public var clause: String
    public var ipv4: Int?
    public var ipv6: Int?
    public var behaviour: Behaviour
    public var action: Action {
        get { behaviour.action }
        set { behaviour.action = newValue }
    }

    public init(clause: String, ipv4: Int? = nil, ipv6: Int? = nil, action: Action = .disable, counting: Counting = .accepted) {
        self.clause = clause
        self.ipv4 = ipv4
        self.ipv6 = ipv6
        self.behaviour = Behaviour(counting: counting, action: action)
    }

    public func defaultLimit(_ family: AddressFamily) -> Int? { family == .ipv4 ? ipv4 : ipv6 }
}
