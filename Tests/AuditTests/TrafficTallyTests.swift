import BGP
import XCTest
@testable import Audit

/// The sums of the classifier, in both layouts of the pair slots.
final class TrafficTallyTests: XCTestCase {
    func testDenseSlotsAreTheMatrixPosition() {
        // 10 members: pair (2, 3) is row 2, column 3.
        var slots = PairSlots(members: 10)
        XCTAssertTrue(slots.isDense)
        XCTAssertEqual(slots.slot(2, 3), 23)
        XCTAssertTrue(slots.pair(ofSlot: 23) == (2, 3))
    }

    func testSparseSlotsAreHandedOutInOrderOfFirstUse() {
        // 2000 members is past the dense limit: slots 0, 1 in order of first sight.
        var slots = PairSlots(members: 2000)
        XCTAssertFalse(slots.isDense)
        XCTAssertEqual(slots.slot(5, 7), 0)
        XCTAssertEqual(slots.slot(7, 5), 1)
        XCTAssertEqual(slots.slot(5, 7), 0)
        XCTAssertTrue(slots.pair(ofSlot: 1) == (7, 5))
        XCTAssertNil(slots.existingSlot(1, 1))
    }

    func testPairsAndTheirJudgedPartsInTheSparseLayout() {
        // Member 1999 sends member 3 two samples of 10 bytes, one of them unannounced; member 3
        // sends member 1999 one of 5 bytes. Pairs come out by sender then receiver.
        var tally = TrafficTally(members: 2000)
        let unannounced = Prefix("99.1.1.0/24")!
        tally.add(sender: 1999, receiver: 3, bytes: 10, packets: 1, time: 7, verdict: .announced, destinationKey: nil, outsideSourceKey: nil)
        tally.add(sender: 1999, receiver: 3, bytes: 10, packets: 1, time: 9, verdict: .unannounced, destinationKey: unannounced,
                  outsideSourceKey: nil)
        tally.add(sender: 3, receiver: 1999, bytes: 5, packets: 1, time: 8, verdict: .announced, destinationKey: nil, outsideSourceKey: nil)
        let pairs = tally.pairs
        XCTAssertEqual(pairs.map(\.sender), [3, 1999])
        XCTAssertEqual(pairs.map(\.total.bytes), [5, 20])
        XCTAssertEqual(pairs.map(\.unannounced.bytes), [0, 10])
        XCTAssertEqual(pairs[1].total.firstSeen, 7)
        XCTAssertEqual(pairs[1].total.lastSeen, 9)
        XCTAssertEqual(tally.total(1999, 3).samples, 2)
        XCTAssertEqual(tally.total(3, 3).samples, 0)
        XCTAssertEqual(tally.sent[1999].bytes, 20)
        XCTAssertEqual(tally.received[1999].bytes, 5)
    }
}
