import BGP

/// The prefixes that carry most of some traffic (one list per member pair and kind), counted
/// with the Space-Saving algorithm (Metwally, Agrawal, El Abbadi 2005) in fixed room: a list
/// keeps `capacity` counters; a new prefix arriving at a full list takes over the smallest
/// counter and adds to it. With at most `capacity` distinct prefixes the counts are exact;
/// past that, each listed count is at most the true count plus the smallest counter, and the
/// list says it is approximate. Memory stays bounded however many addresses a default-pointing
/// member sprays.
struct TopLists {
    static let capacity = 32

    private var prefixes: [Prefix] = []
    private var bytes: [UInt64] = []
    private var used: [Int32] = []
    private var full: [Bool] = []

    /// A new empty list; returns its id.
    mutating func makeList() -> Int32 {
        prefixes += repeatElement(Prefix(address: IPAddress(ipv4: 0), length: 0), count: Self.capacity)
        bytes += repeatElement(0, count: Self.capacity)
        used.append(0)
        full.append(false)
        return Int32(used.count - 1)
    }

    mutating func add(_ list: Int32, _ prefix: Prefix, _ count: UInt64) {
        let base = Int(list) * Self.capacity
        let n = Int(used[Int(list)])
        var smallest = base
        for slot in base..<(base + n) {
            if prefixes[slot] == prefix {
                bytes[slot] &+= count
                return
            }
            if bytes[slot] < bytes[smallest] { smallest = slot }
        }
        if n < Self.capacity {
            prefixes[base + n] = prefix
            bytes[base + n] = count
            used[Int(list)] += 1
            return
        }
        prefixes[smallest] = prefix
        bytes[smallest] &+= count
        full[Int(list)] = true
    }

    /// The `k` largest entries, largest first (ties by prefix), and whether the counts are
    /// approximate.
    func top(_ list: Int32, _ k: Int) -> (entries: [(prefix: Prefix, bytes: UInt64)], approximate: Bool) {
        guard list >= 0 else { return ([], false) }
        let base = Int(list) * Self.capacity
        var entries: [(prefix: Prefix, bytes: UInt64)] = []
        for slot in base..<(base + Int(used[Int(list)])) { entries.append((prefixes[slot], bytes[slot])) }
        entries.sort { a, b in a.bytes != b.bytes ? a.bytes > b.bytes : a.prefix < b.prefix }
        return (Array(entries.prefix(k)), full[Int(list)])
    }
}
