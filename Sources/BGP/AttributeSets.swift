import CSystem
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Distinct attribute sets, each stored once in its compact form (`PathAttributes+Compact`)
/// and named by its position, the id routes keep. Reading a set decodes it; a store of a
/// million sets costs its bytes plus 16 per set, not a million heap objects.
///
/// Sets are kept in chunks of a megabyte, so the store grows without ever copying what it
/// holds (one growing array would briefly need twice its size). A value type: copies share
/// their storage until one of them is changed.
public struct AttributeSets: RandomAccessCollection, Sendable {
    /// Where a set is, in 8 bytes: chunk (bits 40-63), offset in it (20-39), length (0-19).
    /// A set of a megabyte or more (never from the wire: an UPDATE's attributes are under
    /// 64 KiB, RFC 8654) gets a chunk of its own and length 0, "the whole chunk".
    private struct Location {
        var bits: UInt64

        init(chunk: Int, offset: Int, length: Int) {
            bits = UInt64(chunk) << 40 | UInt64(offset) << 20 | UInt64(length < AttributeSets.chunkSize ? length : 0)
        }

        var chunk: Int { Int(bits >> 40) }
        var offset: Int { Int(bits >> 20 & 0xF_FFFF) }
        var length: Int { Int(bits & 0xF_FFFF) }
    }

    private static let chunkSize = 1 << 20
    private var chunks: [[UInt8]] = []
    private var locations: [Location] = []
    /// Open addressing on each set's hash. A slot holds position + 1 in its low
    /// `positionBits` bits (0: empty) and, above them, the top bits of the set's hash: a probe
    /// that meets another set mostly tells it apart there, without reading that set's bytes
    /// (two cache misses in a store of millions). Growing it hashes the stored bytes again
    /// rather than keeping every hash; `dropIndex()` empties it and the next `intern` rebuilds it.
    private var slots: [UInt32] = []
    private var positionBits = 0
    private var scratch: [UInt8] = []

    public init() {}

