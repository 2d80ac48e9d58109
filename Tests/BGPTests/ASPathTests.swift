import BGP
import XCTest

final class ASPathTests: XCTestCase {
    private func seq(_ asns: UInt32...) -> ASPath.Segment { ASPath.Segment(.sequence, asns.map { ASN($0) }) }
    private func set(_ asns: UInt32...) -> ASPath.Segment { set(asns) }
    private func set(_ asns: [UInt32]) -> ASPath.Segment { ASPath.Segment(.set, asns.map { ASN($0) }) }
    private func confedSeq(_ asns: UInt32...) -> ASPath.Segment { ASPath.Segment(.confedSequence, asns.map { ASN($0) }) }
    private func confedSet(_ asns: UInt32...) -> ASPath.Segment { ASPath.Segment(.confedSet, asns.map { ASN($0) }) }

    // MARK: notation

    func testSequenceIsSpaceSeparated() {
        XCTAssertEqual(ASPath(sequence: [3333, 1103, 4200000000]).description, "3333 1103 4200000000")
        XCTAssertEqual(ASPath(sequence: [0]).description, "0")
        XCTAssertEqual(ASPath().description, "")
    }

    func testSetAndConfederationDelimiters() {
        XCTAssertEqual(ASPath([set(1, 2)]).description, "{1,2}")
        XCTAssertEqual(ASPath([confedSeq(1, 2)]).description, "(1 2)")
        XCTAssertEqual(ASPath([confedSet(1, 2)]).description, "[1,2]")
        XCTAssertEqual(ASPath([set(7)]).description, "{7}")
    }

    func testMixedSegments() {
        XCTAssertEqual(ASPath([seq(1, 2), set(3, 4)]).description, "1 2 {3,4}")
        XCTAssertEqual(ASPath([set(3, 4), seq(5)]).description, "{3,4} 5")
        XCTAssertEqual(ASPath([confedSeq(65001, 65002), seq(1, 2)]).description, "(65001 65002) 1 2")
        XCTAssertEqual(ASPath([confedSeq(65001, 65002), confedSet(65003, 65004), seq(1, 2), set(3, 4)]).description,
                       "(65001 65002) [65003,65004] 1 2 {3,4}")
        // Two sequence segments in a row read like one sequence; two sets stay apart.
        XCTAssertEqual(ASPath([seq(1, 2), seq(3)]).description, "1 2 3")
        XCTAssertEqual(ASPath([set(1, 2), set(3, 4)]).description, "{1,2} {3,4}")
    }

    // MARK: length, first and origin

    func testLengthCountsASetAsOneAndConfederationSegmentsAsZero() {
        XCTAssertEqual(ASPath(sequence: [1, 2, 3]).length, 3)
        // 2 from the sequence + 1 for the set of 3.
        XCTAssertEqual(ASPath([seq(1, 2), set(3, 4, 5)]).length, 3)
        // Confederation segments add nothing: still 3.
        XCTAssertEqual(ASPath([confedSeq(65001, 65002), confedSet(65003, 65004), seq(1, 2), set(3, 4)]).length, 3)
        XCTAssertEqual(ASPath().length, 0)
        // Prepending counts every copy.
        XCTAssertEqual(ASPath(sequence: [5, 5, 5, 6]).length, 4)
    }

    func testFirstAndOriginASN() {
        let plain = ASPath(sequence: [3333, 1103, 12654])
        XCTAssertEqual(plain.firstASN, ASN(3333))
        XCTAssertEqual(plain.originASN, ASN(12654))
        let endsInSet = ASPath([seq(1, 2), set(3, 4)])
        XCTAssertEqual(endsInSet.firstASN, ASN(1))
        XCTAssertNil(endsInSet.originASN, "the origin of a path ending in a set is not known")
        let setThenSequence = ASPath([set(3, 4), seq(5, 6)])
        XCTAssertEqual(setThenSequence.originASN, ASN(6))
        XCTAssertNil(ASPath().firstASN)
        XCTAssertNil(ASPath().originASN)
    }

    func testContainsSetAndAllASNs() {
        XCTAssertFalse(ASPath(sequence: [1, 2]).containsSet)
        XCTAssertTrue(ASPath([seq(1), set(2, 3)]).containsSet)
        XCTAssertTrue(ASPath([confedSet(2, 3), seq(1)]).containsSet)
        XCTAssertEqual(ASPath([seq(1), set(2, 3), seq(4)]).allASNs, [1, 2, 3, 4].map { ASN($0) })
    }

    // MARK: the reference decoder's cut-off (MAX_ASPATH_LEN 8000 - 100)

    func testShortPathIsNotCut() {
        // 718 ten-digit ASNs: 718 * 10 + 717 spaces = 7897 characters, under 7900.
        let path = ASPath(sequence: Array(repeating: 4294967295, count: 718))
        XCTAssertEqual(path.description.count, 7897)
        XCTAssertFalse(path.description.hasSuffix("..."))
    }

    func testLongPathIsCutRightAfterTheASNThatCrossed7900() {
        // Ten-digit ASNs: after k of them the text is 11k - 1 long; 11k - 1 > 7900 first at
        // k = 719 (7908). bgpdump appends "..." there and stops.
        let path = ASPath(sequence: Array(repeating: 4294967295, count: 1000))
        let expected = Array(repeating: "4294967295", count: 719).joined(separator: " ") + "..."
        XCTAssertEqual(path.description.count, 7911)
        XCTAssertEqual(path.description, expected)
    }

