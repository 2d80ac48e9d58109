import BGP

/// Longest-prefix match for IPv6 in little memory: a table of 65,536 entries for the first 16
/// bits, then nodes of 6 bits whose 64 slots are described by two bitmaps, after the
/// poptrie of Asai and Ohara (SIGCOMM 2015): `children` marks the slots that go deeper (the
/// child nodes are stored together, found by counting the set bits before the slot), and
/// `runs` marks where a run of equal leaf values starts (the values are stored once per run,
/// found the same way). IPv6 prefixes are sparse (a lone /48 in its /29 is common), and plain
/// 256-entry blocks would cost 2 KB per level for each of them; here a level costs a node of
/// 24 bytes and two or three leaf values.
struct CompressedPrefixTrie {
    private struct Node {
        var children: UInt64 = 0
        var runs: UInt64 = 0
        var firstChild: Int32 = 0
        var firstLeaf: Int32 = 0
    }

    private var root: [UInt64]
    private var nodes: [Node] = []
    private var leaves: [UInt64] = []

    static let rootBits = 16
    static let stride = 6
    static let childFlag: UInt64 = 1 << 63

    /// A trie answering with the value of the most specific of `entries` (IPv6, distinct)
    /// holding an address, 0 when none does. Values must be non-zero and leave `childFlag` clear.
    init(_ entries: [(prefix: Prefix, value: UInt64)]) {
        root = [UInt64](repeating: 0, count: 1 << Self.rootBits)
        let sorted = entries.sorted { $0.prefix < $1.prefix }
        for entry in sorted.filter({ $0.prefix.length <= Self.rootBits }).sorted(by: { $0.prefix.length < $1.prefix.length }) {
            let first = Int(entry.prefix.address.high >> 48)
            for i in first..<(first + 1 << (Self.rootBits - Int(entry.prefix.length))) { root[i] = entry.value }
        }
        let deeper = sorted.filter { $0.prefix.length > Self.rootBits }
        var start = 0
        while start < deeper.count {
            let slot = Int(deeper[start].prefix.address.high >> 48)
            var end = start + 1
            while end < deeper.count && Int(deeper[end].prefix.address.high >> 48) == slot { end += 1 }
            nodes.append(Node())
            let index = nodes.count - 1
            fill(index, deeper[start..<end], inherited: root[slot], offset: Self.rootBits)
            root[slot] = Self.childFlag | UInt64(index)
            start = end
        }
    }

    var memory: Int { root.count * 8 + nodes.count * MemoryLayout<Node>.stride + leaves.count * 8 }

    /// The value of the most specific prefix containing `address`, or 0.
    @inline(__always)
    func lookup(_ address: IPAddress) -> UInt64 { lookup(address, from: rootEntry(address)) }

    /// The root's entry for `address`: the value, or with `childFlag` the node below. Read
    /// apart so that a caller can read many before walking on (`PrefixTable.lookup(_:into:)`).
    @inline(__always)
    func rootEntry(_ address: IPAddress) -> UInt64 { root[Int(address.high >> 48)] }

    /// `lookup` from the root's entry for `address`.
    @inline(__always)
    func lookup(_ address: IPAddress, from entry: UInt64) -> UInt64 {
        if entry & Self.childFlag == 0 { return entry }
        return nodes.withUnsafeBufferPointer { nodes in
            var node = nodes[Int(truncatingIfNeeded: entry & ~Self.childFlag)]
            var offset = Self.rootBits
            while true {
                let bit: UInt64 = 1 << Self.slot(address, offset)
                if node.children & bit != 0 {
                    node = nodes[Int(node.firstChild) + (node.children & (bit &- 1)).nonzeroBitCount]
                    offset += Self.stride
                } else {
                    return leaves[Int(node.firstLeaf) + (node.runs & (bit | (bit &- 1))).nonzeroBitCount - 1]
                }
            }
        }
    }

    /// Fills node `index` for the region of the address space it covers (the bits before
    /// `offset` fixed), from the prefixes inside it that are longer than `offset`, sorted.
    private mutating func fill(_ index: Int, _ inside: ArraySlice<(prefix: Prefix, value: UInt64)>, inherited: UInt64, offset: Int) {
        var values = [UInt64](repeating: inherited, count: 64)
        let end = offset + Self.stride
        for entry in inside.filter({ Int($0.prefix.length) <= end }).sorted(by: { $0.prefix.length < $1.prefix.length }) {
            let first = Self.slot(entry.prefix.address, offset)
            for s in first..<(first + 1 << (end - Int(entry.prefix.length))) { values[s] = entry.value }
        }
        let deeper = inside.filter { Int($0.prefix.length) > end }
        var groups: [(slot: Int, range: Range<Int>)] = []
        var start = deeper.startIndex
        while start < deeper.endIndex {
            let slot = Self.slot(deeper[start].prefix.address, offset)
            var stop = start + 1
            while stop < deeper.endIndex && Self.slot(deeper[stop].prefix.address, offset) == slot { stop += 1 }
            groups.append((slot, start..<stop))
            start = stop
        }
        var node = Node()
        node.firstChild = Int32(nodes.count)
        for group in groups { node.children |= 1 << UInt64(group.slot) }
        nodes += repeatElement(Node(), count: groups.count)
        node.firstLeaf = Int32(leaves.count)
        for s in 0..<64 where s == 0 || values[s] != values[s - 1] {
            node.runs |= 1 << UInt64(s)
            leaves.append(values[s])
        }
        nodes[index] = node
        for (i, group) in groups.enumerated() {
            fill(Int(node.firstChild) + i, deeper[group.range], inherited: values[group.slot], offset: end)
        }
    }

    /// The 6 address bits from bit `offset` (bits past 128 read as zero).
    @inline(__always)
    private static func slot(_ address: IPAddress, _ offset: Int) -> Int {
        let end = offset + stride
        if end <= 64 { return Int((address.high >> UInt64(64 - end)) & 63) }
        if offset >= 64 {
            return end <= 128 ? Int((address.low >> UInt64(128 - end)) & 63) : Int((address.low << UInt64(end - 128)) & 63)
        }
        return Int(((address.high << UInt64(end - 64)) | (address.low >> UInt64(128 - end))) & 63)
    }
}
