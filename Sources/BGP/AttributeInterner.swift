/// The attribute sets of a reconstruction, each stored once (`AttributeSets`); routes keep a
/// small id instead of a copy. A class: the sessions, the route servers and the analyses all
/// name sets by id in the one store.
///
/// A decoder hands a set over in its compact form when it can write it straight from the wire
/// (`intern(writing:)`), so the common set is never built as a `PathAttributes`; a RIB dump
/// that repeats a set for many prefixes then costs a hash and a byte comparison per prefix.
public final class AttributeInterner {
    /// The distinct sets, each once; an id is a position in it.
    public private(set) var sets = AttributeSets()
    private var scratch: [UInt8] = []

    public init() {}

    public func intern(_ attributes: PathAttributes) -> Int32 { sets.intern(attributes) }

    /// The id of the set `write` puts in compact form into the (empty) buffer it is given; nil
    /// when `write` returns false, leaving the set to `intern(_:)`.
    public func intern(writing write: (inout [UInt8]) -> Bool) -> Int32? {
        scratch.removeAll(keepingCapacity: true)
        guard write(&scratch) else { return nil }
        return sets.intern(compact: scratch)
    }

    /// The id of the set whose compact form is `bytes` (a part of a larger buffer, as a batch
    /// of route changes carries it).
    public func intern(compact bytes: UnsafeRawBufferPointer) -> Int32 { sets.intern(compact: bytes) }

    /// `intern(compact:)` with the set's hash (`AttributeSets.hash(compact:)`) computed before.
    public func intern(compact bytes: UnsafeRawBufferPointer, hash: UInt64) -> Int32 { sets.intern(compact: bytes, hash: hash) }

    /// Starts loading where a set of hash `hash` is looked up into the cache (`AttributeSets.prefetch`).
    public func prefetch(hash: UInt64) { sets.prefetch(hash: hash) }

    /// Whether two stored sets carry the same communities, standard and large, as sets
    /// (`AttributeSets.sameCommunities`), read in place.
    public func sameCommunities(_ a: Int32, _ b: Int32) -> Bool { sets.sameCommunities(a, b) }

    /// Forgets the index that finds a set by value once no more sets are coming (the
    /// reconstruction is over): the analyses after it need the memory. Interning again
    /// rebuilds it.
    public func dropIndex() {
        scratch = []
        sets.dropIndex()
    }

    /// Interns every set of `other`, in `other`'s id order, and returns the id each now has
    /// here (`ids[otherID]`). How RIBs read apart are joined: the ids of the sets this interner
    /// held are unchanged, and the new ones follow in an order fixed by `other` alone.
    ///
    /// Two route servers mostly carry the same sets, so the sets already here are looked up
    /// first, on every core (the store does not change meanwhile); only the others are then
    /// interned, one after the other in `other`'s order.
    public func absorb(_ other: AttributeInterner) -> [Int32] {
        sets.buildIndex()
        var ids = [Int32](repeating: -1, count: other.count)
        let parts = 64, total = other.count
        do {
            let known = sets, theirs = other.sets
            ids.withUnsafeMutableBufferPointer { ids in
                eachInParallel(parts) { part in
                    // Each set's slot is asked for `ahead` sets before it is looked up (the
                    // slots of millions of sets are a cache miss each), its hash kept meanwhile.
                    let range = (total * part / parts)..<(total * (part + 1) / parts)
                    // A copy of its own (the arrays are shared, not copied): `prefetch` is mutating.
                    var known = known
                    let ahead = 16
                    var hashes = [UInt64](repeating: 0, count: ahead)
                    func announce(_ id: Int) {
                        guard id < range.upperBound else { return }
                        let hash = theirs.withCompact(id) { AttributeSets.hash(compact: $0) }
                        hashes[id & (ahead - 1)] = hash
                        known.prefetch(hash: hash)
                    }
                    for id in range.prefix(ahead) { announce(id) }
                    for id in range {
                        announce(id + ahead)
                        ids[id] = theirs.withCompact(id) { known.find(compact: $0, hash: hashes[id & (ahead - 1)]) } ?? -1
                    }
                }
            }
        }
        var bytes: [UInt8] = []
        for id in ids.indices where ids[id] < 0 {
            bytes.removeAll(keepingCapacity: true)
            other.sets.withCompact(id) { bytes.append(contentsOf: $0) }
            ids[id] = sets.intern(compact: bytes)
        }
        return ids
    }

    public subscript(id: Int32) -> PathAttributes { sets[Int(id)] }
    public var count: Int { sets.count }
}
