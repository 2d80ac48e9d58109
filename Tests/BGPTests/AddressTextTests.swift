import BGP
import XCTest

/// Address text must match the reference decoder (bgpdump's fmt_ipv6) character for character:
/// dotted quads, lowercase hex without leading zeros, the longest zero run (first on a tie, even
/// a single group) as `::`, and the IPv4-mapped / IPv4-compatible forms.
final class AddressTextTests: XCTestCase {
    private func v6(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> IPAddress {
        guard let address = IPAddress(text) else {
            XCTFail("could not parse \(text)", file: file, line: line)
            return IPAddress(ipv6High: 0, low: 0)
        }
        XCTAssertEqual(address.family, .ipv6, text, file: file, line: line)
        return address
    }

    func testIPv4DottedQuad() {
        // 0xC0A80201 = 192.168.2.1; no leading zeros, octets in network order.
        XCTAssertEqual(IPAddress(ipv4: 0xC0A8_0201).description, "192.168.2.1")
        XCTAssertEqual(IPAddress(ipv4: 0).description, "0.0.0.0")
        XCTAssertEqual(IPAddress(ipv4: 0xFFFF_FFFF).description, "255.255.255.255")
        // 10.0.100.7: a 3-digit octet between single digits.
        XCTAssertEqual(IPAddress(ipv4: 0x0A00_6407).description, "10.0.100.7")
    }

    func testIPv4FromNetworkOrderBytes() {
        let address = IPAddress(family: .ipv4, bytes: [193, 0, 10])  // missing trailing byte is 0
        XCTAssertEqual(address.description, "193.0.10.0")
        XCTAssertEqual(address.bytes, [193, 0, 10, 0])
    }

    func testSingleZeroGroupIsCompressed() {
        // groups 2001 7f8 30 0 2 1 0 8447: two runs of length 1 (index 3 and 6); the first wins,
        // and bgpdump compresses even a single group.
        let address = IPAddress(ipv6High: 0x2001_07F8_0030_0000, low: 0x0002_0001_0000_8447)
        XCTAssertEqual(address.description, "2001:7f8:30::2:1:0:8447")
    }

    func testAllZeroAndLoopback() {
        XCTAssertEqual(IPAddress(ipv6High: 0, low: 0).description, "::")
        // ::1: 96 zero bits but the tail is 1, not above 1, so it is not IPv4-compatible.
        XCTAssertEqual(IPAddress(ipv6High: 0, low: 1).description, "::1")
    }

    func testTrailingAndMiddleRuns() {
        // fe80 then seven zero groups: the run reaches the end, so the text ends in "::".
        XCTAssertEqual(IPAddress(ipv6High: 0xFE80_0000_0000_0000, low: 0).description, "fe80::")
        // 2001 db8 0 0 0 0 0 1
        XCTAssertEqual(IPAddress(ipv6High: 0x2001_0DB8_0000_0000, low: 1).description, "2001:db8::1")
        // 1 2 3 4 5 6 7 0: a single trailing zero group is compressed as well.
        XCTAssertEqual(IPAddress(ipv6High: 0x0001_0002_0003_0004, low: 0x0005_0006_0007_0000).description,
                       "1:2:3:4:5:6:7::")
        // No zero group at all: nothing to compress.
        XCTAssertEqual(IPAddress(ipv6High: 0x0001_0002_0003_0004, low: 0x0005_0006_0007_0008).description,
                       "1:2:3:4:5:6:7:8")
    }

    func testLongestRunWinsAndFirstRunWinsATie() {
        // 2001 db8 0 0 1 0 0 1: runs of 2 at index 2 and 5 -> the first is compressed.
        XCTAssertEqual(IPAddress(ipv6High: 0x2001_0DB8_0000_0000, low: 0x0001_0000_0000_0001).description,
                       "2001:db8::1:0:0:1")
        // 2001 0 0 1 0 0 0 1: run of 2 at index 1, run of 3 at index 4 -> the longer one.
        XCTAssertEqual(IPAddress(ipv6High: 0x2001_0000_0000_0001, low: 0x0000_0000_0000_0001).description,
                       "2001:0:0:1::1")
    }

    func testLowercaseHexWithoutLeadingZeros() {
        // 2001 0db8 00a0 abcd 0 0 0 f00f: leading zeros dropped, hex in lower case.
        XCTAssertEqual(IPAddress(ipv6High: 0x2001_0DB8_00A0_ABCD, low: 0x0000_0000_0000_F00F).description,
                       "2001:db8:a0:abcd::f00f")
    }

    func testIPv4MappedAndCompatible() {
        // ::ffff:c0a8:0201 -> IPv4-mapped form with a dotted tail.
        XCTAssertEqual(IPAddress(ipv6High: 0, low: 0x0000_FFFF_C0A8_0201).description, "::ffff:192.168.2.1")
        // 96 zero bits and c0a8:0102 (> 1) -> IPv4-compatible form.
        XCTAssertEqual(IPAddress(ipv6High: 0, low: 0xC0A8_0102).description, "::192.168.1.2")
        // The rule is "last 32 bits above 1": 2 already qualifies.
        XCTAssertEqual(IPAddress(ipv6High: 0, low: 2).description, "::0.0.0.2")
        // Not mapped: ffff in the wrong group (::1:ffff:c0a8:201 has a 1 in group 4).
        XCTAssertEqual(IPAddress(ipv6High: 0, low: 0x0001_FFFF_C0A8_0201).description, "::1:ffff:c0a8:201")
    }

    func testRoundTripParsing() {
        let texts = [
            "::", "::1", "fe80::", "2001:db8::1", "2001:7f8:30::2:1:0:8447", "2001:db8::1:0:0:1",
            "2001:0:0:1::1", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::", "::ffff:192.168.2.1", "::192.168.1.2",
            "2001:db8:a0:abcd::f00f",
        ]
        for text in texts {
            XCTAssertEqual(v6(text).description, text, "round trip of \(text)")
        }
        for text in ["192.168.2.1", "0.0.0.0", "255.255.255.255", "10.0.100.7"] {
            let address = IPAddress(text)
            XCTAssertEqual(address?.family, .ipv4, text)
            XCTAssertEqual(address?.description, text, "round trip of \(text)")
        }
    }

    func testParsingNonCanonicalTextGivesCanonicalText() {
        // Full form with leading zeros and upper case -> canonical text.
        XCTAssertEqual(v6("2001:0DB8:0000:0000:0000:0000:0000:0001").description, "2001:db8::1")
        // A single zero group written out is still compressed when printed.
        XCTAssertEqual(v6("2001:7f8:30:0:2:1:0:8447").description, "2001:7f8:30::2:1:0:8447")
        // The mapped address written in hex prints with a dotted tail.
        XCTAssertEqual(v6("::ffff:c0a8:201").description, "::ffff:192.168.2.1")
        // The parsed words land in the right halves: high = 2001:0db8:0:0, low = 0:0:0:1.
        let parsed = v6("2001:db8::1")
        XCTAssertEqual(parsed.high, 0x2001_0DB8_0000_0000)
        XCTAssertEqual(parsed.low, 1)
        XCTAssertEqual(v6("::ffff:192.168.2.1").low, 0x0000_FFFF_C0A8_0201)
    }

    func testRejectsMalformedText() {
        for text in ["", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1..2.3", "1::2::3", ":::", "1:2:3:4:5:6:7:8:9",
                     "1:2:3:4:5:6:7", "12345::", "g::1", "1:2:3:4:5:6:7::8"] {
            XCTAssertNil(IPAddress(text), "\(text) must not parse")
        }
    }

    func testAddressTextWritesIntoAByteSink() {
        var out: [UInt8] = Array("peer ".utf8)
        AddressText.append(IPAddress(ipv6High: 0x2001_0DB8_0000_0000, low: 1), to: &out)
        out.append(UInt8(ascii: " "))
        AddressText.append(IPAddress(ipv4: 0x0A00_0001), to: &out)
        XCTAssertEqual(String(decoding: out, as: UTF8.self), "peer 2001:db8::1 10.0.0.1")
    }

    func testOrderingPutsIPv4BeforeIPv6() {
        let a = IPAddress(ipv4: 0xFFFF_FFFF)
        let b = IPAddress(ipv6High: 0, low: 0)
        XCTAssertLessThan(a, b)  // family 1 < family 2 whatever the bits
        XCTAssertLessThan(IPAddress(ipv4: 1), IPAddress(ipv4: 2))
        XCTAssertLessThan(IPAddress(ipv6High: 1, low: 0), IPAddress(ipv6High: 1, low: 5))
        XCTAssertLessThan(IPAddress(ipv6High: 1, low: .max), IPAddress(ipv6High: 2, low: 0))
    }
}
