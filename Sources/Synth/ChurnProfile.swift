/// How much the day's background churn changes and how: the default day's numbers, or a
/// large IXP's (`SynthOptions.realisticPaths`), whose route servers see more than one prefix
/// event per route a day: flaps, path and community changes, withdrawals.
struct ChurnProfile {
    /// Background events per 1000 routes (60 at least); an event touches 1 to 41 routes.
    var eventsPer1000Routes: Int
    /// The share of events on the handful of busy members; the rest fall on any route.
    var busyShare: Double
    /// Weights of the kinds of event: a flap, a burst of flaps, an attribute change,
    /// withdrawn for good.
    var kindWeights: [Int]
    /// Weights of the kinds of attribute change: more prepends, other communities, another
    /// MED and, with `alternativeTails`, another path to the same origin. The default day's
    /// even weights draw exactly as `below(3)` did.
    var changeWeights: [Int]
    /// Tails of real paths (no member in them) for path changes; empty: no path changes.
    var alternativeTails: [[UInt32]]
    /// The first session reset is a large member's (tens of thousands of routes announced
    /// again), as when a transit network's router restarts.
    var largeMemberResets: Bool

    static let standard = ChurnProfile(eventsPer1000Routes: 25, busyShare: 0.6, kindWeights: [55, 15, 20, 10],
                                       changeWeights: [1, 1, 1], alternativeTails: [], largeMemberResets: false)

    static func largeIXP(alternativeTails: [[UInt32]]) -> ChurnProfile {
        ChurnProfile(eventsPer1000Routes: 300, busyShare: 0.3, kindWeights: [30, 10, 50, 10],
                     changeWeights: [10, 25, 10, alternativeTails.isEmpty ? 0 : 55], alternativeTails: alternativeTails,
                     largeMemberResets: true)
    }
}
