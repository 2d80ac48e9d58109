import BGP
import XCTest
@testable import Audit

/// The shortcuts of the traffic index's building against plain ways: the galloping search of
/// a sorted array from a hint, the count of distinct prefixes. (The prefix table bucketed by
/// length is checked against the bit-by-bit trie in `TrafficPrefixTableTests`.)
final class TrafficIndexBuilderTests: XCTestCase {
    func testGallopingSearchFindsWhatABinarySearchFinds() {
        var rng = SplitMix(seed: 3)
        for _ in 0..<200 {
            let sorted = Array(Set((0..<Int.random(in: 0...300, using: &rng)).map { _ in Int.random(in: 0...1000, using: &rng) })).sorted()
            for _ in 0..<50 {
                let element = Int.random(in: -1...1001, using: &rng)
                let hint = Int.random(in: 0...(sorted.count + 1), using: &rng)
                XCTAssertEqual(sorted.sortedIndex(of: element, from: hint), sorted.firstIndex(of: element), "\(element) from \(hint) in \(sorted)")
            }
        }
    }
}