    func testTextOfExactly7900IsNotCut() {
        // "12" then " 1" repeated: after k ASNs the text is 2k long. At k = 3950 it is exactly
        // 7900 (not above, so no cut); the 3951st ASN makes it 7902 and the cut follows it.
        let path = ASPath(sequence: [12] + Array(repeating: 1, count: 3999))
        let expected = "12" + String(repeating: " 1", count: 3950) + "..."
        XCTAssertEqual(path.description.count, 7905)
        XCTAssertEqual(path.description, expected)
        // Exactly 3950 ASNs: 7900 characters, printed whole.
        let exact = ASPath(sequence: [12] + Array(repeating: 1, count: 3949))
        XCTAssertEqual(exact.description.count, 7900)
        XCTAssertFalse(exact.description.hasSuffix("..."))
    }

    func testCutInsideASetHasNoClosingBrace() {
        // "{" + 5-digit ASNs separated by commas: after k ASNs 1 + 5k + (k - 1) = 6k characters;
        // 6k > 7900 first at k = 1317 (7902). The delimiter counts, the closing brace never comes.
        let path = ASPath([set(Array(repeating: 65000, count: 2000))])
        let expected = "{" + Array(repeating: "65000", count: 1317).joined(separator: ",") + "..."
        XCTAssertEqual(path.description, expected)
        XCTAssertFalse(path.description.contains("}"))
    }

    // MARK: RFC 6793 section 4.2.3

    func testMergeTakesLeadingASNsNotCoveredByAS4Path() {
        // AS_PATH 100 200 23456 300 (4), AS4_PATH 65536 300 (2): take 4 - 2 = 2 leading ASNs.
        let asPath = ASPath(sequence: [100, 200, 23456, 300])
        let merged = asPath.merging(as4Path: ASPath(sequence: [65536, 300]))
        XCTAssertEqual(merged.description, "100 200 65536 300")
        XCTAssertEqual(merged.allASNs, [100, 200, 65536, 300].map { ASN($0) })
        XCTAssertEqual(merged.length, asPath.length, "the merged path is as long as AS_PATH")
        XCTAssertEqual(merged.originASN, ASN(300))
    }

    func testMergeOfEqualLengthsIsTheAS4Path() {
        // 2 - 2 = 0 ASNs from AS_PATH: the result is AS4_PATH.
        let merged = ASPath(sequence: [23456, 23456]).merging(as4Path: ASPath(sequence: [196608, 196609]))
        XCTAssertEqual(merged.description, "196608 196609")
    }

    func testLongerAS4PathIsIgnored() {
        // AS4_PATH (3) longer than AS_PATH (2): AS_PATH is the path.
        let asPath = ASPath(sequence: [1, 23456])
        XCTAssertEqual(asPath.merging(as4Path: ASPath(sequence: [1, 70000, 70001])), asPath)
        // A set in AS4_PATH counts one: {70000,70001,70002} is length 1, so it is not longer.
        let merged = asPath.merging(as4Path: ASPath([set(70000, 70001, 70002)]))
        XCTAssertEqual(merged.description, "1 {70000,70001,70002}")
    }

    func testASetInASPathCountsOne() {
        // AS_PATH {1,2,3} 23456 5: length 1 + 2 = 3; AS4_PATH 70000 5: length 2 -> take 1:
        // the whole set (if the set counted 3 we would take 3 and keep 23456).
        let asPath = ASPath([set(1, 2, 3), seq(23456, 5)])
        let merged = asPath.merging(as4Path: ASPath(sequence: [70000, 5]))
        XCTAssertEqual(merged.description, "{1,2,3} 70000 5")
        XCTAssertEqual(merged.length, 3)
        // Set at the end of AS_PATH: 10 23456 {20,30} (3) with AS4_PATH 70000 {20,30} (2) -> take 1.
        let tail = ASPath([seq(10, 23456), set(20, 30)]).merging(as4Path: ASPath([seq(70000), set(20, 30)]))
        XCTAssertEqual(tail.description, "10 70000 {20,30}")
    }

    func testConfederationSegmentsAreKeptButNotCounted() {
        // (65001 65002) 1 23456: length 2; AS4_PATH 70000: length 1 -> take 1 counted ASN (1),
        // the confederation segment before it comes along.
        let asPath = ASPath([confedSeq(65001, 65002), seq(1, 23456)])
        let merged = asPath.merging(as4Path: ASPath(sequence: [70000]))
        XCTAssertEqual(merged.description, "(65001 65002) 1 70000")
    }

    func testLeadingConfederationSegmentIsKeptWhenAS4PathCoversEveryASN() {
        // (65001) 23456: length 1; AS4_PATH 70000: length 1 -> no ASN needed from AS_PATH, but
        // the leading confederation segment is not an ASN AS4_PATH replaces: kept.
        let merged = ASPath([confedSeq(65001), seq(23456)]).merging(as4Path: ASPath(sequence: [70000]))
        XCTAssertEqual(merged.description, "(65001) 70000")
    }
}
