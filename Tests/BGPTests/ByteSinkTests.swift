import BGP
import XCTest

final class ByteSinkTests: XCTestCase {
    private func text(_ write: (inout [UInt8]) -> Void) -> String {
        var out: [UInt8] = []
        write(&out)
        return String(decoding: out, as: UTF8.self)
    }

    func testAppendDecimalAtEveryBranch() {
        // < 10, < 100 and the general loop, at their edges.
        XCTAssertEqual(text { $0.appendDecimal(0) }, "0")
        XCTAssertEqual(text { $0.appendDecimal(9) }, "9")
        XCTAssertEqual(text { $0.appendDecimal(10) }, "10")
        XCTAssertEqual(text { $0.appendDecimal(99) }, "99")
        XCTAssertEqual(text { $0.appendDecimal(100) }, "100")
        XCTAssertEqual(text { $0.appendDecimal(101) }, "101")
        XCTAssertEqual(text { $0.appendDecimal(1000) }, "1000")
        XCTAssertEqual(text { $0.appendDecimal(1_000_000_000) }, "1000000000")
        XCTAssertEqual(text { $0.appendDecimal(4_294_967_295) }, "4294967295")
    }

    func testAppendDecimalMatchesStringForManyValues() {
        var values: [UInt32] = [999, 1001, 65535, 65536, 23456, 999_999_999, 4_294_967_294]
        var x: UInt32 = 1
        while x < 1_000_000_000 { values += [x - 1, x, x + 1]; x *= 10 }
        for v in values {
            XCTAssertEqual(text { $0.appendDecimal(v) }, String(v))
        }
    }

    func testAppendSignedDecimal() {
        XCTAssertEqual(text { $0.appendSignedDecimal(-1) }, "-1")
        // Int32.min has no positive Int32 counterpart: the magnitude is 2147483648.
        XCTAssertEqual(text { $0.appendSignedDecimal(Int32.min) }, "-2147483648")
        XCTAssertEqual(text { $0.appendSignedDecimal(Int32.max) }, "2147483647")
        XCTAssertEqual(text { $0.appendSignedDecimal(0) }, "0")
        XCTAssertEqual(text { $0.appendSignedDecimal(-100) }, "-100")
    }

    func testAppendSixDigits() {
        XCTAssertEqual(text { $0.appendSixDigits(42) }, "000042")
        XCTAssertEqual(text { $0.appendSixDigits(0) }, "000000")
        XCTAssertEqual(text { $0.appendSixDigits(999_999) }, "999999")
        XCTAssertEqual(text { $0.appendSixDigits(100_000) }, "100000")
    }

    func testAppendStringsAndBytes() {
        XCTAssertEqual(text { $0.append(ascii: "TABLE_DUMP2|"); $0.append(string: "é|"); $0.append(bytes: [0x41]) },
                       "TABLE_DUMP2|é|A")
    }
}
