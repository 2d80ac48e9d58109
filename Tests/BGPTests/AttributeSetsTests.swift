@testable import BGP
import XCTest

/// The compact form keeps every field of every kind of set, and the store finds a set by
/// value through it.
final class AttributeSetsTests: XCTestCase {
    /// Sets with each field present and absent, at the edges of its range.
    private func variedSets() -> [PathAttributes] {
        var sets: [PathAttributes] = [PathAttributes()]
        var full = PathAttributes()
        full.origin = .incomplete
        full.asPath = ASPath([.init(.sequence, [ASN(65_000), ASN(4_294_967_295), ASN(0)]), .init(.set, [ASN(3), ASN(1)]),
                              .init(.confedSequence, [ASN(64_512)]), .init(.confedSet, [])])
        full.nextHop = IPAddress("203.0.113.255")
        full.med = 0
        full.localPref = .max
        full.communities = (0..<200).map { Community(rawValue: UInt32($0) &* 2_654_435_761) }
        full.largeCommunities = [LargeCommunity(.max, 0, 7), LargeCommunity(1, 2, 3)]
        full.mpNextHop = MPNextHop(address: IPAddress("2001:db8::1")!, linkLocal: IPAddress("fe80::1"))
        full.atomicAggregate = true
        full.aggregator = Aggregator(asn: ASN(23_456), address: IPAddress("192.0.2.9")!)
        full.extendedCommunities = [ExtendedCommunity(rawValue: 0x0002_FDE8_0000_0064), ExtendedCommunity(rawValue: .max)]
        full.onlyToCustomer = ASN(64_496)
        full.originatorID = IPAddress("10.0.0.1")
        full.clusterList = [IPAddress("10.0.0.2")!, IPAddress("2001:db8::2")!]
        full.unknown = [UnknownAttribute(flags: 0xC0, type: 99, value: (0..<300).map { UInt8(truncatingIfNeeded: $0) }),
                        UnknownAttribute(flags: 0x80, type: 100, value: [])]
        sets.append(full)
        var emptyPath = PathAttributes()
        emptyPath.asPath = ASPath([])
        sets.append(emptyPath)
        var ipv6Hop = PathAttributes()
        ipv6Hop.nextHop = IPAddress("::")
        ipv6Hop.mpNextHop = MPNextHop(address: IPAddress("2001:db8::3")!)
        sets.append(ipv6Hop)
        var onlyRare = PathAttributes()
        onlyRare.clusterList = [IPAddress("10.9.9.9")!]
        sets.append(onlyRare)
        var odd = PathAttributes()
        odd.nextHop = IPAddress(ipv4: 7)
        odd.nextHop?.high = 1
        sets.append(odd)
        return sets
    }

    func testEveryFieldSurvivesTheCompactForm() {
        for value in variedSets() {
            var bytes: [UInt8] = []
            value.appendCompact(to: &bytes)
            let back = bytes.withUnsafeBytes { PathAttributes(compact: $0) }
            XCTAssertEqual(back, value)
        }
    }

    func testEqualSetsShareAnIdAndDifferentOnesDoNot() {
        var store = AttributeSets()
        let sets = variedSets()
        let ids = sets.map { store.intern($0) }
        XCTAssertEqual(ids, (0..<Int32(sets.count)).map { $0 })
        XCTAssertEqual(sets.map { store.intern($0) }, ids)
        XCTAssertEqual(store.count, sets.count)
        for (id, value) in zip(ids, sets) { XCTAssertEqual(store[id], value) }
    }

    func testAppendKeepsPositionsAndInternFindsTheFirst() {
        let a = variedSets()[1], b = variedSets()[2]
        var store = AttributeSets([a, b, a])
        XCTAssertEqual(store.count, 3)
        XCTAssertEqual(store[2], a)
        XCTAssertEqual(store.intern(a), 0)
    }

    /// A set's hash taken where its bytes were written finds the same set as the store's own
    /// hashing; asking ahead for a slot changes nothing, with or without the index.
    func testInternWithAHashTakenBeforeFindsWhatInternFinds() {
        var store = AttributeSets()
        store.prefetch(hash: 42)
        let sets = variedSets()
        let ids = sets.map { store.intern($0) }
        store.dropIndex()
        store.prefetch(hash: 7)
        for (set, id) in zip(sets, ids) {
            var bytes: [UInt8] = []
            set.appendCompact(to: &bytes)
            let found = bytes.withUnsafeBytes { bytes in
                let hash = AttributeSets.hash(compact: bytes)
                store.prefetch(hash: hash)
                return store.intern(compact: bytes, hash: hash)
            }
            XCTAssertEqual(found, id)
        }
        XCTAssertEqual(store.count, Set(ids).count, "nothing stored twice")
    }

