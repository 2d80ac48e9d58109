/// The attribute sets a session's UPDATEs announced during the day, each with the number of
/// prefixes announced with it (`SessionState.updateAttributes`); counts stop at UInt32.max.
///
/// Noted while the day is read as a list, one entry per UPDATE (added to the last one when
/// the UPDATE before announced the same set), and sorted into one entry per set when the
/// reconstruction finishes (`settle()`): looking a set up per UPDATE in a dictionary cost the
/// applying thread a tenth of its time on a large night, and the list takes less memory than
/// the dictionary did.
public struct AnnouncedSets: Sendable {
    /// Set id (high 32 bits) and prefix count (low 32 bits): sorting the words sorts by set.
    private var entries: [UInt64] = []
    private var settled = true

    public init() {}

    /// `prefixes` more prefixes announced with set `id`.
    mutating func note(_ id: Int32, prefixes: UInt32) {
        if let last = entries.last, Self.id(last) == id {
            entries[entries.count - 1] = Self.entry(id, Self.sum(Self.count(last), prefixes))
            return
        }
        entries.append(Self.entry(id, prefixes))
        settled = entries.count == 1
    }

    /// The same counts under other ids (`renumbered[oldID]`), as when the sets of a RIB read
    /// apart join another store.
    mutating func renumber(_ renumbered: [Int32]) {
        for index in entries.indices {
            entries[index] = Self.entry(renumbered[Int(Self.id(entries[index]))], Self.count(entries[index]))
        }
        settled = entries.count <= 1
    }

    /// One entry per set, in the order of the ids.
    mutating func settle() {
        guard !settled else { return }
        entries.sort()
        var kept = 0
        for entry in entries {
            if kept > 0, Self.id(entries[kept - 1]) == Self.id(entry) {
                entries[kept - 1] = Self.entry(Self.id(entry), Self.sum(Self.count(entries[kept - 1]), Self.count(entry)))
            } else {
                entries[kept] = entry
                kept += 1
            }
        }
        entries.removeLast(entries.count - kept)
        entries.shrinkToFit()
        settled = true
    }

    /// The sets announced, in the order of their ids.
    public var ids: [Int32] {
        precondition(settled, "AnnouncedSets read before the reconstruction settled it")
        return entries.map(Self.id)
    }

    public var count: Int {
        precondition(settled, "AnnouncedSets read before the reconstruction settled it")
        return entries.count
    }
    public var isEmpty: Bool { entries.isEmpty }

    /// The prefixes announced with set `id`; nil when no UPDATE announced it.
    public subscript(id: Int32) -> UInt32? {
        precondition(settled, "AnnouncedSets read before the reconstruction settled it")
        var low = 0, high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if Self.id(entries[middle]) < id { low = middle + 1 } else { high = middle }
        }
        return low < entries.count && Self.id(entries[low]) == id ? Self.count(entries[low]) : nil
    }

    /// Every set with its prefix count, in the order of the ids.
    public var counts: [(id: Int32, prefixes: UInt32)] {
        precondition(settled, "AnnouncedSets read before the reconstruction settled it")
        return entries.map { (Self.id($0), Self.count($0)) }
    }

    private static func entry(_ id: Int32, _ count: UInt32) -> UInt64 { UInt64(UInt32(bitPattern: id)) << 32 | UInt64(count) }
    private static func id(_ entry: UInt64) -> Int32 { Int32(bitPattern: UInt32(truncatingIfNeeded: entry >> 32)) }
    private static func count(_ entry: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: entry) }
    private static func sum(_ a: UInt32, _ b: UInt32) -> UInt32 { a > .max - b ? .max : a + b }
}

extension Array {
    /// Gives back capacity beyond the count (a list noted while reading, then merged).
    mutating func shrinkToFit() {
        guard capacity > count + count / 8 + 16 else { return }
        var fitted: [Element] = []
        fitted.reserveCapacity(count)
        fitted.append(contentsOf: self)
        self = fitted
    }
}
