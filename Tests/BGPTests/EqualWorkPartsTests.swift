import BGP
import XCTest

/// `equalWorkParts` on hand-worked weights.
final class EqualWorkPartsTests: XCTestCase {
    private func parts(_ count: Int, _ weights: [Int]) -> [Int] {
        var before = [0]
        for weight in weights { before.append(before.last! + weight) }
        return equalWorkParts(count, of: weights.count) { before[$0] }
    }

    func testEqualWeightsCutEvenly() {
        // Total 6, two parts: the first ends once 3 is done, after the third element.
        XCTAssertEqual(parts(2, [1, 1, 1, 1, 1, 1]), [0, 3, 6])
        XCTAssertEqual(parts(3, [1, 1, 1, 1, 1, 1]), [0, 2, 4, 6])
    }

    func testAHeavyElementTakesAPartOfItsOwn() {
        // Total 20: the heavy second element brings the work done to 11 (>= 10), so the first
        // part ends after it; the rest is the second part.
        XCTAssertEqual(parts(2, [1, 10, 3, 3, 3]), [0, 2, 5])
        // Total 13 in three parts (work done 4.3 and 8.7 at the cuts): the first element alone
        // reaches 10, past both, so the first part ends after it and the second after the next.
        XCTAssertEqual(parts(3, [10, 1, 1, 1]), [0, 1, 2, 4])
    }

    func testFewerElementsThanPartsLeaveEmptyPartsAtTheEnd() {
        XCTAssertEqual(parts(4, [5, 5]), [0, 1, 2, 2, 2])
        XCTAssertEqual(parts(3, []), [0, 0, 0, 0])
        XCTAssertEqual(parts(1, [2, 3]), [0, 2])
    }
}
