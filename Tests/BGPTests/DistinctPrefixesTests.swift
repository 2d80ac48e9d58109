import BGP
import XCTest

/// `DistinctPrefixes` against a `Set<Prefix>` per family, on prefixes drawn from few values so
/// that most repeat; the IPv4 and IPv6 default routes, host routes and an IPv4 address equal
/// to an IPv6 one's low word among them (the packed IPv4 integer must not meet IPv6).
final class DistinctPrefixesTests: XCTestCase {
    func testCountsEachPrefixOncePerFamily() {
        var seeded = SeededGenerator(seed: 9)
        var counter = DistinctPrefixes()
        var ipv4 = Set<Prefix>(), ipv6 = Set<Prefix>()
        for _ in 0..<20_000 {
            let word = UInt64.random(in: 0...63, using: &seeded)
            let prefix = Bool.random(using: &seeded)
                ? Prefix(address: IPAddress(ipv4: UInt32(word) << 26), length: [0, 1, 8, 32].randomElement(using: &seeded)!)
                : Prefix(address: IPAddress(ipv6High: word << 58, low: word << 26), length: [0, 8, 64, 128].randomElement(using: &seeded)!)
            counter.insert(prefix)
            if prefix.family == .ipv4 { ipv4.insert(prefix) } else { ipv6.insert(prefix) }
        }
        var again = counter
        let counts = counter.counts()
        XCTAssertEqual(counts.ipv4, ipv4.count)
        XCTAssertEqual(counts.ipv6, ipv6.count)
        XCTAssertEqual(again.count(), ipv4.count + ipv6.count)
        XCTAssertGreaterThan(ipv4.count, 50, "the draw repeats but is not degenerate")
    }

    func testNothingInsertedCountsNothing() {
        var counter = DistinctPrefixes()
        XCTAssertEqual(counter.counts().ipv4, 0)
        XCTAssertEqual(counter.count(), 0)
    }

    /// A linear congruential generator: the same draw on every run.
    private struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 11 ^ state << 23
        }
    }
}
