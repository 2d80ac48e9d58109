/// Routes counted per (sending session, family, receiver set), for one export mode: the
/// simulation adds one for every route of every mode, millions a day, so the key is packed
/// into 64 bits and kept in an open-addressing table with a multiplicative hash instead of a
/// `Dictionary` hashing a struct each time.
struct RouteCounts {
    struct Key: Hashable {
        var session: Int32
        var family: UInt8
        var set: Int32
    }

    /// Packed keys (`pack`), `empty` where a slot is free; `values` beside them.
    private var keys = [UInt64](repeating: RouteCounts.empty, count: 1 << 10)
    private var values = [Int](repeating: 0, count: 1 << 10)
    private var used = 0
    /// A session and a set are never negative, so no key packs to all ones.
    private static let empty = UInt64.max

    private static func pack(_ key: Key) -> UInt64 {
        UInt64(UInt32(bitPattern: key.session)) << 32 | UInt64(key.family & 1) << 31 | UInt64(UInt32(bitPattern: key.set) & 0x7FFF_FFFF)
    }

    private static func unpack(_ packed: UInt64) -> Key {
        Key(session: Int32(bitPattern: UInt32(packed >> 32)), family: UInt8(packed >> 31 & 1),
            set: Int32(bitPattern: UInt32(packed & 0x7FFF_FFFF)))
    }

    /// Where `packed` is, or the free slot it would go to.
    private func slot(_ packed: UInt64) -> Int {
        let mask = keys.count - 1
        var i = Int(truncatingIfNeeded: (packed &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
        while keys[i] != packed && keys[i] != Self.empty { i = (i + 1) & mask }
        return i
    }

    mutating func add(_ n: Int, to key: Key) {
        let packed = Self.pack(key)
        var i = slot(packed)
        if keys[i] == Self.empty {
            if 2 * (used + 1) > keys.count {
                grow()
                i = slot(packed)
            }
            keys[i] = packed
            used += 1
        }
        values[i] += n
    }

    private mutating func grow() {
        let old = (keys, values)
        keys = [UInt64](repeating: Self.empty, count: 2 * old.0.count)
        values = [Int](repeating: 0, count: keys.count)
        for (packed, value) in zip(old.0, old.1) where packed != Self.empty {
            let i = slot(packed)
            keys[i] = packed
            values[i] = value
        }
    }

    /// Every key counted and its count, in no particular order.
    func forEach(_ body: (Key, Int) -> Void) {
        for (packed, value) in zip(keys, values) where packed != Self.empty { body(Self.unpack(packed), value) }
    }
}
