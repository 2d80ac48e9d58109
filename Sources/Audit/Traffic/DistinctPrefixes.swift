import BGP

/// Counts the distinct prefixes among many (those a route server carries: 1.5 million routes,
/// most prefixes several times). An IPv4 prefix is kept as one integer (address, then length)
/// and sorted as one: sorting `Prefix` values compares them field by field through an
/// out-of-module `<`, several times slower. Integers in this order sort as the prefixes do.
struct DistinctPrefixes {
    private var ipv4: [UInt64] = []
    private var ipv6: [Prefix] = []

    mutating func insert(_ prefix: Prefix) {
        if prefix.family == .ipv4 {
            ipv4.append(prefix.address.low << 8 | UInt64(prefix.length))
        } else {
            ipv6.append(prefix)
        }
    }

    /// How many distinct prefixes were inserted (sorts what it holds).
    mutating func count() -> Int {
        ipv4.sort()
        ipv6.sort()
        return Self.distinct(ipv4) + Self.distinct(ipv6)
    }

    private static func distinct<T: Equatable>(_ sorted: [T]) -> Int {
        var count = 0
        for i in sorted.indices where i == 0 || sorted[i] != sorted[i - 1] { count += 1 }
        return count
    }
}
