#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Stores each distinct attribute set once (in `AttributeSets`); routes keep a small id
/// instead of a copy.
///
/// A set is interned by value, or by its encoding: the path-attributes field of an UPDATE
/// or a RIB entry (RFC 4271 section 4.3). A RIB dump repeats the same bytes for many
/// prefixes, so a sighting of an encoding seen recently costs a hash and a byte comparison
/// instead of a decode. Encodings that differ in bytes but not in meaning (attribute order),
/// or that the cache has forgotten, still share one id through the value.
///
/// The cache of encodings is bounded (a fixed table, each slot the last encoding that hashed
/// to it): on a large route server most sets are seen once, and remembering every encoding
/// would cost as much memory again as the sets themselves.
public final class AttributeInterner {
    /// The distinct sets, each once; an id is a position in it.
    public private(set) var sets = AttributeSets()
    private var recent: [RecentEncoding] = []
    /// The bytes of each slot's encoding, `slotBytes` per slot.
    private var recentBytes: [UInt8] = []
    /// Lookups by encoding that found the bytes in the cache, and those that had to decode.
    public private(set) var encodingHits = 0
    public private(set) var encodingMisses = 0

    private static let slotCount = 1 << 15
    /// Longer encodings are not cached; typical RIB entries take 50-120 bytes.
    private static let slotBytes = 256

    private struct RecentEncoding {
        var hash: UInt64 = 0
        var id: Int32 = -1
        var count: UInt16 = 0
        var asnSize: UInt8 = 0
    }

    public init() {}

    public func intern(_ attributes: PathAttributes) -> Int32 { sets.intern(attributes) }

    /// The id of the attributes encoded in `bytes` with ASNs of `asnSize` bytes (RFC 6793:
    /// the same bytes mean another path on a 2-byte session). `decode` runs only for bytes
    /// not in the cache; the bytes are remembered, so they must describe the whole set.
    public func intern(encoded bytes: UnsafeRawBufferPointer, asnSize: Int, decode: () -> PathAttributes) -> Int32 {
        if recent.isEmpty {
            recent = Array(repeating: RecentEncoding(), count: Self.slotCount)
            recentBytes = Array(repeating: 0, count: Self.slotCount * Self.slotBytes)
        }
        let hash = AttributeSets.hash(bytes, seed: UInt64(truncatingIfNeeded: asnSize))
        let slot = Int(truncatingIfNeeded: hash >> 17) & (Self.slotCount - 1)
        let entry = recent[slot]
        if entry.id >= 0, entry.hash == hash, Int(entry.asnSize) == asnSize, Int(entry.count) == bytes.count,
           slotHolds(bytes, slot: slot) {
            encodingHits += 1
            return entry.id
        }
        encodingMisses += 1
        let id = intern(decode())
        guard bytes.count <= Self.slotBytes, let size = UInt8(exactly: asnSize) else { return id }
        recent[slot] = RecentEncoding(hash: hash, id: id, count: UInt16(bytes.count), asnSize: size)
        recentBytes.withUnsafeMutableBytes { stored in
            guard let source = bytes.baseAddress else { return }
            (stored.baseAddress! + slot * Self.slotBytes).copyMemory(from: source, byteCount: bytes.count)
        }
        return id
    }

    /// Forgets the cache and the index by value once no more sets are coming (the
    /// reconstruction is over): the analyses after it need the memory.
    public func releaseEncodings() {
        recent = []
        recentBytes = []
        sets.dropIndex()
    }

    public subscript(id: Int32) -> PathAttributes { sets[Int(id)] }
    public var count: Int { sets.count }

    private func slotHolds(_ bytes: UnsafeRawBufferPointer, slot: Int) -> Bool {
        guard let wanted = bytes.baseAddress else { return true }
        return recentBytes.withUnsafeBytes { stored in
            memcmp(stored.baseAddress! + slot * Self.slotBytes, wanted, bytes.count) == 0
        }
    }
}
