import BGP
import XCTest

final class AttributeInternerTests: XCTestCase {
    private func attributes(path: [UInt32], communities: [Community] = []) -> PathAttributes {
        var a = PathAttributes()
        a.origin = .igp
        a.asPath = ASPath(sequence: path)
        a.nextHop = IPAddress("192.0.2.1")
        a.communities = communities
        return a
    }

    func testEqualAttributesAreStoredOnce() {
        let interner = AttributeInterner()
        let first = interner.intern(attributes(path: [3333, 1103]))
        // Built separately but equal: the same id, nothing new stored.
        let again = interner.intern(attributes(path: [3333, 1103]))
        XCTAssertEqual(first, again)
        XCTAssertEqual(interner.count, 1)
        XCTAssertEqual(interner[first].asPath?.description, "3333 1103")
    }

    func testDifferentAttributesGetTheirOwnIds() {
        let interner = AttributeInterner()
        let a = interner.intern(attributes(path: [3333, 1103]))
        let b = interner.intern(attributes(path: [3333, 1103], communities: [.noExport]))
        let c = interner.intern(attributes(path: [3333]))
        XCTAssertEqual([a, b, c], [0, 1, 2], "ids are handed out in order")
        XCTAssertEqual(interner.count, 3)
        XCTAssertEqual(interner.intern(attributes(path: [3333, 1103], communities: [.noExport])), b)
        XCTAssertEqual(interner.count, 3)
        XCTAssertEqual(interner[b].communities, [.noExport])
        XCTAssertEqual(interner.sets.count, 3)
    }

    func testASetWrittenInCompactFormMeetsItsValue() {
        let interner = AttributeInterner()
        let value = attributes(path: [3333, 1103], communities: [.noExport])
        let id = interner.intern(writing: { value.appendCompact(to: &$0); return true })
        XCTAssertEqual(id, 0)
        XCTAssertEqual(interner.intern(value), id)
        XCTAssertNil(interner.intern(writing: { $0.append(0xFF); return false }), "a declined write interns nothing")
        XCTAssertEqual(interner.count, 1)
    }

    func testReleasingTheIndexKeepsTheSetsAndTheirIds() {
        let interner = AttributeInterner()
        let ids = (0..<3000).map { interner.intern(attributes(path: [UInt32($0)])) }
        interner.dropIndex()
        XCTAssertEqual(interner[ids[2999]].asPath?.description, "2999")
        XCTAssertEqual(interner.intern(attributes(path: [1234])), ids[1234], "the index is rebuilt on the next intern")
        XCTAssertEqual(interner.intern(attributes(path: [99_999])), 3000)
    }

    /// Another RIB's sets joined here: the shared ones keep this store's ids, the new ones
    /// follow in the other's order, found on several threads (more sets than one part holds).
    func testAbsorbKeepsTheSharedIdsAndAppendsTheNewInTheOthersOrder() {
        let mine = AttributeInterner(), theirs = AttributeInterner()
        for n in 0..<5000 { _ = mine.intern(attributes(path: [UInt32(n)])) }
        mine.dropIndex()
        // Theirs: every third of mine, in reverse, with a new set after each.
        var expected: [Int32] = []
        var newSets: Int32 = 0
        for n in stride(from: 4998, through: 0, by: -3) {
            _ = theirs.intern(attributes(path: [UInt32(n)]))
            expected.append(Int32(n))
            _ = theirs.intern(attributes(path: [UInt32(n), 7]))
            expected.append(5000 + newSets)
            newSets += 1
        }
        let ids = mine.absorb(theirs)
        XCTAssertEqual(ids, expected)
        XCTAssertEqual(mine.count, 5000 + theirs.count / 2)
        for (their, id) in ids.enumerated() { XCTAssertEqual(mine[id], theirs[Int32(their)]) }
    }

    func testFindAnswersOnlyForStoredSets() {
        var store = AttributeSets()
        for n in 0..<3000 { _ = store.intern(attributes(path: [UInt32(n)], communities: [Community(rawValue: UInt32(n))])) }
        for n in [0, 1, 1500, 2999] {
            var bytes: [UInt8] = []
            attributes(path: [UInt32(n)], communities: [Community(rawValue: UInt32(n))]).appendCompact(to: &bytes)
            XCTAssertEqual(bytes.withUnsafeBytes { store.find(compact: $0) }, Int32(n))
            attributes(path: [UInt32(n)]).appendCompact(to: &bytes)
            XCTAssertNil(bytes.withUnsafeBytes { store.find(compact: $0) }, "bytes of no stored set")
        }
        XCTAssertEqual(store.count, 3000, "finding stores nothing")
    }
}
