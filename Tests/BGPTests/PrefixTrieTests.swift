import BGP
import XCTest

final class PrefixTrieTests: XCTestCase {
    func testTheMostSpecificPrefixWins() {
        // 10.0.0.0/8 holds 10.1.0.0/16, which holds 10.1.2.0/24: an address in the /24 matches
        // it, one elsewhere in the /16 the /16, one elsewhere in 10/8 the /8, 11.0.0.1 nothing.
        var trie = PrefixTrie<String>()
        trie.insert(Prefix("10.0.0.0/8")!, "a")
        trie.insert(Prefix("10.1.0.0/16")!, "b")
        trie.insert(Prefix("10.1.2.0/24")!, "c")
        XCTAssertEqual(trie.longestMatch(IPAddress("10.1.2.3")!)?.value, "c")
        XCTAssertEqual(trie.longestMatch(IPAddress("10.1.3.3")!)?.value, "b")
        XCTAssertEqual(trie.longestMatch(IPAddress("10.200.0.1")!)?.value, "a")
        XCTAssertEqual(trie.longestMatch(IPAddress("10.1.2.3")!)?.prefix, Prefix("10.1.2.0/24"))
        XCTAssertNil(trie.longestMatch(IPAddress("11.0.0.1")!))
        XCTAssertEqual(trie.count, 3)
    }

    func testFamiliesAreSeparateAndTheDefaultRouteMatchesItsFamilyOnly() {
        var trie = PrefixTrie<Int>()
        trie.insert(Prefix("0.0.0.0/0")!, 4)
        trie.insert(Prefix("2001:db8::/32")!, 6)
        trie.insert(Prefix("2001:db8:0:1::/64")!, 64)
        XCTAssertEqual(trie.longestMatch(IPAddress("192.0.2.1")!)?.value, 4)
        XCTAssertEqual(trie.longestMatch(IPAddress("2001:db8::1")!)?.value, 6)
        XCTAssertEqual(trie.longestMatch(IPAddress("2001:db8:0:1::42")!)?.value, 64)
        XCTAssertNil(trie.longestMatch(IPAddress("2001:db9::1")!), "the IPv4 default does not cover IPv6")
    }

    func testHostRoutesAndExactLookupAndReplacement() {
        var trie = PrefixTrie<Int>()
        trie.insert(Prefix("192.0.2.1/32")!, 1)
        trie.insert(Prefix("2001:db8::1/128")!, 2)
        XCTAssertEqual(trie.longestMatch(IPAddress("192.0.2.1")!)?.value, 1)
        XCTAssertNil(trie.longestMatch(IPAddress("192.0.2.2")!))
        XCTAssertEqual(trie.longestMatch(IPAddress("2001:db8::1")!)?.value, 2)
        trie.insert(Prefix("192.0.2.1/32")!, 10)
        XCTAssertEqual(trie.value(for: Prefix("192.0.2.1/32")!), 10)
        XCTAssertNil(trie.value(for: Prefix("192.0.2.0/24")!))
        XCTAssertEqual(trie.count, 2)
    }

    func testAgreesWithALinearScanOnRandomPrefixes() {
        // 2,000 random IPv4 prefixes /8-/28 and 5,000 random addresses: the trie's answer is
        // the longest containing prefix a scan of the list finds.
        var state: UInt64 = 7
        func next() -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return state >> 16 }
        var trie = PrefixTrie<Int>()
        var list: [Prefix] = []
        for i in 0..<2000 {
            let prefix = Prefix(address: IPAddress(ipv4: UInt32(truncatingIfNeeded: next())), length: 8 + Int(next() % 21))
            if trie.value(for: prefix) == nil { list.append(prefix) }
            trie.insert(prefix, i)
        }
        for _ in 0..<5000 {
            let address = IPAddress(ipv4: UInt32(truncatingIfNeeded: next()))
            let expected = list.filter { $0.contains(Prefix(address: address, length: 32)) }.max { $0.length < $1.length }
            XCTAssertEqual(trie.longestMatch(address)?.prefix, expected)
        }
    }
}
