import BGP
import Foundation
import XCTest

final class SideBySideTests: XCTestCase {
    func testBothResultsComeBackWhicheverFinishesFirst() {
        let (a, b) = sideBySide({ () -> Int in
            Thread.sleep(forTimeInterval: 0.05)
            return 1
        }, { "two" })
        XCTAssertEqual(a, 1)
        XCTAssertEqual(b, "two")
        let (c, d) = sideBySide({ 3 }, { () -> [Int] in
            Thread.sleep(forTimeInterval: 0.05)
            return [4]
        })
        XCTAssertEqual(c, 3)
        XCTAssertEqual(d, [4])
    }

    func testTheFirstRunsOnTheCallersThreadAndTheSecondOnAnother() {
        let caller = Thread.current
        let (first, second) = sideBySide({ Thread.current == caller }, { Thread.current == caller })
        XCTAssertTrue(first)
        XCTAssertFalse(second)
    }

    struct Failure: Error, Equatable { var side: String }

    func testAnErrorOfEitherSideIsThrownAfterBothAreDone() {
        var secondDone = false
        XCTAssertThrowsError(try sideBySide({ () throws(Failure) -> Int in throw Failure(side: "first") }, { () throws(Failure) -> Int in
            Thread.sleep(forTimeInterval: 0.05)
            secondDone = true
            return 2
        })) { error in XCTAssertEqual(error as? Failure, Failure(side: "first")) }
        XCTAssertTrue(secondDone, "the second side had finished when the error came")
        XCTAssertThrowsError(try sideBySide({ () throws(Failure) -> Int in 1 }, { () throws(Failure) -> Int in throw Failure(side: "second") })) { error in
            XCTAssertEqual(error as? Failure, Failure(side: "second"))
        }
    }
}
