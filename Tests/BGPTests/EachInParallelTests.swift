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

    func testNothingToDoReturnsAtOnce() {
        var calls = 0
        eachInParallel(0) { _ in calls += 1 }
        XCTAssertEqual(calls, 0)
    }
}
