import BGP

/// What identifies a route within one session's Adj-RIB-In: the prefix and, on ADD-PATH
/// sessions, the path identifier (RFC 7911: several paths per prefix, told apart by the id).
public struct RouteKey: Hashable, Comparable, Sendable {
    public var prefix: Prefix
    public var pathID: UInt32

    public init(prefix: Prefix, pathID: UInt32 = 0) {
        self.prefix = prefix
        self.pathID = pathID
    }

    /// Two words instead of five fields: millions of routes are looked up by key.
    public func hash(into hasher: inout Hasher) {
        let address = prefix.address
        hasher.combine(address.high ^ (UInt64(prefix.length) << 56) ^ (UInt64(address.family.rawValue) << 48))
        hasher.combine(address.low ^ (UInt64(pathID) << 32))
    }

    public static func < (a: RouteKey, b: RouteKey) -> Bool {
        (a.prefix, a.pathID) < (b.prefix, b.pathID)
    }
}
