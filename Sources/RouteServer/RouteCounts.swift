/// Routes counted per (sending session, family, receiver set), for one export mode: the
/// simulation adds one for every route of every mode, millions a day, so the key is packed
/// into 64 bits (`PackedKeyTable`) instead of a `Dictionary` hashing a struct each time.
struct RouteCounts {
    struct Key: Hashable {
        var session: Int32
        var family: UInt8
        var set: Int32
    }

    private var table = PackedKeyTable()

    /// A session and a set are never negative, so no key packs to all ones.
    private static func pack(_ key: Key) -> UInt64 {
        UInt64(UInt32(bitPattern: key.session)) << 32 | UInt64(key.family & 1) << 31 | UInt64(UInt32(bitPattern: key.set) & 0x7FFF_FFFF)
    }

    private static func unpack(_ packed: UInt64) -> Key {
        Key(session: Int32(bitPattern: UInt32(packed >> 32)), family: UInt8(packed >> 31 & 1),
            set: Int32(bitPattern: UInt32(packed & 0x7FFF_FFFF)))
    }

    mutating func add(_ n: Int, to key: Key) {
        table.add(n, to: Self.pack(key))
    }

    /// Every key counted and its count, in no particular order.
    func forEach(_ body: (Key, Int) -> Void) {
        table.forEach { packed, value in body(Self.unpack(packed), value) }
    }
}
