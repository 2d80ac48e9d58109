import BGP
import MRT
import XCTest

/// Identical attribute blocks of a real RIB dump are decoded once and share one interned value.
final class AttributeInternerWireTests: XCTestCase {
    func testRIBDumpBlocksAreDecodedOnceAndInternedByValue() throws {
        let file = try Corpus.require().appendingPathComponent("mrt/bview.20020722.2337.gz")
        let interner = AttributeInterner()
        var summary = DecodeSummary()
        var routes = 0
        var direct: Set<PathAttributes> = []
        decodeRecords(of: file.path, summary: &summary) { _, record in
            guard case let .tableDump(route) = record else { return }
            let id = interner.intern(route.attributes)
            // The cached value is the one a fresh decode gives.
            let fresh = PathAttributes(route.attributes)
            if routes % 97 == 0 { XCTAssertEqual(interner[id], fresh) }
            direct.insert(fresh)
            routes += 1
        }
        XCTAssertEqual(routes, 115_521)
        // One interned value per distinct attribute set, and far fewer than routes.
        XCTAssertEqual(interner.count, direct.count)
        XCTAssertLessThan(interner.count, routes / 2)
        XCTAssertEqual(interner.encodingHits + interner.encodingMisses, routes)
        XCTAssertGreaterThan(interner.encodingHits, interner.encodingMisses)
    }
}
