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
        XCTAssertEqual(interner.values.count, 3)
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

    func testManyEncodingsStayFindable() {
        // More encodings than the first table has slots: every one is still found after growing.
        let interner = AttributeInterner()
        var ids: [Int32] = []
        for n in 0..<3000 {
            let bytes = withUnsafeBytes(of: UInt32(n).bigEndian) { Array($0) }
            ids.append(bytes.withUnsafeBytes { raw in interner.intern(encoded: raw, asnSize: 4) { attributes(path: [UInt32(n)]) } })
        }
        for n in 0..<3000 {
            let bytes = withUnsafeBytes(of: UInt32(n).bigEndian) { Array($0) }
            let again = bytes.withUnsafeBytes { raw in interner.intern(encoded: raw, asnSize: 4) { attributes(path: []) } }
            XCTAssertEqual(again, ids[n])
        }
        XCTAssertEqual(interner.encodingHits, 3000)
        XCTAssertEqual(interner.count, 3000)
    }
}
