/// A map from 64-bit keys to integers for the simulation's per-route look-ups (millions a
/// day): open addressing with a multiplicative hash over two flat arrays, instead of a
/// `Dictionary` hashing each key with SipHash. All ones is not a key (it marks a free slot).
struct PackedKeyTable {
    private var keys = [UInt64](repeating: PackedKeyTable.free, count: 1 << 10)
    private var values = [Int](repeating: 0, count: 1 << 10)
    private var used = 0
    static let free = UInt64.max

    /// Where `key` is, or the free slot it would go to.
    private func slot(_ key: UInt64) -> Int {
        let mask = keys.count - 1
        var i = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
        while keys[i] != key && keys[i] != Self.free { i = (i + 1) & mask }
        return i
    }

    subscript(key: UInt64) -> Int? {
        let i = slot(key)
        return keys[i] == key ? values[i] : nil
    }

    mutating func set(_ value: Int, for key: UInt64) {
        values[claim(key)] = value
    }

    mutating func add(_ n: Int, to key: UInt64) {
        values[claim(key)] += n
    }

    /// The slot of `key`, taken (value 0) if it was not there.
    private mutating func claim(_ key: UInt64) -> Int {
        precondition(key != Self.free, "all ones is not a key of a PackedKeyTable")
        var i = slot(key)
        if keys[i] == Self.free {
            if 2 * (used + 1) > keys.count {
                grow()
                i = slot(key)
            }
            keys[i] = key
            used += 1
        }
        return i
    }

    private mutating func grow() {
        let old = (keys, values)
        keys = [UInt64](repeating: Self.free, count: 2 * old.0.count)
        values = [Int](repeating: 0, count: keys.count)
        for (key, value) in zip(old.0, old.1) where key != Self.free {
            let i = slot(key)
            keys[i] = key
            values[i] = value
        }
    }

    /// Every key and its value, in no particular order.
    func forEach(_ body: (UInt64, Int) -> Void) {
        for (key, value) in zip(keys, values) where key != Self.free { body(key, value) }
    }
}
