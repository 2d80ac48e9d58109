import BGP
import XCTest
@testable import Audit

/// The exact-match table behind irr-unregistered's look-ups: every prefix inserted is found
/// with its slot, and nothing else is, however close (same address with another length, same
/// bits in the other family), across the table's growth from 16 entries.
final class ExactPrefixTableTests: XCTestCase {
    func testFindsExactlyWhatWasInserted() {
        var table = ExactPrefixTable()
        var inserted: [Prefix] = []
        for i in 0..<6000 {
            // /16 to /24 on one address, so many share their address bits and differ by length.
            let v4 = Prefix(address: IPAddress(ipv4: UInt32(i) << 12), length: 16 + i % 9)
            let v6 = Prefix(address: IPAddress(ipv6High: 0x2001_0db8_0000_0000 | UInt64(i) << 16, low: 0), length: 32 + i % 17)
            for prefix in [v4, v6] where table[prefix] == nil {
                table.insert(prefix, slot: Int32(inserted.count))
                inserted.append(prefix)
            }
        }
        XCTAssertEqual(table.count, inserted.count)
        for (slot, prefix) in inserted.enumerated() { XCTAssertEqual(table[prefix], Int32(slot), "\(prefix)") }
        let known = Set(inserted)
        for i in 0..<6000 {
            let longer = Prefix(address: IPAddress(ipv4: UInt32(i) << 12), length: 25)
            let otherFamily = Prefix(address: IPAddress(ipv6High: 0, low: UInt64(UInt32(i) << 12)), length: 16 + i % 9)
            let shifted = Prefix(address: IPAddress(ipv6High: 0x2001_0db8_0000_0000 | UInt64(i) << 16, low: 0), length: 49)
            for prefix in [longer, otherFamily, shifted] where !known.contains(prefix) {
                XCTAssertNil(table[prefix], "\(prefix) was never inserted")
            }
        }
    }

    func testRouteObjectsAreFoundByExactPrefix() {
        let p = Prefix("193.0.0.0/21")!, q = Prefix("193.0.0.0/22")!
        let set = RouteObjectSet([.init(prefix: p, origin: ASN(3333)), .init(prefix: p, origin: ASN(1)),
                                  .init(prefix: Prefix("2001:67c:2e8::/48")!, origin: ASN(3333))])
        XCTAssertEqual(set.origins(exactly: p), [ASN(1), ASN(3333)])
        XCTAssertEqual(set.origins(exactly: q), [])
        XCTAssertTrue(set.isRegistered(p, origin: ASN(3333)))
        XCTAssertFalse(set.isRegistered(q, origin: ASN(3333)))
        XCTAssertTrue(set.isRegistered(q, origin: ASN(3333), acceptingMoreSpecifics: true))
        XCTAssertEqual(set.origins(exactly: Prefix("2001:67c:2e8::/48")!), [ASN(3333)])
    }
}
