import BGP
import XCTest

final class CommunityTests: XCTestCase {
    func testWellKnownCommunitiesPrintTheirNames() {
        // 65535:65281 = 0xFFFFFF01 = NO_EXPORT (RFC 1997); bgpdump prints the name.
        let noExport = Community("65535:65281")
        XCTAssertEqual(noExport, .noExport)
        XCTAssertEqual(noExport?.rawValue, 0xFFFF_FF01)
        XCTAssertEqual(noExport?.description, "no-export")
        // 65535:65282 = NO_ADVERTISE, 65535:65283 = NO_EXPORT_SUBCONFED, which bgpdump calls local-AS.
        XCTAssertEqual(Community(65535, 65282).description, "no-advertise")
        XCTAssertEqual(Community(65535, 65283).description, "local-AS")
        XCTAssertEqual(Community.noExportSubconfed.description, "local-AS")
        // One below / above the well-known range prints as numbers.
        XCTAssertEqual(Community(65535, 65280).description, "65535:65280")
        XCTAssertEqual(Community(65535, 65284).description, "65535:65284")
    }

    func testNamesParse() {
        XCTAssertEqual(Community("no-export"), .noExport)
        XCTAssertEqual(Community("no-advertise"), .noAdvertise)
        XCTAssertEqual(Community("local-AS"), .noExportSubconfed)
        XCTAssertEqual(Community("no-export-subconfed"), .noExportSubconfed)
    }

    func testNumericParsingAndPrinting() {
        // 3356:2 -> high 3356, low 2, raw 3356 * 65536 + 2 = 219938818.
        let c = Community("3356:2")
        XCTAssertEqual(c?.high, 3356)
        XCTAssertEqual(c?.low, 2)
        XCTAssertEqual(c?.rawValue, 219_938_818)
        XCTAssertEqual(c?.description, "3356:2")
        XCTAssertEqual(Community("0:0")?.description, "0:0")
        XCTAssertEqual(Community(rawValue: 0x0001_FFFF).description, "1:65535")
        for bad in ["65536:1", "1:65536", "1:2:3", "1", "a:b", "-1:2", ""] {
            XCTAssertNil(Community(bad), "\(bad) must not parse")
        }
    }

    func testCommunityOrderingIsNumeric() {
        let sorted = ["65535:65281", "3356:2", "3356:10", "174:21000"].compactMap(Community.init).sorted()
        XCTAssertEqual(sorted.map(\.description), ["174:21000", "3356:2", "3356:10", "no-export"])
    }

    func testCommunityWritesIntoAByteSink() {
        var out: [UInt8] = []
        Community(8283, 1).append(to: &out)
        out.append(UInt8(ascii: " "))
        Community.noExport.append(to: &out)
        XCTAssertEqual(String(decoding: out, as: UTF8.self), "8283:1 no-export")
    }

    func testLargeCommunity() {
        // RFC 8092: three 32-bit fields, printed a:b:c.
        let c = LargeCommunity("4200000000:1:4294967295")
        XCTAssertEqual(c, LargeCommunity(4_200_000_000, 1, 4_294_967_295))
        XCTAssertEqual(c?.description, "4200000000:1:4294967295")
        XCTAssertNil(LargeCommunity("1:2"))
        XCTAssertNil(LargeCommunity("1:2:3:4"))
        XCTAssertNil(LargeCommunity("4294967296:1:1"), "a field above 32 bits must not parse")
        // Ordered field by field.
        XCTAssertLessThan(LargeCommunity(1, 2, 3), LargeCommunity(1, 3, 0))
        XCTAssertLessThan(LargeCommunity(1, 9, 9), LargeCommunity(2, 0, 0))
    }

    func testExtendedCommunityRouteTargetTwoOctetAS() {
        // type 0x00 subtype 0x02, AS 65000 (0xfde8), value 100 (0x00000064): rt:65000:100.
        let rt = ExtendedCommunity(rawValue: 0x0002_FDE8_0000_0064)
        XCTAssertEqual(rt.type, 0x00)
        XCTAssertEqual(rt.subtype, 0x02)
        XCTAssertEqual(rt.description, "rt:65000:100")
        // The full 32-bit value field: 4294967295.
        XCTAssertEqual(ExtendedCommunity(rawValue: 0x0002_0001_FFFF_FFFF).description, "rt:1:4294967295")
        // Subtype 0x03 is route origin.
        XCTAssertEqual(ExtendedCommunity(rawValue: 0x0003_FDE8_0000_0064).description, "soo:65000:100")
    }

    func testExtendedCommunityIPv4AndFourOctetASForms() {
        // type 0x01 subtype 0x02: 192.0.2.1 (c0000201) and a 16-bit value 7.
        XCTAssertEqual(ExtendedCommunity(rawValue: 0x0102_C000_0201_0007).description, "rt:192.0.2.1:7")
        // type 0x02 subtype 0x02: AS 4200000000 (fa56ea00) and a 16-bit value 10.
        XCTAssertEqual(ExtendedCommunity(rawValue: 0x0202_FA56_EA00_000A).description, "rt:4200000000:10")
    }

    func testUnknownExtendedCommunityPrintsAllSixteenHexDigits() {
        // Type 0x00, subtype 0x05 (not a route target or origin): the raw 8 octets.
        XCTAssertEqual(ExtendedCommunity(rawValue: 0x0005_0000_0000_0001).description, "0x0005000000000001")
    }
}
