#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Stores each distinct attribute set once; routes keep a small id instead of a copy.
///
/// A set is interned by value, or by its encoding: the path-attributes field of an UPDATE
/// or a RIB entry (RFC 4271 section 4.3). A RIB dump repeats the same bytes for thousands of
/// prefixes, so the second and later sightings of an encoding cost a hash and a byte
/// comparison instead of a decode. Encodings that differ in bytes but not in meaning
/// (attribute order) still share one id through the value index.
public final class AttributeInterner {
    public private(set) var values: [PathAttributes] = []
    /// Open addressing on each value's hash (kept in `valueHashes`): index in `values` + 1, 0
    /// for an empty slot. A dictionary would hold a second copy of every set.
    private var valueSlots = [Int32](repeating: 0, count: 1024)
    private var valueHashes: [Int] = []
    /// Every remembered encoding's bytes, back to back; `encodings` point into it.
    private var arena: [UInt8] = []
    private var encodings: [Encoding] = []
    /// Open addressing on the encoding's hash: index in `encodings` + 1, 0 for an empty slot.
    private var slots = [Int32](repeating: 0, count: 1024)
    /// Lookups by encoding that found the bytes already seen, and those that had to decode.
    public private(set) var encodingHits = 0
    public private(set) var encodingMisses = 0

    /// 24 bytes: the arena stays under 4 GiB and an attribute field under 64 KiB (RFC 8654).
    private struct Encoding {
        var hash: UInt64
        var start: UInt32
        var count: UInt32
        var id: Int32
        var asnSize: UInt8
    }

    public init() {}

    public func intern(_ attributes: PathAttributes) -> Int32 {
        let hash = attributes.hashValue
        let mask = valueSlots.count - 1
        var slot = hash & mask
        while valueSlots[slot] != 0 {
            let id = valueSlots[slot] - 1
            if valueHashes[Int(id)] == hash, values[Int(id)] == attributes { return id }
            slot = (slot + 1) & mask
        }
        let id = Int32(values.count)
        values.append(attributes)
        valueHashes.append(hash)
        valueSlots[slot] = id + 1
        if values.count * 2 > valueSlots.count { growValues() }
        return id
    }

    private func growValues() {
        valueSlots = [Int32](repeating: 0, count: valueSlots.count * 2)
        let mask = valueSlots.count - 1
        for (position, hash) in valueHashes.enumerated() {
            var slot = hash & mask
            while valueSlots[slot] != 0 { slot = (slot + 1) & mask }
            valueSlots[slot] = Int32(position + 1)
        }
    }

    /// The id of the attributes encoded in `bytes` with ASNs of `asnSize` bytes (RFC 6793:
    /// the same bytes mean another path on a 2-byte session). `decode` runs only for bytes
    /// not seen before; the bytes are remembered, so they must describe the whole set.
    public func intern(encoded bytes: UnsafeRawBufferPointer, asnSize: Int, decode: () -> PathAttributes) -> Int32 {
        let hash = Self.hash(bytes, seed: UInt64(truncatingIfNeeded: asnSize))
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
        while slots[slot] != 0 {
            let entry = encodings[Int(slots[slot]) - 1]
            if entry.hash == hash, Int(entry.asnSize) == asnSize, Int(entry.count) == bytes.count, arenaHolds(bytes, at: Int(entry.start)) {
                encodingHits += 1
                return entry.id
            }
            slot = (slot + 1) & mask
        }
        encodingMisses += 1
        let id = intern(decode())
        // An arena past 4 GiB only stops remembering encodings: interning by value still works.
        guard let start = UInt32(exactly: arena.count), let count = UInt32(exactly: bytes.count),
              let size = UInt8(exactly: asnSize) else { return id }
        encodings.append(Encoding(hash: hash, start: start, count: count, id: id, asnSize: size))
        arena.append(contentsOf: bytes)
        slots[slot] = Int32(encodings.count)
        if encodings.count * 2 > slots.count { grow() }
        return id
    }

    /// Forgets the remembered encodings once no more are coming (the reconstruction is
    /// over): they only speed up decoding, and the analyses after it need the memory.
    public func releaseEncodings() {
        arena = []
        encodings = []
        slots = [Int32](repeating: 0, count: 1024)
    }

    public subscript(id: Int32) -> PathAttributes { values[Int(id)] }
    public var count: Int { values.count }

    private func arenaHolds(_ bytes: UnsafeRawBufferPointer, at start: Int) -> Bool {
        guard let wanted = bytes.baseAddress else { return true }
        return arena.withUnsafeBytes { stored in
            guard let base = stored.baseAddress else { return false }
            return memcmp(base + start, wanted, bytes.count) == 0
        }
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
        for (position, entry) in encodings.enumerated() {
            var slot = Int(truncatingIfNeeded: entry.hash ^ (entry.hash >> 29)) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(position + 1)
        }
    }
}