    func testManySetsAcrossChunksAndAfterDroppingTheIndex() {
        // About 5 MB of sets: several chunks and many index growths.
        var store = AttributeSets()
        func set(_ n: Int) -> PathAttributes {
            var a = PathAttributes()
            a.asPath = ASPath(sequence: (0..<(n % 40)).map { UInt32($0 + n) })
            a.communities = [Community(rawValue: UInt32(n))]
            return a
        }
        let ids = (0..<50_000).map { store.intern(set($0)) }
        XCTAssertEqual(ids, (0..<50_000).map(Int32.init))
        store.dropIndex()
        for n in stride(from: 0, to: 50_000, by: 97) {
            XCTAssertEqual(store[Int32(n)], set(n))
            XCTAssertEqual(store.intern(set(n)), Int32(n))
        }
        XCTAssertEqual(store.count, 50_000)
    }

    func testASetOfMoreThanAChunkHasOneOfItsOwn() {
        var big = PathAttributes()
        big.communities = (0..<300_000).map { Community(rawValue: UInt32($0)) }
        var small = PathAttributes()
        small.med = 5
        var store = AttributeSets()
        let first = store.intern(small)
        let large = store.intern(big)
        let after = store.intern(PathAttributes())
        XCTAssertEqual(store[large], big)
        XCTAssertEqual(store[first], small)
        XCTAssertEqual(store[after], PathAttributes())
        XCTAssertEqual(store.intern(big), large)
    }

    func testCommunitiesAreComparedAsSets() {
        func set(med: UInt32, _ standard: [UInt32], _ large: [LargeCommunity] = [], path: [UInt32] = [1, 2]) -> PathAttributes {
            var a = PathAttributes()
            a.med = med
            a.asPath = ASPath(sequence: path)
            a.nextHop = IPAddress("192.0.2.1")
            a.communities = standard.map(Community.init(rawValue:))
            a.largeCommunities = large
            return a
        }
        var store = AttributeSets()
        let base = store.intern(set(med: 1, [10, 20], [LargeCommunity(1, 2, 3)]))
        // Another MED and path, the same communities in another order and repeated: the same.
        let reordered = store.intern(set(med: 2, [20, 10, 10], [LargeCommunity(1, 2, 3)], path: [5, 6, 7]))
        let otherStandard = store.intern(set(med: 1, [10, 21], [LargeCommunity(1, 2, 3)]))
        let otherLarge = store.intern(set(med: 1, [10, 20], [LargeCommunity(1, 2, 4)]))
        let none = store.intern(set(med: 1, []))
        XCTAssertTrue(store.sameCommunities(base, reordered))
        XCTAssertFalse(store.sameCommunities(base, otherStandard))
        XCTAssertFalse(store.sameCommunities(base, otherLarge))
        XCTAssertFalse(store.sameCommunities(base, none))
        // The same communities in the same order: answered from the bytes alone.
        let sameBytes = store.intern(set(med: 3, [10, 20], [LargeCommunity(1, 2, 3)], path: [9]))
        XCTAssertTrue(store.sameCommunities(base, sameBytes))
        XCTAssertFalse(store.sameCommunities(sameBytes, otherLarge))
        let noneEither = store.intern(set(med: 9, [], path: []))
        XCTAssertTrue(store.sameCommunities(none, noneEither))
        // Repeats count once, a community more does not: large ones the same way.
        let repeatedLarge = store.intern(set(med: 4, [20, 10], [LargeCommunity(1, 2, 3), LargeCommunity(1, 2, 3)]))
        let oneMore = store.intern(set(med: 5, [20, 10, 30], [LargeCommunity(1, 2, 3)]))
        let largeMore = store.intern(set(med: 6, [10, 20], [LargeCommunity(1, 2, 3), LargeCommunity(0, 0, 1)]))
        XCTAssertTrue(store.sameCommunities(base, repeatedLarge))
        XCTAssertFalse(store.sameCommunities(base, oneMore))
        XCTAssertFalse(store.sameCommunities(oneMore, base))
        XCTAssertFalse(store.sameCommunities(base, largeMore))
    }

