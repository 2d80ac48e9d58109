/// Longest-prefix match over IPv4 and IPv6 prefixes: a binary trie in flat arrays (one node
/// per prefix bit walked, no per-node allocation), so that millions of flow samples can be
/// matched against a day's announcements.
public struct PrefixTrie<Value> {
    private struct Node {
        var children: (Int32, Int32) = (-1, -1)
        var value: Int32 = -1
    }

    private var nodes: [Node] = [Node(), Node()]  // roots: 0 for IPv4, 1 for IPv6
    private var entries: [(prefix: Prefix, value: Value)] = []

    public init() {}

    /// Prefixes stored.
    public var count: Int { entries.count }

    /// Stores `value` for `prefix`, replacing the value already there.
    public mutating func insert(_ prefix: Prefix, _ value: Value) {
        var node = prefix.family == .ipv4 ? 0 : 1
        for bit in 0..<Int(prefix.length) {
            let next = Self.bit(prefix.address, bit) ? nodes[node].children.1 : nodes[node].children.0
            if next >= 0 {
                node = Int(next)
                continue
            }
            nodes.append(Node())
            let created = Int32(nodes.count - 1)
            if Self.bit(prefix.address, bit) { nodes[node].children.1 = created } else { nodes[node].children.0 = created }
            node = Int(created)
        }
        if nodes[node].value >= 0 {
            entries[Int(nodes[node].value)].value = value
        } else {
            entries.append((prefix, value))
            nodes[node].value = Int32(entries.count - 1)
        }
    }

    /// The most specific stored prefix that contains `address`, with its value.
    public func longestMatch(_ address: IPAddress) -> (prefix: Prefix, value: Value)? {
        var node = address.family == .ipv4 ? 0 : 1
        var best = nodes[node].value
        let bits = address.family.maxPrefixLength
        var bit = 0
        while bit < bits {
            let next = Self.bit(address, bit) ? nodes[node].children.1 : nodes[node].children.0
            if next < 0 { break }
            node = Int(next)
            if nodes[node].value >= 0 { best = nodes[node].value }
            bit += 1
        }
        return best >= 0 ? entries[Int(best)] : nil
    }

    /// The value stored for exactly `prefix`.
    public func value(for prefix: Prefix) -> Value? {
        var node = prefix.family == .ipv4 ? 0 : 1
        for bit in 0..<Int(prefix.length) {
            let next = Self.bit(prefix.address, bit) ? nodes[node].children.1 : nodes[node].children.0
            if next < 0 { return nil }
            node = Int(next)
        }
        let index = nodes[node].value
        return index >= 0 ? entries[Int(index)].value : nil
    }

    /// Bit `index` of the address, counted from the most significant.
    @inline(__always)
    private static func bit(_ address: IPAddress, _ index: Int) -> Bool {
        if address.family == .ipv4 { return (address.low >> UInt64(31 - index)) & 1 == 1 }
        return index < 64 ? (address.high >> UInt64(63 - index)) & 1 == 1 : (address.low >> UInt64(127 - index)) & 1 == 1
    }
}
