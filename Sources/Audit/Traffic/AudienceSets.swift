/// Sets of members (by their index in `TrafficIndex.asns`) that a route server gives a route
/// to, each distinct set stored once as bits: a day has millions of routes but few distinct
/// audiences (one per control-community set and sender), so a route carries only the set's id.
struct AudienceSets {
    let members: Int
    let words: Int
    private(set) var bits: [UInt64] = []
    private var ids: [[UInt64]: Int32] = [:]
    private var unions: [UInt64: Int32] = [:]

    init(members: Int) {
        self.members = members
        words = max(1, (members + 63) / 64)
    }

    var count: Int { bits.count / words }

    /// The id of the set holding `members`.
    mutating func id(of members: [Int32]) -> Int32 {
        var set = [UInt64](repeating: 0, count: words)
        for m in members { set[Int(m) >> 6] |= 1 << UInt64(m & 63) }
        return id(of: set)
    }

    private mutating func id(of set: [UInt64]) -> Int32 {
        if let known = ids[set] { return known }
        let id = Int32(count)
        bits += set
        ids[set] = id
        return id
    }

    /// The id of the union of two sets; -1 stands for "no route-server route" and is the
    /// neutral element.
    mutating func union(_ a: Int32, _ b: Int32) -> Int32 {
        if a < 0 || a == b { return b }
        if b < 0 { return a }
        let key = UInt64(UInt32(min(a, b))) << 32 | UInt64(UInt32(max(a, b)))
        if let known = unions[key] { return known }
        var set = [UInt64](repeating: 0, count: words)
        for w in 0..<words { set[w] = bits[Int(a) * words + w] | bits[Int(b) * words + w] }
        let id = id(of: set)
        unions[key] = id
        return id
    }

    @inline(__always)
    func contains(_ set: Int32, _ member: Int32) -> Bool {
        bits[Int(set) * words + Int(member >> 6)] & (1 << UInt64(member & 63)) != 0
    }

    /// The members of a set, ascending.
    func members(of set: Int32) -> [Int32] {
        (0..<Int32(members)).filter { contains(set, $0) }
    }
}