    func testCommunitiesComparedInPlaceAgreeWithSets() {
        // Lists of 0 to 100 communities of each kind from small pools (so repeats and overlaps
        // are common), the second derived from the first: reversed with a repeat, one item
        // changed, one added, one dropped, or drawn anew. Up to 64 of a kind are compared in
        // place, more by sorting; either way the answer is that of Swift's sets.
        func value(_ trial: Int, _ index: Int, _ salt: Int, pool: Int) -> UInt32 {
            UInt32(truncatingIfNeeded: ((trial &* 2_654_435_761) ^ (index &* 40_503) ^ (salt &* 97)) >> 3) % UInt32(pool)
        }
        let counts = [0, 1, 2, 3, 5, 10, 40, 64, 65, 100]
        var store = AttributeSets()
        var agreed = (same: 0, different: 0)
        for trial in 0..<800 {
            let pool = trial % 2 == 0 ? 6 : 400
            let count = counts[trial % counts.count], largeCount = counts[(trial / 3) % counts.count]
            let standardA = (0..<count).map { value(trial, $0, 1, pool: pool) }
            let largeA = (0..<largeCount).map { LargeCommunity(value(trial, $0, 2, pool: 3), 7, value(trial, $0, 3, pool: pool)) }
            var standardB = standardA, largeB = largeA
            switch trial % 5 {
            case 0:
                standardB = standardA.reversed() + standardA.prefix(1)
                largeB = largeA.reversed() + largeA.suffix(1)
            case 1:
                if !standardB.isEmpty { standardB[trial % standardB.count] = value(trial, 999, 4, pool: pool) }
            case 2:
                largeB.append(LargeCommunity(value(trial, 998, 5, pool: 3), 7, value(trial, 997, 6, pool: pool)))
            case 3:
                if !standardB.isEmpty { standardB.remove(at: trial % standardB.count) }
            default:
                standardB = (0..<count).map { value(trial, $0, 8, pool: pool) }
            }
            func set(_ standard: [UInt32], _ large: [LargeCommunity], med: UInt32) -> Int32 {
                var attributes = PathAttributes()
                attributes.med = med
                attributes.communities = standard.map(Community.init(rawValue:))
                attributes.largeCommunities = large
                return store.intern(attributes)
            }
            let a = set(standardA, largeA, med: UInt32(2 * trial)), b = set(standardB, largeB, med: UInt32(2 * trial + 1))
            let expected = Set(standardA) == Set(standardB) && Set(largeA) == Set(largeB)
            XCTAssertEqual(store.sameCommunities(a, b), expected, "trial \(trial)")
            XCTAssertEqual(store.sameCommunities(b, a), expected, "trial \(trial), the other way")
            if expected { agreed.same += 1 } else { agreed.different += 1 }
        }
        XCTAssertGreaterThan(agreed.same, 200)
        XCTAssertGreaterThan(agreed.different, 200)
    }

    func testRankingAndCommunitiesReadWithoutBuildingTheSet() {
        var store = AttributeSets()
        var sets = variedSets()
        var confederated = PathAttributes()
        confederated.asPath = ASPath([.init(.confedSequence, [ASN(1)]), .init(.sequence, [ASN(2), ASN(3)])])
        confederated.communities = [Community(rawValue: 7)]
        confederated.originatorID = IPAddress("10.1.1.1")
        sets.append(confederated)
        // ORIGINATOR_ID behind every mix of the rare fields stored before it (its reader
        // skips them), and those fields without it.
        for mix in 0..<32 {
            var value = PathAttributes()
            value.asPath = ASPath(sequence: [64_500, 64_501])
            if mix & 1 != 0 { value.mpNextHop = MPNextHop(address: IPAddress("2001:db8::7")!, linkLocal: mix & 2 != 0 ? IPAddress("fe80::7") : nil) }
            if mix & 4 != 0 { value.aggregator = Aggregator(asn: ASN(64_502), address: IPAddress("192.0.2.7")!) }
            if mix & 8 != 0 { value.extendedCommunities = (0..<(mix % 5 + 1)).map { ExtendedCommunity(rawValue: UInt64($0) << 40 | 7) } }
            if mix & 16 != 0 { value.onlyToCustomer = ASN(64_503) }
            var tagged = value
            tagged.originatorID = IPAddress(ipv4: 0x0A00_0000 + UInt32(mix))
            sets += [value, tagged]
        }
        for value in sets {
            let id = store.intern(value)
            let ranking = store.ranking(of: id)
            XCTAssertEqual(ranking.origin, value.origin)
            XCTAssertEqual(ranking.localPref, value.localPref)
            XCTAssertEqual(ranking.med, value.med)
            XCTAssertEqual(ranking.pathLength, value.asPath?.length)
            XCTAssertEqual(ranking.firstASN, value.asPath?.firstASN)
            XCTAssertEqual(ranking.originatorID, value.originatorID)
            store.withPolicyAttributes(id) { attributes in
                let inPlace = attributes.ranking
                XCTAssertEqual(inPlace.originatorID, value.originatorID)
                XCTAssertEqual(inPlace.pathLength, ranking.pathLength)
                XCTAssertEqual(inPlace.firstASN, ranking.firstASN)
                XCTAssertEqual(inPlace.med, ranking.med)
            }
            let communities = store.communities(of: id)
            XCTAssertEqual(communities.standard, value.communities)
            XCTAssertEqual(communities.large, value.largeCommunities)
        }
    }

