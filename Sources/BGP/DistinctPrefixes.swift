/// Counts the distinct prefixes among many (those a route server carries: 1.5 million routes,
/// most prefixes several times; those of a member's sessions). An IPv4 prefix is kept as one
/// integer (address, then length) and sorted as one: sorting `Prefix` values compares them
/// field by field, and a `Set<Prefix>` hashes each with SipHash, both several times slower.
/// Integers in this order sort as the prefixes do.
public struct DistinctPrefixes {
    private var ipv4: [UInt64] = []
    private var ipv6: [Prefix] = []

    public init() {}

    public mutating func insert(_ prefix: Prefix) {
        if prefix.family == .ipv4 {
            ipv4.append(prefix.address.low << 8 | UInt64(prefix.length))
        } else {
            ipv6.append(prefix)
        }
    }

    /// How many distinct prefixes were inserted, per family (sorts what it holds).
    public mutating func counts() -> (ipv4: Int, ipv6: Int) {
        ipv4.sort()
        ipv6.sort()
        return (Self.distinct(ipv4), Self.distinct(ipv6))
    }

    /// How many distinct prefixes were inserted (sorts what it holds).
    public mutating func count() -> Int {
        let counts = counts()
        return counts.ipv4 + counts.ipv6
    }

    private static func distinct<T: Equatable>(_ sorted: [T]) -> Int {
        var count = 0
        for i in sorted.indices where i == 0 || sorted[i] != sorted[i - 1] { count += 1 }
        return count
    }
}
