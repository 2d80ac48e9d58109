/// The draws the generator needs, on top of `SplitMix64`. Written out here rather than taken
/// from the standard library (`Int.random(in:using:)`, `shuffle(using:)`), whose algorithms
/// may change between Swift versions: the same seed must give the same day everywhere. Only
/// +, -, *, / and comparisons on doubles (exact in IEEE 754), never libm's exp/log/pow, whose
/// last bits may differ between C libraries.
extension SplitMix64 {
    /// A generator for one part of the day (members, routes, events...), so that changing how
    /// one part draws leaves the others as they were.
    static func stream(_ seed: UInt64, _ part: UInt64) -> SplitMix64 {
        var mixer = SplitMix64(seed: seed ^ (part &* 0xD1B5_4A32_D192_ED03))
        return SplitMix64(seed: mixer.next())
    }

    /// 0 ..< n (n > 0), by the multiply-high method (bias below 2^-40 for the sizes used here).
    mutating func below(_ n: Int) -> Int {
        precondition(n > 0, "below(\(n))")
        return Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(n)).high)
    }

    /// lower ... upper, both included.
    mutating func between(_ lower: Int, _ upper: Int) -> Int {
        lower + below(upper - lower + 1)
    }

    /// A double in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    mutating func chance(_ probability: Double) -> Bool { unit() < probability }

    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// Fisher-Yates.
    mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(i, below(i + 1))
        }
    }

    /// An index drawn with the given weights (per mille or any scale; at least one above 0).
    mutating func weighted(_ weights: [Int]) -> Int {
        var draw = below(weights.reduce(0, +))
        for (i, w) in weights.enumerated() {
            if draw < w { return i }
            draw -= w
        }
        return weights.count - 1
    }

    /// An index in 0 ..< n that favours small ones (the smaller of two draws): a few values
    /// are common, most are rare, as attribute sets and paths are among a member's routes.
    mutating func skewed(_ n: Int) -> Int { min(below(n), below(n)) }

    /// A duration in seconds from one of the buckets (lower, upper) chosen by `weights`: a
    /// coarse log-uniform spread without logarithms.
    mutating func duration(_ buckets: [(Int, Int)], _ weights: [Int]) -> Int {
        let bucket = buckets[weighted(weights)]
        return between(bucket.0, bucket.1)
    }
}