    /// What the writers read in place must be what the set says, field by field and as text.
    func testStoredAttributesReadWhatTheSetHolds() {
        var store = AttributeSets()
        var sets = variedSets()
        var endsInSet = PathAttributes()
        endsInSet.asPath = ASPath([.init(.sequence, [ASN(1), ASN(2)]), .init(.set, [ASN(3)])])
        var endsInEmptySequence = PathAttributes()
        endsInEmptySequence.asPath = ASPath([.init(.sequence, [ASN(1)]), .init(.sequence, [])])
        var long = PathAttributes()
        long.asPath = ASPath([.init(.sequence, (0..<2_000).map { ASN(UInt32(100_000 + $0)) })])
        long.communities = [Community(rawValue: 0x0000_2060), Community(rawValue: 0xFFFF_FF01)]
        sets += [endsInSet, endsInEmptySequence, long]
        for value in sets {
            let id = store.intern(value)
            store.withStored(id) { stored in
                XCTAssertEqual(stored.origin, value.origin)
                XCTAssertEqual(stored.nextHop, value.nextHop)
                XCTAssertEqual(stored.med, value.med)
                XCTAssertEqual(stored.localPref, value.localPref)
                XCTAssertEqual(stored.onlyToCustomer, value.onlyToCustomer)
                XCTAssertEqual(stored.originASN, value.asPath?.originASN)
                for family in [AddressFamily.ipv4, .ipv6] {
                    XCTAssertEqual(stored.effectiveNextHop(for: family), value.effectiveNextHop(for: family))
                }
                var path: [UInt8] = [], expectedPath: [UInt8] = []
                stored.appendASPath(to: &path)
                value.asPath?.append(to: &expectedPath)
                XCTAssertEqual(String(decoding: path, as: UTF8.self), String(decoding: expectedPath, as: UTF8.self))
                var standard: [UInt8] = [], large: [UInt8] = []
                stored.appendCommunities(to: &standard)
                stored.appendLargeCommunities(to: &large)
                XCTAssertEqual(String(decoding: standard, as: UTF8.self), value.communities.map(\.description).joined(separator: " "))
                XCTAssertEqual(String(decoding: large, as: UTF8.self), value.largeCommunities.map(\.description).joined(separator: " "))
            }
        }
    }

    /// The path's ASNs read in place are `ASPath.allASNs`, whatever comes before the path in
    /// the compact form (origin, an IPv4 or IPv6 next hop, MED, LOCAL_PREF); appended, not
    /// replacing what the array held.
    func testPathASNsReadInPlace() {
        var store = AttributeSets()
        var long = PathAttributes()
        long.asPath = ASPath([.init(.sequence, (0..<2_000).map { ASN(UInt32(100_000 + $0)) }), .init(.set, [ASN(9)])])
        long.nextHop = IPAddress("2001:db8::9")
        long.med = 5
        for value in variedSets() + [long] {
            let id = store.intern(value)
            var asns = [ASN(7)]
            store.appendPathASNs(of: id, to: &asns)
            XCTAssertEqual(asns, [ASN(7)] + (value.asPath?.allASNs ?? []))
        }
    }
}
