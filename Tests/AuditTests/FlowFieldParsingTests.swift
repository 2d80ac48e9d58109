import BGP
import XCTest
@testable import Audit

/// The in-place field parsers against the project's String parsers and hand-checked values.
final class FlowFieldParsingTests: XCTestCase {
    func parse<T>(_ text: String, _ parser: (UnsafePointer<UInt8>, Int) -> T?) -> T? {
        let bytes = Array(text.utf8) + [0]  // a byte past the end, as in a line buffer
        return bytes.withUnsafeBufferPointer { parser($0.baseAddress!, bytes.count - 1) }
    }

    func testIPv6TextFormsAgreeWithTheAddressParser() {
        for text in ["::", "::1", "1::", "2001:db8::ff", "2001:0db8:0000:0000:0000:0000:0000:00ff", "fe80::1:2:3:4:5",
                     "1:2:3:4:5:6:7:8", "::ffff:192.0.2.1", "64:ff9b::198.51.100.7", "2a01:3216::", "1:2:3:4:5:6:1.2.3.4",
                     "FFFF:ffff:Ffff::"] {
            XCTAssertEqual(parse(text, FlowFieldParsing.address), IPAddress(text), text)
        }
    }

    func testMalformedAddressesAreRefused() {
        for text in ["", ":", ":::", "1:", ":1", "1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7::8", "12345::", "g::",
                     "1.2.3", "1.2.3.4.5", "256.1.1.1", "1..2.3", "1.2.3.4 ", "01234.1.1.1", "::1.2.3", "1:2:3:4:5:6:7:1.2.3.4", "-"] {
            XCTAssertNil(parse(text, FlowFieldParsing.address), text)
        }
    }

    func testDecimalsUpToNineteenDigits() {
        XCTAssertEqual(parse("0", FlowFieldParsing.decimal), 0)
        XCTAssertEqual(parse("9999999999999999999", FlowFieldParsing.decimal), 9_999_999_999_999_999_999)
        XCTAssertNil(parse("10000000000000000000", FlowFieldParsing.decimal))
        XCTAssertNil(parse("", FlowFieldParsing.decimal))
        XCTAssertNil(parse("1e3", FlowFieldParsing.decimal))
    }

    func testMACsOfEachSpellingAndTheirNearMisses() {
        for text in ["0a:1B:2c:3D:4e:5F", "0a-1b-2c-3d-4e-5f", "0a1b.2c3d.4e5f", "0a1b2c3d4e5f"] {
            XCTAssertEqual(parse(text, FlowFieldParsing.mac), 0x0A1B_2C3D_4E5F, text)
        }
        for text in ["0a:1b:2c:3d:4e", "0a:1b-2c:3d:4e:5f", "0a1b:2c3d:4e5f", "0a1b2c3d4e5g", "0a:1b:2c:3d:4e:5f:"] {
            XCTAssertNil(parse(text, FlowFieldParsing.mac), text)
        }
    }

    func testRFC3339NearMisses() {
        // No zone, a bad month, February 30th, an hour of 24, a zone without its colon.
        for text in ["2026-11-21T00:00:05", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-11-21T24:00:00Z",
                     "2026-11-21T00:00:05+0100", "1969-12-31T23:59:59Z"] {
            XCTAssertNil(parse(text, FlowFieldParsing.timestamp), text)
        }
        XCTAssertEqual(parse("1970-01-01T00:00:00Z", FlowFieldParsing.timestamp), 0)
        XCTAssertEqual(FlowFieldParsing.daysSince1970(year: 2026, month: 11, day: 21), 1_795_219_205 / 86_400)
    }
}

/// The stride table against the bit-by-bit trie on hand-picked and random prefixes.
final class TrafficPrefixTableTests: XCTestCase {
    func testLongestMatchOnNestedPrefixes() {
        // 10.0.0.0/8 holds 10.1.0.0/16 holds 10.1.2.0/24 holds 10.1.2.128/25 and 10.1.2.200/32.
        let prefixes = ["10.0.0.0/8", "10.1.0.0/16", "10.1.2.0/24", "10.1.2.128/25", "10.1.2.200/32", "0.0.0.0/0",
                        "2001:db8::/32", "2001:db8:1::/48", "2001:db8:1:2::/64", "2001:db8:1:2::7/128"].map { Prefix($0)! }
        let table = PrefixTable(prefixes, values: prefixes.indices.map { UInt64($0) + 1 })
        func match(_ address: String) -> String? {
            let value = table.lookup(IPAddress(address)!)
            return value > 0 ? prefixes[Int(value) - 1].description : nil
        }
        XCTAssertEqual(match("10.1.2.3"), "10.1.2.0/24")
        XCTAssertEqual(match("10.1.2.129"), "10.1.2.128/25")
        XCTAssertEqual(match("10.1.2.200"), "10.1.2.200/32")
        XCTAssertEqual(match("10.1.3.1"), "10.1.0.0/16")
        XCTAssertEqual(match("10.2.0.1"), "10.0.0.0/8")
        XCTAssertEqual(match("11.0.0.1"), "0.0.0.0/0")
        XCTAssertEqual(match("2001:db8:1:2::7"), "2001:db8:1:2::7/128")
        XCTAssertEqual(match("2001:db8:1:2::8"), "2001:db8:1:2::/64")
        XCTAssertEqual(match("2001:db8:1:3::1"), "2001:db8:1::/48")
        XCTAssertEqual(match("2001:db8:ffff::1"), "2001:db8::/32")
        XCTAssertNil(match("2001:db9::1"))
    }

    func testAgreesWithThePrefixTrieOnRandomPrefixes() {
        var rng = SplitMix(seed: 7)
        var trie = PrefixTrie<Int>()
        var prefixes: [Prefix] = []
        // Random IPv4 prefixes inside 16 /8s and IPv6 inside 16 /16s, so that they nest.
        while prefixes.count < 3000 {
            let v4 = Bool.random(using: &rng)
            let prefix = v4
                ? Prefix(address: IPAddress(ipv4: UInt32.random(in: 0...15, using: &rng) << 24 | UInt32.random(in: 0...0xFFFFFF, using: &rng)),
                         length: Int.random(in: 8...32, using: &rng))
                : Prefix(address: IPAddress(ipv6High: (0x2000 | UInt64.random(in: 0...15, using: &rng)) << 48
                                                | UInt64.random(in: 0...0xFFFF_FFFF_FFFF, using: &rng),
                                            low: UInt64.random(in: 0...UInt64.max, using: &rng)),
                         length: Int.random(in: 8...128, using: &rng))
            if trie.value(for: prefix) == nil {
                trie.insert(prefix, prefixes.count)
                prefixes.append(prefix)
            }
        }
        let table = PrefixTable(prefixes, values: prefixes.indices.map { UInt64($0) + 1 })
        for _ in 0..<20_000 {
            let base = prefixes.randomElement(using: &rng)!
            // An address inside a stored prefix, or near one, with random low bits.
            let address = base.family == .ipv4
                ? IPAddress(ipv4: UInt32(truncatingIfNeeded: base.address.low) ^ UInt32.random(in: 0...0xFFFF, using: &rng))
                : IPAddress(ipv6High: base.address.high ^ UInt64.random(in: 0...0xFFFF, using: &rng), low: UInt64.random(in: 0...UInt64.max, using: &rng))
            XCTAssertEqual(Int(table.lookup(address)) - 1, trie.longestMatch(address)?.value ?? -1, "\(address)")
        }
    }
}
