import BGP
#if canImport(Glibc)
import Glibc
#endif

/// Turns wire attribute blocks into interned `PathAttributes`, decoding each distinct block
/// once: a RIB dump repeats the same block for thousands of prefixes, so the second and later
/// sightings cost a hash and a byte comparison instead of a decode. Blocks that differ in
/// bytes but not in meaning (different NLRI inside MP_REACH, attribute order) still share one
/// interned value through `interner`.
public final class AttributeCache {
    public let interner: AttributeInterner
    /// Every cached block's bytes, back to back; `entries` point into it.
    private var arena: [UInt8] = []
    private var entries: [(hash: UInt64, start: Int, count: Int, asnSize: Int, id: Int32)] = []
    /// Open addressing on the block hash: entry index + 1, 0 for an empty slot.
    private var slots = [Int32](repeating: 0, count: 1024)
    public private(set) var hits = 0
    public private(set) var misses = 0

    public init(interner: AttributeInterner = AttributeInterner()) {
        self.interner = interner
    }

    /// The interned id of the block's attributes.
    public func intern(_ wire: WireAttributes) -> Int32 {
        // A block that carries NLRI (MP_REACH/MP_UNREACH of an UPDATE) is unique to its
        // message: keeping its bytes would only grow memory with the file.
        if wire.mpUnreach != nil || (wire.mpReach?.nlri?.count ?? 0) > 0 {
            return interner.intern(PathAttributes(wire))
        }
        let hash = Self.hash(wire.block, seed: UInt64(wire.asnSize))
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
        while slots[slot] != 0 {
            let entry = entries[Int(slots[slot]) - 1]
            if entry.hash == hash, entry.asnSize == wire.asnSize, entry.count == wire.block.count,
               arena.withUnsafeBytes({ memcmp($0.baseAddress! + entry.start, wire.block.baseAddress!, entry.count) == 0 }) {
                hits += 1
                return entry.id
            }
            slot = (slot + 1) & mask
        }
        misses += 1
        let id = interner.intern(PathAttributes(wire))
        entries.append((hash, arena.count, wire.block.count, wire.asnSize, id))
        arena.append(contentsOf: wire.block)
        slots[slot] = Int32(entries.count)
        if entries.count * 2 > slots.count { grow() }
        return id
    }

    /// A 64-bit hash of the bytes, eight at a time (a multiply-xorshift mix per word).
    static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64) -> UInt64 {
        var h = seed ^ UInt64(bytes.count) &* 0x9E37_79B9_7F4A_7C15
        var offset = 0
        while offset + 8 <= bytes.count {
            h = (h ^ bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
            offset += 8
        }
        var tail: UInt64 = 0
        while offset < bytes.count {
            tail = tail << 8 | UInt64(bytes[offset])
            offset += 1
        }
        h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
        return h ^ (h >> 29)
    }

    private func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for (index, entry) in entries.enumerated() {
            var slot = Int(truncatingIfNeeded: entry.hash ^ (entry.hash >> 29)) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index + 1)
        }
    }

    public subscript(id: Int32) -> PathAttributes { interner[id] }
}