    /// Every value at the position it has in `values`, duplicates included.
    public init<S: Sequence>(_ values: S) where S.Element == PathAttributes {
        for value in values { append(value) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { locations.count }

    public subscript(position: Int) -> PathAttributes {
        withCompact(position) { PathAttributes(compact: $0) }
    }

    public subscript(id: Int32) -> PathAttributes { self[Int(id)] }

    /// The compact bytes of the set at `position`, valid only inside `body`.
    public func withCompact<R>(_ position: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let location = locations[position]
        return try chunks[location.chunk].withUnsafeBytes { chunk in
            let start = location.offset
            let end = location.length == 0 ? chunk.count : start + location.length
            return try body(UnsafeRawBufferPointer(rebasing: chunk[start..<end]))
        }
    }

    /// Forgets the index that finds a set by value (about 10 bytes a set) when no more sets
    /// are expected; the next `intern` rebuilds it.
    public mutating func dropIndex() {
        slots = []
    }

    /// The id of `value`: the position of an equal set stored before, or a new one.
    public mutating func intern(_ value: PathAttributes) -> Int32 {
        var bytes = takeScratch()
        value.appendCompact(to: &bytes)
        defer { scratch = bytes }
        return intern(compact: bytes)
    }

    /// The id of the set whose compact form is `bytes` (as `PathAttributes.appendCompact` or
    /// `WireAttributes.appendCompact` wrote it).
    public mutating func intern(compact bytes: [UInt8]) -> Int32 {
        bytes.withUnsafeBytes { intern(compact: $0) }
    }

    /// The id of the set whose compact form is `bytes`, which may be a part of a larger buffer.
    public mutating func intern(compact bytes: UnsafeRawBufferPointer) -> Int32 {
        intern(compact: bytes, hash: Self.hash(compact: bytes))
    }

    /// `intern(compact:)` with the set's hash (`hash(compact:)`) computed before, where the
    /// bytes were written.
    public mutating func intern(compact bytes: UnsafeRawBufferPointer, hash: UInt64) -> Int32 {
        if slots.isEmpty { rebuildIndex() }
        let (position, slot) = probe(bytes, hash: hash)
        return position ?? store(bytes, slot: slot, tag: tag(hash))
    }

    /// The hash the index finds a set's compact form by.
    public static func hash(compact bytes: UnsafeRawBufferPointer) -> UInt64 { hash(bytes, seed: 0) }

    /// Starts loading the index slot a set of hash `hash` is looked up at into the cache, some
    /// look-ups before `intern(compact:hash:)` asks for it: in a store of millions every probe
    /// is a cache miss, and announced ahead the misses of a batch overlap. (Asking ahead for
    /// the set the slot names as well costs more than it saves: reading the slot to find it
    /// waits for the slot.) Mutating though it changes nothing: called on a store held by a
    /// class, a non-mutating call copies the whole store first, retaining and releasing each
    /// of its arrays, which cost the applier more than the prefetch saved.
    public mutating func prefetch(hash: UInt64) {
        slots.withUnsafeBufferPointer { slots in
            guard let base = slots.baseAddress else { return }
            csystem_prefetch(base + (Int(truncatingIfNeeded: hash) & (slots.count - 1)))
        }
    }

    /// The position of a stored set whose compact form is `bytes`, storing nothing; nil when
    /// there is none. Reads only, so threads may ask one store at once, as long as none changes
    /// it; the index must be there (`buildIndex()`).
    public func find(compact bytes: UnsafeRawBufferPointer) -> Int32? {
        find(compact: bytes, hash: Self.hash(bytes, seed: 0))
    }

    /// `find(compact:)` with the set's hash (`hash(compact:)`) computed before.
    public func find(compact bytes: UnsafeRawBufferPointer, hash: UInt64) -> Int32? {
        precondition(!slots.isEmpty, "find(compact:) needs the index: buildIndex() first")
        return probe(bytes, hash: hash).position
    }

    /// Where the set `bytes` of hash `hash` is in the index: its position when stored, and the
    /// slot the probe ended at (the empty one it would take otherwise).
    private func probe(_ bytes: UnsafeRawBufferPointer, hash: UInt64) -> (position: Int32?, slot: Int) {
        let mask = slots.count - 1
        let tag = self.tag(hash)
        let positionMask = UInt32(truncatingIfNeeded: (1 << positionBits) - 1)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 {
            let held = slots[slot]
            if held & ~positionMask == tag {
                let position = Int(held & positionMask) - 1
                if holds(bytes, at: position) { return (Int32(position), slot) }
            }
            slot = (slot + 1) & mask
        }
        return (nil, slot)
    }

    /// The top bits of `hash`, in the place a slot keeps them (above the position).
    private func tag(_ hash: UInt64) -> UInt32 {
        positionBits >= 32 ? 0 : UInt32(truncatingIfNeeded: hash >> UInt64(32 + positionBits)) << UInt32(positionBits)
    }

    /// Builds the index that finds a set by value, if `dropIndex()` dropped it.
    public mutating func buildIndex() {
        if slots.isEmpty { rebuildIndex() }
    }

    /// Stores `value` at a new position even when an equal set is stored already (for sets
    /// given as an array whose positions are the ids).
    @discardableResult
    public mutating func append(_ value: PathAttributes) -> Int32 {
        if slots.isEmpty { rebuildIndex() }
        var bytes = takeScratch()
        value.appendCompact(to: &bytes)
        defer { scratch = bytes }
        let hash = bytes.withUnsafeBytes { Self.hash($0, seed: 0) }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        return bytes.withUnsafeBytes { store($0, slot: slot, tag: tag(hash)) }
    }

    /// The scratch buffer, emptied and moved out, so that writing it copies nothing.
    private mutating func takeScratch() -> [UInt8] {
        var bytes: [UInt8] = []
        swap(&bytes, &scratch)
        bytes.removeAll(keepingCapacity: true)
        return bytes
    }

    private mutating func store(_ bytes: UnsafeRawBufferPointer, slot: Int, tag: UInt32) -> Int32 {
        if chunks.isEmpty || chunks[chunks.count - 1].count + bytes.count > Self.chunkSize {
            var chunk: [UInt8] = []
            chunk.reserveCapacity(Swift.max(Self.chunkSize, bytes.count))
            chunks.append(chunk)
        }
        if locations.count == locations.capacity {
            // Half again, not double: a store of millions of sets would leave megabytes unused.
            locations.reserveCapacity(locations.count + locations.count / 2 + 64)
        }
        let last = chunks.count - 1
        locations.append(Location(chunk: last, offset: chunks[last].count, length: bytes.count))
        chunks[last].append(contentsOf: bytes)
        if bytes.count >= Self.chunkSize { chunks.append([]) }
        let id = Int32(locations.count - 1)
        slots[slot] = tag | UInt32(id + 1)
        if locations.count * 2 > slots.count { growSlots() }
        return id
    }

    private func holds(_ bytes: UnsafeRawBufferPointer, at position: Int) -> Bool {
        withCompact(position) { stored in
            stored.count == bytes.count && (bytes.isEmpty || memcmp(stored.baseAddress!, bytes.baseAddress!, bytes.count) == 0)
        }
    }

    private mutating func rebuildIndex() {
        var size = 1024
        while size < 2 * count + 2 { size *= 2 }
        placeAll(slotCount: size)
    }

    private mutating func growSlots() { placeAll(slotCount: slots.count * 2) }

    /// A table of `slotCount` slots (a power of two) holding every stored set. Positions + 1
    /// go up to half of it, so they need one bit less than the slot count does.
    private mutating func placeAll(slotCount: Int) {
        slots = [UInt32](repeating: 0, count: slotCount)
        positionBits = slotCount.trailingZeroBitCount
        let mask = slots.count - 1
        // The sets are read in order, but their slots are anywhere: each set's slot is asked
        // for `ahead` sets before it is taken, its hash kept in a ring meanwhile.
        let ahead = 16
        var hashes = [UInt64](repeating: 0, count: ahead)
        func announce(_ position: Int) {
            guard position < count else { return }
            let hash = withCompact(position) { Self.hash($0, seed: 0) }
            hashes[position & (ahead - 1)] = hash
            prefetch(hash: hash)
        }
        for position in 0..<ahead { announce(position) }
        for position in indices {
            let hash = hashes[position & (ahead - 1)]
            announce(position + ahead)
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = tag(hash) | UInt32(position + 1)
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
}
