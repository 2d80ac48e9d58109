/// A hash map from 63-bit keys to non-negative Int32 values with open addressing (linear
/// probing, multiplicative hashing): the per-sample look-ups of the traffic checks (MAC to
/// member, member pair to cell) cost one multiply and usually one probe, where `Dictionary`
/// would run SipHash on every sample.
struct IntegerMap {
    private var keys: [UInt64]
    private var values: [Int32]
    private var shift: UInt64
    private(set) var count = 0

    /// Marks an empty slot; no key may be this value.
    private static let empty = UInt64.max

    init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = [UInt64](repeating: Self.empty, count: size)
        values = [Int32](repeating: -1, count: size)
        shift = UInt64(64 - size.trailingZeroBitCount)
    }

    /// The value of `key`, or -1.
    @inline(__always)
    func value(_ key: UInt64) -> Int32 {
        keys.withUnsafeBufferPointer { keys in
            let mask = keys.count - 1
            var slot = Self.slot(key, shift)
            while true {
                let found = keys[slot]
                if found == key { return values[slot] }
                if found == Self.empty { return -1 }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Stores `value` for `key` unless the key is already there; returns the value kept.
    @discardableResult
    mutating func insert(_ key: UInt64, _ value: Int32) -> Int32 {
        precondition(key != Self.empty && value >= 0, "IntegerMap: the key \(key) or value \(value) is reserved")
        if (count + 1) * 2 > keys.count { grow() }
        let mask = keys.count - 1
        var slot = Self.slot(key, shift)
        while keys[slot] != Self.empty {
            if keys[slot] == key { return values[slot] }
            slot = (slot + 1) & mask
        }
        keys[slot] = key
        values[slot] = value
        count += 1
        return value
    }

    @inline(__always)
    private static func slot(_ key: UInt64, _ shift: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    private mutating func grow() {
        let old = zip(keys, values).filter { $0.0 != Self.empty }
        self = IntegerMap(capacity: keys.count)
        for (key, value) in old { insert(key, value) }
    }
}
