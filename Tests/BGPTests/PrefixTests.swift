import BGP
import XCTest

final class PrefixTests: XCTestCase {
    private func prefix(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> Prefix {
        guard let p = Prefix(text) else {
            XCTFail("could not parse \(text)", file: file, line: line)
            return Prefix(address: IPAddress(ipv4: 0), length: 0)
        }
        return p
    }

    func testHostBitsAreClearedOnCreation() {
        // 10.1.2.3/8: everything past the first octet is host bits -> 10.0.0.0/8.
        let p = Prefix(address: IPAddress("10.1.2.3")!, length: 8)
        XCTAssertEqual(p.description, "10.0.0.0/8")
        XCTAssertEqual(p.address, IPAddress(ipv4: 0x0A00_0000))
        XCTAssertEqual(p.length, 8)
        // 192.168.1.77/26: .77 = 0b01001101, keep the top two bits -> .64.
        XCTAssertEqual(Prefix(address: IPAddress("192.168.1.77")!, length: 26).description, "192.168.1.64/26")
        // /0 keeps nothing, /32 keeps everything.
        XCTAssertEqual(Prefix(address: IPAddress("10.1.2.3")!, length: 0).description, "0.0.0.0/0")
        XCTAssertEqual(Prefix(address: IPAddress("10.1.2.3")!, length: 32).description, "10.1.2.3/32")
    }

    func testIPv6MaskOnBothHalves() {
        // /32 of 2001:db8:1:2:: keeps 2001:db8 only.
        XCTAssertEqual(Prefix(address: IPAddress("2001:db8:1:2::")!, length: 32).description, "2001:db8::/32")
        // /64 keeps exactly the high half.
        XCTAssertEqual(prefix("2001:db8:1:2:3:4:5:6/64").description, "2001:db8:1:2::/64")
        // /65 keeps the top bit of the low half: ffff -> 8000.
        XCTAssertEqual(prefix("2001:db8:1:2:ffff:4:5:6/65").description, "2001:db8:1:2:8000::/65")
        // /127 clears only the last bit: ...:7 -> ...:6.
        XCTAssertEqual(prefix("2001:db8::7/127").description, "2001:db8::6/127")
        XCTAssertEqual(prefix("2001:db8::7/128").description, "2001:db8::7/128")
        XCTAssertEqual(prefix("2001:db8::7/0").description, "::/0")
    }

    func testLengthIsClampedToTheFamily() {
        XCTAssertEqual(Prefix(address: IPAddress("10.1.2.3")!, length: 40).length, 32)
        XCTAssertEqual(Prefix(address: IPAddress("10.1.2.3")!, length: -3).description, "0.0.0.0/0")
        XCTAssertEqual(Prefix(address: IPAddress("2001:db8::1")!, length: 200).length, 128)
    }

    func testParsingText() {
        let p = prefix("193.0.0.0/21")
        XCTAssertEqual(p.family, .ipv4)
        XCTAssertEqual(p.length, 21)
        XCTAssertEqual(p.address, IPAddress(ipv4: 0xC100_0000))
        XCTAssertEqual(prefix("2001:7f8:30::/48").family, .ipv6)
        XCTAssertEqual(prefix("2001:7f8:30::/48").description, "2001:7f8:30::/48")
        for bad in ["10.0.0.0", "10.0.0.0/33", "10.0.0.0/-1", "::/129", "x/8", "10.0.0.0/8/8", "10.0.0.0/", "/8"] {
            XCTAssertNil(Prefix(bad), "\(bad) must not parse")
        }
    }

    func testContains() {
        let ten8 = prefix("10.0.0.0/8")
        XCTAssertTrue(ten8.contains(prefix("10.1.0.0/16")))
        XCTAssertTrue(ten8.contains(ten8), "a prefix contains itself")
        XCTAssertTrue(ten8.contains(prefix("10.255.255.255/32")))
        XCTAssertFalse(prefix("10.1.0.0/16").contains(ten8), "the more specific does not contain the less specific")
        XCTAssertFalse(ten8.contains(prefix("11.0.0.0/16")))
        XCTAssertFalse(prefix("10.1.0.0/16").contains(prefix("10.2.0.0/24")))
        XCTAssertTrue(prefix("0.0.0.0/0").contains(prefix("192.0.2.0/24")))
        // Families never contain each other, even ::/0 and 0.0.0.0/0.
        XCTAssertFalse(prefix("::/0").contains(prefix("0.0.0.0/0")))
        XCTAssertFalse(prefix("0.0.0.0/0").contains(prefix("::/0")))
        XCTAssertTrue(prefix("2001:db8::/32").contains(prefix("2001:db8:ffff::/48")))
        XCTAssertFalse(prefix("2001:db8::/32").contains(prefix("2001:db9::/48")))
        // Across the 64-bit boundary: /63 vs /65.
        XCTAssertTrue(prefix("2001:db8:0:2::/63").contains(prefix("2001:db8:0:3:8000::/65")))
        XCTAssertFalse(prefix("2001:db8:0:2::/63").contains(prefix("2001:db8:0:4::/65")))
    }

    func testOrdering() {
        // IPv4 before IPv6; by address, then shorter before longer at the same address.
        let sorted = ["2001:db8::/32", "10.0.0.0/16", "10.0.0.0/8", "9.255.0.0/16", "::/0", "10.0.0.0/24"]
            .map { prefix($0) }.sorted().map(\.description)
        XCTAssertEqual(sorted, ["9.255.0.0/16", "10.0.0.0/8", "10.0.0.0/16", "10.0.0.0/24", "::/0", "2001:db8::/32"])
        XCTAssertLessThan(prefix("10.0.0.0/8"), prefix("10.0.0.0/9"))
        XCTAssertFalse(prefix("10.0.0.0/8") < prefix("10.0.0.0/8"))
    }

    func testEqualityIgnoresHostBits() {
        XCTAssertEqual(prefix("10.9.9.9/8"), prefix("10.0.0.0/8"))
        XCTAssertEqual(Set([prefix("10.9.9.9/8"), prefix("10.0.0.0/8")]).count, 1)
        XCTAssertNotEqual(prefix("10.0.0.0/8"), prefix("10.0.0.0/9"))
    }

    /// IPv4 prefixes are read in one pass; what that pass does not take goes the general way
    /// and must read as before.
    func testIPv4PrefixTextOneWayOrTheOther() {
        XCTAssertEqual(Prefix("10.0.0.0/8")?.description, "10.0.0.0/8")
        XCTAssertEqual(Prefix("10.1.2.3/8")?.description, "10.0.0.0/8", "host bits cleared")
        XCTAssertEqual(Prefix("0.0.0.0/0")?.description, "0.0.0.0/0")
        XCTAssertEqual(Prefix("255.255.255.255/32")?.description, "255.255.255.255/32")
        XCTAssertEqual(Prefix("01.002.3.4/24")?.description, "1.2.3.0/24", "leading zeros, as before")
        XCTAssertEqual(Prefix("1.2.3.4/024")?.description, "1.2.3.0/24", "a three-digit length, as before")
        for bad in ["256.0.0.0/8", "1.2.3/24", "1.2.3.4.5/24", "1.2.3.4/33", "1.2.3.4/", "/24", "1.2.3.4", "1..3.4/24",
                    "1.2.3.4/2a", "1.2.3.4 /24", "1.2.3.4/-1", "1234.2.3.4/24", ""] {
            XCTAssertNil(Prefix(bad), bad)
        }
        XCTAssertEqual(Prefix("2001:db8::/32")?.description, "2001:db8::/32")
        XCTAssertEqual(Prefix("::ffff:1.2.3.4/128")?.family, .ipv6)
    }
}
