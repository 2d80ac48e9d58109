import BGP
import Foundation
import XCTest

final class EachInParallelTests: XCTestCase {
    /// Every index once, whatever the width; a slow first index does not hold up the others,
    /// which another thread takes meanwhile.
    func testEveryIndexRunsOnceAndASlowOneLetsTheOthersThrough() {
        for width in [1, 2, 3, 8] {
            let lock = NSLock()
            var seen: [Int] = []
            var threads: Set<ObjectIdentifier> = []
            eachInParallel(20, width: width) { index in
                if index == 0 && width > 1 { Thread.sleep(forTimeInterval: 0.2) }
                lock.withLock {
                    seen.append(index)
                    threads.insert(ObjectIdentifier(Thread.current))
                }
            }
            XCTAssertEqual(seen.sorted(), Array(0..<20), "width \(width)")
            if width == 1 {
                XCTAssertEqual(seen, Array(0..<20), "one thread: in order")
                XCTAssertEqual(threads.count, 1)
            } else {
                XCTAssertEqual(seen.last, 0, "width \(width): the other indexes were taken while index 0 slept")
                XCTAssertGreaterThan(threads.count, 1)
            }
        }
    }

    /// Many short calls in a row: a thread that has signalled but not yet ended must not still
    /// hold the closure when the call returns (the runtime traps a closure that escaped).
    func testManyShortCallsInARow() {
        var total = 0
        for _ in 0..<2_000 {
            let lock = NSLock()
            eachInParallel(2, width: 2) { index in lock.withLock { total += index + 1 } }
        }
        XCTAssertEqual(total, 2_000 * 3)
    }

    func testNothingToDoReturnsAtOnce() {
        var calls = 0
        eachInParallel(0) { _ in calls += 1 }
        XCTAssertEqual(calls, 0)
    }
}
