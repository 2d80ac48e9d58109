@testable import BGP
import XCTest

/// `PolicyAttributes` reads from a stored set what the set itself says: the AS path's ASNs,
/// first AS and length, the next hop of each family and the communities.
final class PolicyAttributesTests: XCTestCase {
    /// Sets whose fields sit at every place the compact form can put them.
    private func sets() -> [PathAttributes] {
        var out = [PathAttributes()]
        var full = PathAttributes()
        full.origin = .egp
        full.asPath = ASPath([.init(.sequence, [ASN(8_359), ASN(4_294_967_295), ASN(0)]), .init(.set, [ASN(3), ASN(1)]),
                              .init(.confedSequence, [ASN(64_512), ASN(64_513)]), .init(.confedSet, [])])
        full.nextHop = IPAddress("185.1.15.30")
        full.med = 7
        full.localPref = 100
        full.communities = (0..<130).map { Community(rawValue: UInt32($0) &* 2_654_435_761) }
        full.largeCommunities = [LargeCommunity(8_960, 0, 8_359), LargeCommunity(1, 2, 3)]
        full.mpNextHop = MPNextHop(address: IPAddress("2001:7f8:7a::8359:1")!, linkLocal: IPAddress("fe80::1"))
        full.extendedCommunities = [ExtendedCommunity(rawValue: 0x0002_FDE8_0000_0064)]
        full.originatorID = IPAddress("10.0.0.1")
        out.append(full)
        var setFirst = PathAttributes()
        setFirst.asPath = ASPath([.init(.set, [ASN(65_001), ASN(65_002)]), .init(.sequence, [ASN(3_216)])])
        setFirst.nextHop = IPAddress("185.1.15.21")
        out.append(setFirst)
        var confedFirst = PathAttributes()
        confedFirst.asPath = ASPath([.init(.confedSequence, [ASN(64_512)]), .init(.sequence, (1...70).map { ASN($0) })])
        out.append(confedFirst)
        var emptyPath = PathAttributes()
        emptyPath.asPath = ASPath([])
        emptyPath.communities = [Community(rawValue: 0xFFFF_0000)]
        out.append(emptyPath)
        var emptySequence = PathAttributes()
        emptySequence.asPath = ASPath([.init(.sequence, []), .init(.sequence, [ASN(8_447)])])
        out.append(emptySequence)
        var ipv6Only = PathAttributes()
        ipv6Only.asPath = ASPath(sequence: [196_608, 174])
        ipv6Only.mpNextHop = MPNextHop(address: IPAddress("2001:7f8:7a::19:6608")!)
        ipv6Only.largeCommunities = [LargeCommunity(8_960, 1, 0)]
        out.append(ipv6Only)
        var rareWithoutHop = PathAttributes()
        rareWithoutHop.nextHop = IPAddress("185.1.15.31")
        rareWithoutHop.onlyToCustomer = ASN(8_447)
        rareWithoutHop.clusterList = [IPAddress("10.9.9.9")!]
        out.append(rareWithoutHop)
        return out
    }

    func testReadsWhatTheSetSays() {
        let values = sets()
        let store = AttributeSets(values)
        for (id, value) in values.enumerated() {
            store.withPolicyAttributes(Int32(id)) { stored in
                var asns: [ASN] = []
                stored.forEachASN { asns.append($0) }
                XCTAssertEqual(asns, value.asPath?.allASNs ?? [], "set \(id)")
                XCTAssertEqual(stored.firstASN, value.asPath?.firstASN, "set \(id)")
                XCTAssertEqual(stored.pathLength, value.asPath?.length ?? 0, "set \(id)")
                for family in [AddressFamily.ipv4, .ipv6] {
                    XCTAssertEqual(stored.effectiveNextHop(for: family), value.effectiveNextHop(for: family), "set \(id) \(family)")
                }
                for community in value.communities + [Community(rawValue: 42)] {
                    XCTAssertEqual(stored.containsCommunity { $0 == community }, value.communities.contains(community), "set \(id)")
                }
                for community in value.largeCommunities + [LargeCommunity(8_960, 0, 0)] {
                    XCTAssertEqual(stored.containsLargeCommunity { $0 == community }, value.largeCommunities.contains(community),
                                   "set \(id)")
                }
            }
        }
        // The cases above are the ones the reader must tell apart.
        XCTAssertEqual(store.withPolicyAttributes(1) { $0.pathLength }, 4)
        XCTAssertNil(store.withPolicyAttributes(2) { $0.firstASN })
        XCTAssertEqual(store.withPolicyAttributes(3) { $0.pathLength }, 70)
        XCTAssertEqual(store.withPolicyAttributes(1) { $0.effectiveNextHop(for: .ipv4) }, IPAddress("185.1.15.30"))
        XCTAssertEqual(store.withPolicyAttributes(1) { $0.effectiveNextHop(for: .ipv6) }, IPAddress("2001:7f8:7a::8359:1"))
    }
}
