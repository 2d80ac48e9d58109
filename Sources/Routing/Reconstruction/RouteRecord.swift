/// What one session has said about one route key: the last attributes it announced (an id
/// in the shared `AttributeInterner`, kept after a withdrawal so that a leak announced and
/// withdrawn during the day can still be shown), whether the route is present, when it was
/// first and last seen, and how often it came back after a withdrawal.
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

    /// False once withdrawn (explicitly or by a session reset).
    public var isPresent: Bool

    public init(attributes: Int32, firstSeen: UInt32, lastSeen: UInt32, flaps: UInt16 = 0, attributeChanges: UInt16 = 0,
                isPresent: Bool = true) {
        self.attributes = attributes
        self.isPresent = isPresent
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.flaps = flaps
        self.attributeChanges = attributeChanges
    }
}

/// A point of a session's route-count time series: counts at the end of the interval that
/// starts at `time`.
public struct RouteCountSample: Hashable, Sendable {
    public var time: UInt32
    public var ipv4: Int
    public var ipv6: Int
}
