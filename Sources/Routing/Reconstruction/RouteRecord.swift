/// What one session has said about one route key: the last attributes it announced (an id
/// in the shared `AttributeInterner`, kept after a withdrawal so that a leak announced and
/// withdrawn during the day can still be shown), whether the route is present, when it was
/// first and last seen, and how often it came back after a withdrawal.
///
/// Twenty bytes: the large day holds millions of these, so the counters are narrow and the
/// two presence flags share one byte.
public struct RouteRecord: Hashable, Sendable {
    /// The last attributes announced (interned), present or not.
    public var attributes: Int32
    /// First announcement (the RIB's originated time for routes of the baseline).
    public var firstSeen: UInt32
    /// Last time the route was announced or known present; when withdrawn, the withdrawal time.
    public var lastSeen: UInt32
    /// Withdrawn (explicitly or by a session reset) and announced again.
    public var flaps: UInt16
    /// Announced again with different attributes while present (implicit replacement).
    public var attributeChanges: UInt16
    /// Announced again after an explicit withdrawal: the flaps the member caused itself, not
    /// those a session reset explains (the route-flapping check of the consistency analysis).
    public var withdrawalFlaps: UInt16
    /// Announced again while present with other communities (standard or large, as sets)
    /// than before; stops counting at 255.
    public var communityChanges: UInt8
    private var presence: Presence

    /// False once withdrawn (explicitly or by a session reset).
    public var isPresent: Bool {
        get { presence == .present }
        set { presence = newValue ? .present : .withdrawn }
    }

    /// Gone because its session left Established, not withdrawn by the member.
    public var droppedByReset: Bool { presence == .droppedByReset }

    public init(attributes: Int32, firstSeen: UInt32, lastSeen: UInt32, flaps: UInt16 = 0, attributeChanges: UInt16 = 0,
                withdrawalFlaps: UInt16 = 0, communityChanges: UInt8 = 0, isPresent: Bool = true) {
        self.attributes = attributes
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.flaps = flaps
        self.attributeChanges = attributeChanges
        self.withdrawalFlaps = withdrawalFlaps
        self.communityChanges = communityChanges
        self.presence = isPresent ? .present : .withdrawn
    }

    /// The session left Established while the route was present.
    mutating func dropForReset() { presence = .droppedByReset }

    private enum Presence: UInt8, Hashable, Sendable {
        case present, withdrawn, droppedByReset
    }
}

/// A point of a session's route-count time series: counts at the end of the interval that
/// starts at `time`.
public struct RouteCountSample: Hashable, Sendable {
    public var time: UInt32
    public var ipv4: Int
    public var ipv6: Int
}
