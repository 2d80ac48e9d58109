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

    /// The same order as `<`, on the key's integers (family, address, length, path id):
    /// sorting a large session's routes calls it millions of times.
    @inline(__always)
    static func precedes(_ a: RouteKey, _ b: RouteKey) -> Bool {
        let x = a.prefix.address, y = b.prefix.address
        if x.family != y.family { return x.family.rawValue < y.family.rawValue }
        if x.high != y.high { return x.high < y.high }
        if x.low != y.low { return x.low < y.low }
        if a.prefix.length != b.prefix.length { return a.prefix.length < b.prefix.length }
        return a.pathID < b.pathID
    }
}
