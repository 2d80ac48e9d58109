import Audit
import BGP
import XCTest

/// The VRP and route-object sets keep several entries per prefix in one flat array chained
/// by index; checked against plain lists on random entries that share prefixes, repeat and
/// nest (a few base addresses at random lengths, a few ASNs, max lengths and trust anchors).
final class ReferenceSetRandomTests: XCTestCase {
    private struct Random {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    private let bases = ["10.0.0.0", "10.1.0.0", "192.0.2.0", "2001:db8::", "2001:db8:1::"].map { IPAddress($0)! }

    private func prefix(_ random: inout Random) -> Prefix {
        let base = bases[random.next(bases.count)]
        return base.family == .ipv4 ? Prefix(address: base, length: 8 + random.next(17))
            : Prefix(address: base, length: 28 + random.next(21))
    }

    func testVRPsAgreeWithAList() throws {
        for seed in UInt64(1)...4 {
            var random = Random(state: seed)
            var roas = ROASet()
            var list: [ROASet.VRP] = []
            for _ in 0..<600 {
                let prefix = prefix(&random)
                let vrp = ROASet.VRP(asn: ASN(UInt32(64500 + random.next(4))), prefix: prefix,
                                     maxLength: Int(prefix.length) + random.next(4), trustAnchor: ["ripe", "apnic"][random.next(2)])
                try roas.insert(vrp)
                if !list.contains(vrp) { list.append(vrp) }
            }
            XCTAssertEqual(roas.count, list.count, "a repeated VRP counts once")
            for _ in 0..<600 {
                let prefix = prefix(&random)
                let origin = random.next(6) == 0 ? nil : ASN(UInt32(64500 + random.next(5)))
                // Least specific prefix first; a prefix's VRPs in the order first read.
                let covering = list.enumerated().filter { $0.element.prefix.contains(prefix) }
                    .sorted { ($0.element.prefix.length, $0.offset) < ($1.element.prefix.length, $1.offset) }.map(\.element)
                XCTAssertEqual(roas.covering(prefix), covering, "covering \(prefix)")
                let matched = covering.contains { $0.asn == origin && Int(prefix.length) <= $0.maxLength }
                let expected: String = covering.isEmpty ? "not found" : matched ? "valid" : "invalid"
                XCTAssertEqual(String(roas.validate(prefix: prefix, origin: origin).description.prefix(while: { $0 != ":" })), expected,
                               "\(prefix) from \(origin.map { "AS\($0)" } ?? "a set")")
                XCTAssertEqual(roas.isInvalid(prefix: prefix, origin: origin), expected == "invalid")
            }
        }
    }

    func testRouteObjectsAgreeWithAList() {
        for seed in UInt64(1)...4 {
            var random = Random(state: seed)
            var irr = RouteObjectSet()
            var list: [RouteObjectSet.RouteObject] = []
            for _ in 0..<600 {
                let object = RouteObjectSet.RouteObject(prefix: prefix(&random), origin: ASN(UInt32(64500 + random.next(6))))
                irr.insert(object)
                if !list.contains(object) { list.append(object) }
            }
            XCTAssertEqual(irr.count, list.count, "a repeated object counts once")
            for _ in 0..<600 {
                let prefix = prefix(&random)
                let origin = ASN(UInt32(64500 + random.next(7)))
                // Least specific prefix first; a prefix's origins ascending.
                let covering = list.filter { $0.prefix.contains(prefix) }
                    .sorted { ($0.prefix.length, $0.origin) < ($1.prefix.length, $1.origin) }
                XCTAssertEqual(irr.covering(prefix), covering, "covering \(prefix)")
                XCTAssertEqual(irr.origins(exactly: prefix), covering.filter { $0.prefix == prefix }.map(\.origin))
                XCTAssertEqual(irr.isRegistered(prefix, origin: origin), list.contains { $0.prefix == prefix && $0.origin == origin })
                XCTAssertEqual(irr.isRegistered(prefix, origin: origin, acceptingMoreSpecifics: true), covering.contains { $0.origin == origin })
            }
        }
    }
}
