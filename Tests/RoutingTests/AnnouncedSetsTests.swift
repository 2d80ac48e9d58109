import XCTest
@testable import Routing

/// A session's announced sets: noted per UPDATE, settled into one count per set.
final class AnnouncedSetsTests: XCTestCase {
    /// Worked by hand: set 7 with 3 prefixes, again with 2 (joined to the last entry), set 2
    /// with 1, set 7 with 4 (a new entry), set 5 with UInt32.max - 1 and again with 5. Settled:
    /// 2 → 1, 5 → UInt32.max (the count stops there), 7 → 9.
    func testCountsPerSetInTheOrderOfTheIDs() {
        var sets = AnnouncedSets()
        sets.note(7, prefixes: 3)
        sets.note(7, prefixes: 2)
        sets.note(2, prefixes: 1)
        sets.note(7, prefixes: 4)
        sets.note(5, prefixes: .max - 1)
        sets.note(5, prefixes: 5)
        sets.settle()
        XCTAssertEqual(sets.ids, [2, 5, 7])
        XCTAssertEqual(sets.counts.map(\.prefixes), [1, .max, 9])
        XCTAssertEqual(sets[7], 9)
        XCTAssertEqual(sets[2], 1)
        XCTAssertNil(sets[3])
        XCTAssertNil(sets[8])
        XCTAssertEqual(sets.count, 3)
    }

    /// Renumbered before settling, as when a route server read apart joins: ids 0, 1, 2 become
    /// 10, 4, 10, so 0 and 2 meet at 10.
    func testRenumberedSetsMeet() {
        var sets = AnnouncedSets()
        sets.note(0, prefixes: 1)
        sets.note(1, prefixes: 2)
        sets.note(2, prefixes: 3)
        sets.renumber([10, 4, 10])
        sets.settle()
        XCTAssertEqual(sets.counts.map(\.id), [4, 10])
        XCTAssertEqual(sets.counts.map(\.prefixes), [2, 4])
    }

    /// Against a dictionary over 20,000 random notes of 300 sets.
    func testAgreesWithADictionary() {
        var random = SystemRandomNumberGenerator()
        var sets = AnnouncedSets()
        var expected: [Int32: UInt32] = [:]
        for _ in 0..<20_000 {
            let id = Int32.random(in: 0..<300, using: &random), prefixes = UInt32.random(in: 1...50, using: &random)
            sets.note(id, prefixes: prefixes)
            expected[id, default: 0] += prefixes
        }
        sets.settle()
        XCTAssertEqual(sets.ids, expected.keys.sorted())
        for (id, count) in expected { XCTAssertEqual(sets[id], count) }
    }
}
