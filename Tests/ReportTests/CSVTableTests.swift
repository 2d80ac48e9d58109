import Report
import XCTest

final class CSVTableTests: XCTestCase {
    func testQuotingFollowsRFC4180() {
        var table = CSVTable(header: ["name", "n"])
        table.append([.text("Example, Inc."), 1])
        table.append([.text("say \"hi\""), 2])
        table.append([.text("two\nlines"), .empty])
        // Comma, quote and line break force quotes; quotes double; rows end with CRLF.
        XCTAssertEqual(table.text, "name,n\r\n\"Example, Inc.\",1\r\n\"say \"\"hi\"\"\",2\r\n\"two\nlines\",\r\n")
    }

    func testFormulaLikeTextIsNeutralised() {
        var table = CSVTable(header: ["name"])
        for text in ["=HYPERLINK(\"x\")", "+1", "-1", "@SUM(A1)", "AS8359"] { table.append([.text(text)]) }
        // A spreadsheet would run the first four; the apostrophe makes them text. Numbers stay numbers.
        XCTAssertEqual(table.text, "name\r\n\"'=HYPERLINK(\"\"x\"\")\"\r\n'+1\r\n'-1\r\n'@SUM(A1)\r\nAS8359\r\n")
    }

    func testRFC3339() {
        XCTAssertEqual(rfc3339(0), "1970-01-01T00:00:00Z")
        XCTAssertEqual(rfc3339(1_470_931_200), "2016-08-11T16:00:00Z")
        XCTAssertEqual(rfc3339(951_782_400), "2000-02-29T00:00:00Z")
        XCTAssertEqual(rfc3339(4_294_967_295), "2106-02-07T06:28:15Z")
    }
}
