/// A set of receiving sessions of one address family as bits; bit `b` is that family's
/// session `ReceivingSessions.sessions[family][b]` (by member, then address, so that a set
/// lists them in that order).
struct ReceiverBits: Hashable {
    var words: [UInt64]
    init(count: Int) { words = [UInt64](repeating: 0, count: (count + 63) / 64) }
    subscript(i: Int) -> Bool {
        get { words[i >> 6] & (1 << UInt64(i & 63)) != 0 }
        set { if newValue { words[i >> 6] |= 1 << UInt64(i & 63) } else { words[i >> 6] &= ~(1 << UInt64(i & 63)) } }
    }
    var isEmpty: Bool { words.allSatisfy { $0 == 0 } }
    var count: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }
    func forEach(_ body: (Int) -> Void) {
        for (w, word) in words.enumerated() {
            var x = word
            while x != 0 {
                let b = x.trailingZeroBitCount
                body(w << 6 | b)
                x &= x - 1
            }
        }
    }
    static func & (a: ReceiverBits, b: ReceiverBits) -> ReceiverBits {
        var c = a
        for i in c.words.indices { c.words[i] &= b.words[i] }
        return c
    }
    mutating func subtract(_ b: ReceiverBits) { for i in words.indices { words[i] &= ~b.words[i] } }
    mutating func formUnion(_ b: ReceiverBits) { for i in words.indices { words[i] |= b.words[i] } }
    /// Becomes `a & b` in place: no new storage when this set's is its own.
    mutating func assign(_ a: ReceiverBits, and b: ReceiverBits) { for i in words.indices { words[i] = a.words[i] & b.words[i] } }
    mutating func assign(_ a: ReceiverBits) { for i in words.indices { words[i] = a.words[i] } }
    mutating func removeAll() { for i in words.indices { words[i] = 0 } }
}

/// The receiver sets one prefix's per-client pass works in, reused from prefix to prefix
/// (hundreds of thousands of prefixes on a large route server).
struct PerClientScratch {
    /// The family's constants for the pass, held here so that reading them for each prefix
    /// retains nothing: each intent's audience (a set id), each session's bit (-1 for the other
    /// family's), the receiving sessions.
    let intentSet: [Int32]
    let own: [Int]
    let mask: ReceiverBits
    var unassigned: ReceiverBits
    var gotOther: ReceiverBits
    var gets: ReceiverBits
    var walking: ReceiverBits
    /// The receiver set of the first route of a prefix, by its audience's set id << 24 | its
    /// sending bit + 1 (`Simulator.simulatePrefix`); ids of the simulator that owns this scratch.
    var firstSteps = PackedKeyTable()

    init(receivers: Int, intentSet: [Int32], own: [Int], mask: ReceiverBits) {
        self.intentSet = intentSet
        self.own = own
        self.mask = mask
        unassigned = ReceiverBits(count: receivers)
        gotOther = ReceiverBits(count: receivers)
        gets = ReceiverBits(count: receivers)
        walking = ReceiverBits(count: receivers)
    }
}
