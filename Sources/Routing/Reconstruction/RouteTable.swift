import BGP
import CSystem

/// One session's routes by key: what a `[RouteKey: RouteRecord]` would hold, in about half the
/// memory. A large route server keeps millions of routes; a dictionary entry costs a 40-byte
/// key, the record and the free buckets of its power-of-two storage. Here a key is packed into
/// 24 bytes, keys and records sit in two flat arrays in the order first seen, and an
/// open-addressing table of 4-byte positions finds them. Routes are never removed (a withdrawn
/// route keeps its last attributes), so positions stay valid for the session's life.
public struct RouteTable: Sequence {
    private var packedKeys: [PackedKey] = []
    private var records: [RouteRecord] = []
    /// Position in `packedKeys` + 1 in the low bits (0 for an empty slot), and the top bits
    /// of the key's hash above them: a probe that meets another key mostly tells it apart
    /// there, without the cache miss of reading that key. At most three quarters full: the
    /// probes stay short, and a large session's table stays a small part of its routes' cost.
    private var slots = [UInt32](repeating: 0, count: 16)

    /// A route key in 24 bytes: the address words, then family, length and path id.
    private struct PackedKey: Equatable {
        var high: UInt64
        var low: UInt64
        var familyAndLength: UInt16
        var pathID: UInt32

        init(_ key: RouteKey) {
            high = key.prefix.address.high
            low = key.prefix.address.low
            familyAndLength = key.prefix.address.family.rawValue << 8 | UInt16(key.prefix.length)
            pathID = key.pathID
        }

        var key: RouteKey {
            let address = familyAndLength >> 8 == AddressFamily.ipv4.rawValue
                ? IPAddress(ipv4: UInt32(truncatingIfNeeded: low)) : IPAddress(ipv6High: high, low: low)
            return RouteKey(prefix: Prefix(address: address, length: Int(familyAndLength & 0xFF)), pathID: pathID)
        }

        var hash: Int {
            var h = high &* 0x9E37_79B9_7F4A_7C15 ^ low
            h = (h ^ UInt64(familyAndLength) << 32 ^ UInt64(pathID)) &* 0xBF58_476D_1CE4_E5B9
            return Int(truncatingIfNeeded: h ^ (h >> 31))
        }
    }

    public init() {}

    public var count: Int { packedKeys.count }
    public var isEmpty: Bool { packedKeys.isEmpty }

    /// The record of `key`; setting nil is not supported (routes are never removed) and
    /// leaves the table as it is.
    public subscript(key: RouteKey) -> RouteRecord? {
        get { position(of: PackedKey(key)).map { records[$0] } }
        set {
            guard let newValue else { return }
            let packed = PackedKey(key)
            if let position = position(of: packed) {
                records[position] = newValue
            } else {
                insert(packed, newValue)
            }
        }
    }

    /// Changes the record of `key` in place, or adds the one `insert` makes when the key is
    /// new: one look-up where reading and then writing the subscript takes two (millions of
    /// announcements and withdrawals a night). Returns whether the key was new.
    @discardableResult
    mutating func update(_ key: RouteKey, insert: () -> RouteRecord?, change: (inout RouteRecord) -> Void) -> Bool {
        let packed = PackedKey(key)
        if let position = position(of: packed) {
            change(&records[position])
            return false
        }
        guard let record = insert() else { return false }
        self.insert(packed, record)
        return true
    }

    /// Starts loading the slot `key` is looked up at into the cache, some look-ups before
    /// they ask for it (`RouteChangeApplier`): the slots of a large session are a cache miss
    /// each, and announced ahead the misses of a batch overlap. Mutating, like
    /// `AttributeSets.prefetch`, so that a table held by a session is not copied to be read.
    mutating func prefetch(_ key: RouteKey) {
        let hash = PackedKey(key).hash
        slots.withUnsafeBufferPointer { slots in csystem_prefetch(slots.baseAddress! + (hash & (slots.count - 1))) }
    }

