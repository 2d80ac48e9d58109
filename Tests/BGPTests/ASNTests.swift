import BGP
import XCTest

/// AS numbers read from text: the one parser every file format and flag uses.
final class ASNTests: XCTestCase {
    func parse(_ text: String, allowingAS0: Bool = false) -> Result<ASN, ASNTextError> {
        Result { () throws(ASNTextError) in try ASN(parsing: text, allowingAS0: allowingAS0) }
    }

    func testSpellings() {
        XCTAssertEqual(try ASN(parsing: "AS8359"), ASN(8359))
        XCTAssertEqual(try ASN(parsing: "as8359"), ASN(8359))
        XCTAssertEqual(try ASN(parsing: "As8359"), ASN(8359))
        XCTAssertEqual(try ASN(parsing: "8359"), ASN(8359))
        XCTAssertEqual(try ASN(parsing: "4294967295"), ASN(4_294_967_295))
        XCTAssertEqual(try ASN(parsing: "AS0210312"), ASN(210_312), "leading zeros are the same number")
        XCTAssertEqual(try ASN(parsing: "8359"[...]), ASN(8359), "any string type")
    }

    func testRefusedWithAReason() {
        XCTAssertEqual(parse(""), .failure(.empty))
        XCTAssertEqual(parse("AS"), .failure(.notANumber("AS")))
        XCTAssertEqual(parse("AS-1"), .failure(.notANumber("AS-1")))
        XCTAssertEqual(parse("-1"), .failure(.notANumber("-1")))
        XCTAssertEqual(parse("+8359"), .failure(.notANumber("+8359")), "UInt32(_:) would take the sign")
        XCTAssertEqual(parse(" 8359"), .failure(.notANumber(" 8359")), "callers trim what their format allows")
        XCTAssertEqual(parse("AS 8359"), .failure(.notANumber("AS 8359")))
        XCTAssertEqual(parse("1.10"), .failure(.notANumber("1.10")), "no reader of the project takes asdot")
        XCTAssertEqual(parse("８３５９"), .failure(.notANumber("８３５９")), "only ASCII digits")
        XCTAssertEqual(parse("AS4294967296"), .failure(.tooLarge("AS4294967296")))
        XCTAssertEqual(parse("99999999999999999999"), .failure(.tooLarge("99999999999999999999")))
        XCTAssertEqual(parse("0"), .failure(.reserved("0")))
        XCTAssertEqual(parse("AS0"), .failure(.reserved("AS0")))
    }

    func testAS0WhereItMeansSomething() {
        XCTAssertEqual(parse("AS0", allowingAS0: true), .success(ASN(0)))
        XCTAssertEqual(parse("0", allowingAS0: true), .success(ASN(0)))
        XCTAssertEqual(parse("AS-0", allowingAS0: true), .failure(.notANumber("AS-0")))
    }

    func testReasonsSayWhatToWrite() {
        XCTAssertEqual(ASNTextError.empty.description, "no AS number given; write it like AS8359 or 8359")
        XCTAssertEqual(ASNTextError.notANumber("AS-FOO").description,
                       "'AS-FOO' is an AS-SET name, not an AS number; write it like AS8359 or 8359")
        XCTAssertEqual(ASNTextError.notANumber("1.10").description,
                       "'1.10' is in asdot notation; write the plain number 65546")
        XCTAssertEqual(ASNTextError.notANumber("83x9").description,
                       "'83x9' is not an AS number; write it like AS8359 or 8359 (digits only)")
        XCTAssertEqual(ASNTextError.tooLarge("AS4294967296").description,
                       "'AS4294967296' is larger than 4294967295, the largest AS number")
        XCTAssertEqual(ASNTextError.reserved("0").description,
                       "'0' is AS0, which is reserved (RFC 7607) and never a network's AS number")
    }
}
