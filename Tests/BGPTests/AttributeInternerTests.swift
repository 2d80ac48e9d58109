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

    func testAnEncodingIsDecodedOnce() {
        let interner = AttributeInterner()
        let bytes: [UInt8] = [0x40, 1, 1, 0, 0x40, 2, 6, 2, 1, 0, 0, 0x0D, 0x05]
        var decodes = 0
        func intern(_ encoding: [UInt8], asnSize: Int, path: [UInt32]) -> Int32 {
            encoding.withUnsafeBytes { raw in
                interner.intern(encoded: raw, asnSize: asnSize) {
                    decodes += 1
                    return attributes(path: path)
                }
            }
        }
        let first = intern(bytes, asnSize: 4, path: [3333])
        XCTAssertEqual(intern(bytes, asnSize: 4, path: [3333]), first)
        XCTAssertEqual(decodes, 1, "the second sighting of the bytes is not decoded")
        XCTAssertEqual([interner.encodingHits, interner.encodingMisses], [1, 1])
        // The same bytes on a 2-byte session are another encoding; a different encoding of
        // equal attributes shares the id of the value.
        XCTAssertEqual(intern(bytes, asnSize: 2, path: [3333]), first)
        XCTAssertEqual(intern(Array(bytes.reversed()), asnSize: 4, path: [3333]), first)
        XCTAssertEqual(decodes, 3)
        XCTAssertEqual(intern(bytes + [0], asnSize: 4, path: [3333, 1103]), 1)
        XCTAssertEqual(interner.count, 2)
        XCTAssertEqual(intern([], asnSize: 4, path: []), 2)
        XCTAssertEqual(intern([], asnSize: 4, path: [9]), 2, "an empty block is remembered too")
    }

    func testTheEncodingCacheIsBoundedAndNeverWrong() {
        // Far more encodings than the cache has slots: recent ones are found without a decode,
        // forgotten ones are decoded again, and every id is the one the value was given.
        let interner = AttributeInterner()
        func intern(_ n: Int) -> Int32 {
            let bytes = withUnsafeBytes(of: UInt32(n).bigEndian) { Array($0) }
            return bytes.withUnsafeBytes { raw in interner.intern(encoded: raw, asnSize: 4) { attributes(path: [UInt32(n)]) } }
        }
        let ids = (0..<100_000).map(intern)
        XCTAssertEqual(Set(ids).count, 100_000)
        // The last thousand are still cached: a second sighting costs no decode.
        let recentHitsBefore = interner.encodingHits
        for n in 99_000..<100_000 { XCTAssertEqual(intern(n), ids[n]) }
        XCTAssertGreaterThan(interner.encodingHits - recentHitsBefore, 900)
        let hitsBefore = interner.encodingHits
        for n in stride(from: 0, to: 100_000, by: 7) { XCTAssertEqual(intern(n), ids[n]) }
        for n in stride(from: 0, to: 100_000, by: 7) { XCTAssertEqual(interner[ids[n]].asPath?.description, "\(n)") }
        XCTAssertEqual(interner.count, 100_000, "a forgotten encoding finds its set by value")
        XCTAssertLessThan(interner.encodingHits - hitsBefore, 100_000 / 7, "the cache does not hold every encoding")
    }

    func testReleasingTheIndexKeepsTheSetsAndTheirIds() {
        let interner = AttributeInterner()
        let ids = (0..<3000).map { interner.intern(attributes(path: [UInt32($0)])) }
        interner.releaseEncodings()
        XCTAssertEqual(interner[ids[2999]].asPath?.description, "2999")
        XCTAssertEqual(interner.intern(attributes(path: [1234])), ids[1234], "the index is rebuilt on the next intern")
        XCTAssertEqual(interner.intern(attributes(path: [99_999])), 3000)
    }
}
