/// Longest-prefix match over IPv4 and IPv6 prefixes: a binary trie in flat arrays (one node
/// per prefix bit walked, no per-node allocation), so that millions of flow samples can be
/// matched against a day's announcements.
///
/// The methods are inlinable so that callers in other modules (flow matching, RPKI and IRR
/// lookups, millions a day) get them specialized for their value type instead of walking the
/// nodes through generic metadata.
public struct PrefixTrie<Value> {
    @usableFromInline
    struct Node: Sendable {
        @usableFromInline var children: (Int32, Int32)
        @usableFromInline var value: Int32

        @inlinable init() {
            children = (-1, -1)
            value = -1
        }
    }

    @usableFromInline var nodes: [Node] = [Node(), Node()]  // roots: 0 for IPv4, 1 for IPv6
    @usableFromInline var entries: [(prefix: Prefix, value: Value)] = []

    @inlinable public init() {}

    /// Prefixes stored.
    @inlinable
    public var count: Int { entries.count }

    /// Stores `value` for `prefix`, replacing the value already there.
    @inlinable
    public mutating func insert(_ prefix: Prefix, _ value: Value) {
        let node = nodeCreating(prefix)
        if nodes[node].value >= 0 {
            entries[Int(nodes[node].value)].value = value
        } else {
            entries.append((prefix, value))
            nodes[node].value = Int32(entries.count - 1)
        }
    }

    /// The value stored for `prefix`, or nil after storing `value` there: one walk down for
    /// builders that ask before they insert (a VRP file lists a prefix once per ASN).
    @inlinable
    public mutating func insertIfAbsent(_ prefix: Prefix, _ value: Value) -> Value? {
        let node = nodeCreating(prefix)
        if nodes[node].value >= 0 { return entries[Int(nodes[node].value)].value }
        entries.append((prefix, value))
        nodes[node].value = Int32(entries.count - 1)
        return nil
    }

    /// Makes room for `count` more prefixes, so that a builder that knows how many it has
    /// grows the entries once.
    @inlinable
    public mutating func reserveCapacity(_ count: Int) {
        entries.reserveCapacity(entries.count + count)
    }

    /// The node of `prefix`, created with the nodes above it that are missing. Once a child is
    /// missing every node below is new, so those are appended in one run without looking.
    @inlinable
    mutating func nodeCreating(_ prefix: Prefix) -> Int {
        var node = prefix.family == .ipv4 ? 0 : 1
        let length = Int(prefix.length)
        var bit = 0
        while bit < length {
            let next = Self.bit(prefix.address, bit) ? nodes[node].children.1 : nodes[node].children.0
            if next < 0 { break }
            node = Int(next)
            bit += 1
        }
        while bit < length {
            let created = Int32(nodes.count)
            nodes.append(Node())
            if Self.bit(prefix.address, bit) { nodes[node].children.1 = created } else { nodes[node].children.0 = created }
            node = Int(created)
            bit += 1
        }
        return node
    }

    /// The most specific stored prefix that contains `address`, with its value.
    @inlinable
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
    @inlinable
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

    /// Every stored prefix that contains `prefix` (itself included), least specific first:
    /// the covering ROAs of RFC 6811 section 2, the covering route objects of an IRR.
    @inlinable
    public func matches(covering prefix: Prefix) -> [(prefix: Prefix, value: Value)] {
        var found: [(prefix: Prefix, value: Value)] = []
        forEachMatch(covering: prefix) { found.append(($0, $1)) }
        return found
    }

    /// Calls `body` with every stored prefix that contains `prefix`, least specific first,
    /// allocating nothing: for checks that run once per route of a day.
    @inlinable
    public func forEachMatch(covering prefix: Prefix, _ body: (Prefix, Value) -> Void) {
        var node = prefix.family == .ipv4 ? 0 : 1
        var bit = 0
        while true {
            let index = nodes[node].value
            if index >= 0 { body(entries[Int(index)].prefix, entries[Int(index)].value) }
            guard bit < Int(prefix.length) else { return }
            let next = Self.bit(prefix.address, bit) ? nodes[node].children.1 : nodes[node].children.0
            if next < 0 { return }
            node = Int(next)
            bit += 1
        }
    }

    /// Bit `index` of the address, counted from the most significant.
    @inlinable @inline(__always)
    static func bit(_ address: IPAddress, _ index: Int) -> Bool {
        if address.family == .ipv4 { return (address.low >> UInt64(31 - index)) & 1 == 1 }
        return index < 64 ? (address.high >> UInt64(63 - index)) & 1 == 1 : (address.low >> UInt64(127 - index)) & 1 == 1
    }
}

/// A trie of sendable values is a plain value (arrays of integers and prefixes): reference
/// sets built from it (VRPs, route objects) can be shared across tasks.
extension PrefixTrie: Sendable where Value: Sendable {}
