import BGP

/// Longest-prefix match over a fixed set of prefixes, for the per-sample look-ups of the
/// traffic checks. `PrefixTrie` walks one node per address bit (24 dependent loads for a /24);
/// for IPv4 this table reads 16 bits at the root and 8 bits per level below (a multibit trie
/// with the shorter prefixes pushed down to the leaves), so a look-up costs one to three
/// loads; IPv6, where prefixes are few and scattered, goes to a `CompressedPrefixTrie`. Built
/// once from all prefixes, never changed.
///
/// IPv4 is one flat array: the 65,536 root entries, then blocks of 256 (2 KB each, one per
/// /16 holding longer prefixes). An entry is 0 (no prefix covers it), the value of the most
/// specific prefix, or the start of a child block with the high bit set. Values are 64 bits so
/// that a caller can pack what it reads most often into them and spare itself a cache miss.
struct PrefixTable {
    private var v4: [UInt64]
    private let v6: CompressedPrefixTrie

    private static let rootSize = 1 << 16
    private static let blockSize = 256
    /// Marks a child block; values must leave it clear. The IPv6 trie's bit for a node below,
    /// so that a batch look-up tells the entries that go deeper the same way in both.
    static let childFlag = CompressedPrefixTrie.childFlag

    /// A table answering with `values[i]` for the most specific of `prefixes` (distinct) that
    /// holds an address. Values must be non-zero and leave `childFlag` clear.
    init(_ prefixes: [Prefix], values: [UInt64]) {
        precondition(values.count == prefixes.count, "PrefixTable: one value per prefix")
        precondition(values.allSatisfy { $0 != 0 && $0 & Self.childFlag == 0 }, "PrefixTable: 0 and the child flag are reserved")
        v4 = [UInt64](repeating: 0, count: Self.rootSize)
        // Shorter prefixes first: a longer one then overwrites the part of the range it covers,
        // and a block created under a painted entry inherits that entry's value. Bucketed by
        // length rather than sorted (a million prefixes).
        var byLength = [[Int]](repeating: [], count: 33)
        for index in prefixes.indices where prefixes[index].family == .ipv4 { byLength[Int(prefixes[index].length)].append(index) }
        for bucket in byLength {
            for index in bucket { Self.insert(prefixes[index], values[index], into: &v4) }
        }
        v6 = CompressedPrefixTrie(prefixes.indices.filter { prefixes[$0].family == .ipv6 }.map { (prefixes[$0], values[$0]) })
    }

    /// Bytes held by the table.
    var memory: Int { v4.count * MemoryLayout<UInt64>.stride + v6.memory }

    /// The value of the most specific prefix containing `address`, or 0.
    @inline(__always)
    func lookup(_ address: IPAddress) -> UInt64 {
        if address.family == .ipv4 {
            return v4.withUnsafeBufferPointer { table in
                let value = UInt32(truncatingIfNeeded: address.low)
                var entry = table[Int(value >> 16)]
                var shift: UInt32 = 8
                while entry & Self.childFlag != 0 {
                    entry = table[Int(truncatingIfNeeded: entry & ~Self.childFlag) + Int((value >> shift) & 0xFF)]
                    shift &-= 8
                }
                return entry
            }
        }
        return v6.lookup(address)
    }

    /// `lookup` of every address of `addresses` into `values`, level by level: the root
    /// entries of all of them, then the blocks below of those that go deeper, and so on. Each
    /// level mostly misses the cache, and the loads of one level are independent of each other,
    /// so the processor waits for a batch's misses together rather than one after another (in
    /// a walk per address, each load waits for the one before it). Below the root, IPv6
    /// addresses (fewer, in a smaller trie) are walked to the end at once.
    func lookup(_ addresses: UnsafeBufferPointer<IPAddress>, into values: UnsafeMutableBufferPointer<UInt64>) {
        precondition(values.count >= addresses.count, "PrefixTable: a value per address")
        v4.withUnsafeBufferPointer { table in
            // The union of the entries read last: whether any goes deeper.
            var read: UInt64 = 0
            for i in addresses.indices {
                let address = addresses[i]
                let entry = address.family == .ipv4 ? table[Int(UInt32(truncatingIfNeeded: address.low) >> 16)] : v6.rootEntry(address)
                values[i] = entry
                read |= entry
            }
            var shift: UInt32 = 8
            while read & Self.childFlag != 0 {
                read = 0
                for i in addresses.indices where values[i] & Self.childFlag != 0 {
                    let address = addresses[i]
                    let entry: UInt64
                    if address.family == .ipv4 {
                        let value = UInt32(truncatingIfNeeded: address.low)
                        entry = table[Int(truncatingIfNeeded: values[i] & ~Self.childFlag) + Int((value >> shift) & 0xFF)]
                    } else {
                        entry = v6.lookup(address, from: values[i])
                    }
                    values[i] = entry
                    read |= entry
                }
                shift &-= 8
            }
        }
    }

    /// Paints `prefix`'s range with `value` at the level where its length ends, creating the
    /// child blocks on the way down.
    private static func insert(_ prefix: Prefix, _ value: UInt64, into table: inout [UInt64]) {
        let length = Int(prefix.length)
        let rootIndex = Int((prefix.address.low >> 16) & 0xFFFF)
        if length <= 16 {
            let span = 1 << (16 - length)
            for i in rootIndex..<(rootIndex + span) { table[i] = value }
            return
        }
        var slot = rootIndex
        var offset = 16
        while true {
            if table[slot] & childFlag == 0 {
                let inherited = table[slot]
                let start = table.count
                table.append(contentsOf: repeatElement(inherited, count: blockSize))
                table[slot] = childFlag | UInt64(start)
            }
            let block = Int(truncatingIfNeeded: table[slot] & ~childFlag)
            let index = block + byte(prefix.address, at: offset)
            if length <= offset + 8 {
                let span = 1 << (offset + 8 - length)
                for i in index..<(index + span) { table[i] = value }
                return
            }
            slot = index
            offset += 8
        }
    }

    /// The 8 bits of an IPv4 address from bit `offset` (16 or 24).
    @inline(__always)
    private static func byte(_ address: IPAddress, at offset: Int) -> Int { Int((address.low >> UInt64(24 - offset)) & 0xFF) }
}
