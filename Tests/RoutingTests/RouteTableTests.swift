import BGP
import XCTest
@testable import Routing

/// The route table against a Dictionary holding the same routes: same lookups, same sorted
/// order, whatever the mix of families, lengths and path ids.
final class RouteTableTests: XCTestCase {
    func testItHoldsWhatADictionaryHolds() {
        var table = RouteTable()
        var reference: [RouteKey: RouteRecord] = [:]
        var state: UInt64 = 0x1234_5678
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }
        for step in 0..<20_000 {
            let value = next()
            let key: RouteKey
            if value % 3 == 0 {
                key = RouteKey(prefix: Prefix(address: IPAddress(ipv6High: 0x2001_0DB8_0000_0000 | (value & 0xFFFF) << 16, low: 0),
                                              length: 32 + Int(value % 33)), pathID: UInt32(value % 4))
            } else {
                key = RouteKey(prefix: Prefix(address: IPAddress(ipv4: UInt32(truncatingIfNeeded: value & 0xFFFF_FF00)),
                                              length: 16 + Int(value % 9)), pathID: UInt32(value % 2))
            }
            let record = RouteRecord(attributes: Int32(step), firstSeen: UInt32(step), lastSeen: UInt32(step), isPresent: value % 5 != 0)
            table[key] = record
            reference[key] = record
        }
        XCTAssertEqual(table.count, reference.count)
        for (key, record) in reference { XCTAssertEqual(table[key], record) }
        XCTAssertNil(table[RouteKey(prefix: Prefix("192.0.2.0/24")!, pathID: 7)])

        var sorted: [RouteKey] = []
        table.forEachSorted(where: \.isPresent) { key, _ in sorted.append(key) }
        XCTAssertEqual(sorted, reference.filter { $0.value.isPresent }.keys.sorted(), "the order of RouteKey <")

        table.updateEach { $0.lastSeen = 1 }
        XCTAssertTrue(table.values.allSatisfy { $0.lastSeen == 1 })
        XCTAssertEqual(Set(table.keys), Set(reference.keys))
    }
}
