import BGP

/// Prefix to slot number by exact match, for the look-up done for every route of a day
/// (irr-unregistered asks whether a route object exists for exactly the route's prefix): an
/// open-addressing table whose entries hold the whole prefix and its slot side by side, so a
/// look-up costs a multiply and, mostly, one cache line, where a `Dictionary<Prefix, Int32>`
/// hashes four fields with SipHash and reads a bitmap, a key and a value in three places.
struct ExactPrefixTable {
    private struct Entry {
        var high: UInt64 = 0
        var low: UInt64 = 0
        var slot: Int32 = 0
        var length: UInt8 = 0
        /// 0: empty; 1: IPv4; 2: IPv6.
        var family: UInt8 = 0
    }

    private var entries = [Entry](repeating: Entry(), count: 16)
    private(set) var count = 0

    /// The slot of exactly `prefix`, if it was inserted.
    @inline(__always)
    subscript(prefix: Prefix) -> Int32? {
        let family = Self.family(prefix)
        let mask = entries.count - 1
        var i = Self.hash(prefix) & mask
        while true {
            let entry = entries[i]
            if entry.family == 0 { return nil }
            if entry.family == family && entry.length == prefix.length && entry.low == prefix.address.low
                && entry.high == prefix.address.high {
                return entry.slot
            }
            i = (i + 1) & mask
        }
    }

    /// Adds `prefix` with `slot`; the prefix must not be in the table yet.
    mutating func insert(_ prefix: Prefix, slot: Int32) {
        if 2 * (count + 1) > entries.count { grow() }
        place(Entry(high: prefix.address.high, low: prefix.address.low, slot: slot, length: prefix.length,
                    family: Self.family(prefix)))
        count += 1
    }

    /// Grows the table once for `count` prefixes in all, instead of doubling on the way.
    mutating func reserveCapacity(_ count: Int) {
        var size = entries.count
        while 2 * count > size { size *= 2 }
        guard size > entries.count else { return }
        let old = entries
        entries = [Entry](repeating: Entry(), count: size)
        for entry in old where entry.family != 0 { place(entry) }
    }

    private mutating func place(_ entry: Entry) {
        let mask = entries.count - 1
        var i = Self.hash(high: entry.high, low: entry.low, length: entry.length) & mask
        while entries[i].family != 0 { i = (i + 1) & mask }
        entries[i] = entry
    }

    /// Doubles the table (it stays at most half full, so probe runs stay short).
    private mutating func grow() {
        let old = entries
        entries = [Entry](repeating: Entry(), count: old.count * 2)
        for entry in old where entry.family != 0 { place(entry) }
    }

    @inline(__always)
    private static func family(_ prefix: Prefix) -> UInt8 { prefix.family == .ipv4 ? 1 : 2 }

    @inline(__always)
    private static func hash(_ prefix: Prefix) -> Int {
        hash(high: prefix.address.high, low: prefix.address.low, length: prefix.length)
    }

    /// A multiplicative hash of the address and length, its high bits folded down (the table
    /// takes the low bits).
    @inline(__always)
    private static func hash(high: UInt64, low: UInt64, length: UInt8) -> Int {
        var h = (high &* 0x9E37_79B9_7F4A_7C15) ^ (low &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(length)
        h = (h ^ (h >> 32)) &* 0xD6E8_FEB8_6659_FD93
        return Int(truncatingIfNeeded: h ^ (h >> 32))
    }
}