    /// Every key, in the order first seen.
    public var keys: [RouteKey] { packedKeys.map(\.key) }

    /// Every record, in the order their keys were first seen.
    public var values: [RouteRecord] { records }

    /// Changes every record in place.
    public mutating func updateEach(_ change: (inout RouteRecord) -> Void) {
        for position in records.indices { change(&records[position]) }
    }

    /// Calls `body` with each route whose record passes `include`, sorted by key (`RouteKey <`);
    /// only positions are sorted, the routes are not copied.
    public func forEachSorted(where include: (RouteRecord) -> Bool, _ body: (RouteKey, RouteRecord) throws -> Void) rethrows {
        var order: [Int32] = []
        for position in records.indices where include(records[position]) { order.append(Int32(position)) }
        order.sort { Self.precedes(packedKeys[Int($0)], packedKeys[Int($1)]) }
        for position in order { try body(packedKeys[Int(position)].key, records[Int(position)]) }
    }

    public func makeIterator() -> Iterator { Iterator(table: self) }

    /// The routes in the order first seen.
    public struct Iterator: IteratorProtocol {
        let table: RouteTable
        var position = 0

        public mutating func next() -> (key: RouteKey, value: RouteRecord)? {
            guard position < table.packedKeys.count else { return nil }
            defer { position += 1 }
            return (table.packedKeys[position].key, table.records[position])
        }
    }

    /// `RouteKey <` on the packed integers: family, address, length, path id.
    private static func precedes(_ a: PackedKey, _ b: PackedKey) -> Bool {
        let familyA = a.familyAndLength >> 8, familyB = b.familyAndLength >> 8
        if familyA != familyB { return familyA < familyB }
        if a.high != b.high { return a.high < b.high }
        if a.low != b.low { return a.low < b.low }
        if a.familyAndLength != b.familyAndLength { return a.familyAndLength < b.familyAndLength }
        return a.pathID < b.pathID
    }

    private func position(of key: PackedKey) -> Int? {
        let mask = slots.count - 1
        let hash = key.hash
        let positionMask = self.positionMask, tag = self.tag(hash)
        var slot = hash & mask
        while slots[slot] != 0 {
            let held = slots[slot]
            if held & ~positionMask == tag {
                let position = Int(held & positionMask) - 1
                if packedKeys[position] == key { return position }
            }
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// Positions + 1 stay under the slot count (the table is at most three quarters full), so
    /// they take as many bits as the slot count's power of two.
    private var positionMask: UInt32 { UInt32(truncatingIfNeeded: slots.count - 1) }

    /// The bits of `hash` above those the slot index uses, placed above the position.
    private func tag(_ hash: Int) -> UInt32 {
        let bits = slots.count.trailingZeroBitCount
        guard bits < 32 else { return 0 }
        return UInt32(truncatingIfNeeded: UInt(bitPattern: hash) >> UInt(32 + bits)) << UInt32(bits)
    }

    private mutating func insert(_ key: PackedKey, _ record: RouteRecord) {
        if packedKeys.count == packedKeys.capacity {
            // Half again, not double: the largest sessions hold hundreds of thousands of routes,
            // and what a doubled array leaves unused counts in the peak.
            let capacity = packedKeys.count + packedKeys.count / 2 + 16
            packedKeys.reserveCapacity(capacity)
            records.reserveCapacity(capacity)
        }
        packedKeys.append(key)
        records.append(record)
        if packedKeys.count * 4 > slots.count * 3 {
            rebuildSlots(count: slots.count * 2)
        } else {
            place(packedKeys.count - 1)
        }
    }

    private mutating func place(_ position: Int) {
        let mask = slots.count - 1
        let hash = packedKeys[position].hash
        var slot = hash & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = tag(hash) | UInt32(position + 1)
    }

    private mutating func rebuildSlots(count: Int) {
        slots = [UInt32](repeating: 0, count: count)
        for position in packedKeys.indices { place(position) }
    }
}
