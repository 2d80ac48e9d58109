import BGP

/// Turns wire attribute blocks into interned `PathAttributes`, decoding each distinct block
/// once: a RIB dump repeats the same block for thousands of prefixes, so the second and later
/// sightings cost a hash and a byte comparison instead of a decode. Blocks that differ in
/// bytes but not in meaning (different NLRI inside MP_REACH, attribute order) still share one
/// interned value through `interner`.
public final class AttributeCache {
    public let interner: AttributeInterner
    private var idsByHash: [UInt64: [(bytes: [UInt8], asnSize: Int, id: Int32)]] = [:]
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
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325 ^ UInt64(wire.asnSize)
        for byte in wire.block {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3
        }
        if let candidates = idsByHash[hash] {
            for candidate in candidates where candidate.asnSize == wire.asnSize && candidate.bytes.elementsEqual(wire.block) {
                hits += 1
                return candidate.id
            }
        }
        misses += 1
        let id = interner.intern(PathAttributes(wire))
        idsByHash[hash, default: []].append((Array(wire.block), wire.asnSize, id))
        return id
    }

    public subscript(id: Int32) -> PathAttributes { interner[id] }
}
