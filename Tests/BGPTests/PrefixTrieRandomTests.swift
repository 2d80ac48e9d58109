import BGP
import XCTest

/// The trie against a plain list of (prefix, value) scanned in full, on random prefixes that
/// nest: each is a random length of one of a few base addresses, IPv4 and IPv6 mixed, so that
/// covering chains, the /0 roots, host routes and IPv6 lengths on both sides of bit 64 all
/// occur, and prefixes are inserted again (replacing) or asked for before insertion.
final class PrefixTrieRandomTests: XCTestCase {
    private struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 11 ^ state << 23
        }
    }

    private struct Naive {
        var entries: [(prefix: Prefix, value: Int)] = []

        mutating func insert(_ prefix: Prefix, _ value: Int) {
            if let i = entries.firstIndex(where: { $0.prefix == prefix }) { entries[i].value = value } else { entries.append((prefix, value)) }
        }

        func value(for prefix: Prefix) -> Int? { entries.first { $0.prefix == prefix }?.value }

        func covering(_ prefix: Prefix) -> [(prefix: Prefix, value: Int)] {
            entries.filter { $0.prefix.contains(prefix) }.sorted { $0.prefix.length < $1.prefix.length }
        }

        func longestMatch(_ address: IPAddress) -> (prefix: Prefix, value: Int)? {
            covering(Prefix(address: address, length: address.family.maxPrefixLength)).last
        }
    }

    private func randomPrefix(_ random: inout Random, bases: [IPAddress]) -> Prefix {
        let base = bases[Int(random.next() % UInt64(bases.count))]
        let length = Int(random.next() % UInt64(base.family.maxPrefixLength + 1))
        return Prefix(address: base, length: length)
    }

    private func randomAddress(_ random: inout Random, near bases: [IPAddress]) -> IPAddress {
        // A base with some of its low bits changed, so that lookups end at every depth.
        let base = bases[Int(random.next() % UInt64(bases.count))]
        let flip = random.next() % UInt64(base.family.maxPrefixLength)
        if base.family == .ipv4 {
            return IPAddress(ipv4: UInt32(truncatingIfNeeded: base.low) ^ (1 << UInt32(flip % 32)))
        }
        return flip < 64 ? IPAddress(ipv6High: base.high, low: base.low ^ (1 << flip))
            : IPAddress(ipv6High: base.high ^ (1 << (flip - 64)), low: base.low)
    }

    func testAgreesWithAListOnNestedIPv4AndIPv6Prefixes() {
        for seed in UInt64(1)...5 {
            var random = Random(state: seed)
            var bases: [IPAddress] = (0..<12).map { _ in IPAddress(ipv4: UInt32(truncatingIfNeeded: random.next())) }
            bases += (0..<8).map { _ in IPAddress(ipv6High: random.next(), low: random.next()) }
            var trie = PrefixTrie<Int>()
            var naive = Naive()
            for i in 0..<1500 {
                let prefix = randomPrefix(&random, bases: bases)
                switch random.next() % 3 {
                case 0:
                    trie.insert(prefix, i)
                    naive.insert(prefix, i)
                case 1:
                    let before = naive.value(for: prefix)
                    XCTAssertEqual(trie.insertIfAbsent(prefix, i), before, "insertIfAbsent \(prefix)")
                    if before == nil { naive.insert(prefix, i) }
                default:
                    XCTAssertEqual(trie.value(for: prefix), naive.value(for: prefix), "value(for: \(prefix))")
                }
            }
            XCTAssertEqual(trie.count, naive.entries.count)
            XCTAssertGreaterThan(naive.entries.count, 300, "the prefixes drawn are varied enough to test")
            for _ in 0..<1500 {
                let prefix = randomPrefix(&random, bases: bases)
                XCTAssertEqual(trie.value(for: prefix), naive.value(for: prefix), "value(for: \(prefix))")
                let expected = naive.covering(prefix)
                let found = trie.matches(covering: prefix)
                XCTAssertEqual(found.map(\.prefix), expected.map(\.prefix), "matches(covering: \(prefix))")
                XCTAssertEqual(found.map(\.value), expected.map(\.value), "values covering \(prefix)")
                let address = randomAddress(&random, near: bases)
                let longest = trie.longestMatch(address)
                let expectedLongest = naive.longestMatch(address)
                XCTAssertEqual(longest?.prefix, expectedLongest?.prefix, "longestMatch(\(address))")
                XCTAssertEqual(longest?.value, expectedLongest?.value, "value of longestMatch(\(address))")
            }
        }
    }

    func testInsertIfAbsentKeepsTheFirstValueAndInsertReplacesIt() {
        var trie = PrefixTrie<Int>()
        let prefix = Prefix("192.0.2.0/24")!
        XCTAssertNil(trie.insertIfAbsent(prefix, 1))
        XCTAssertEqual(trie.insertIfAbsent(prefix, 2), 1)
        XCTAssertEqual(trie.value(for: prefix), 1)
        XCTAssertNil(trie.value(for: Prefix("192.0.2.0/23")!), "the nodes above a prefix hold no value")
        trie.insert(prefix, 3)
        XCTAssertEqual(trie.insertIfAbsent(prefix, 4), 3)
        XCTAssertNil(trie.insertIfAbsent(Prefix("0.0.0.0/0")!, 0))
        XCTAssertEqual(trie.matches(covering: prefix).map(\.value), [0, 3])
        XCTAssertEqual(trie.count, 2)
    }
}
