import BGP
import Job
@testable import RouteServer
import XCTest

/// The filter that lets the simulation skip informational communities never skips a control
/// one, and the intent of a stored set read through it is the intent of its communities.
final class ControlCommunityFilterTests: XCTestCase {
    /// The shipped defaults of both profiles, a 4-byte route server ASN (no standard open or
    /// include), and KleyReX's reversed `peer:0` exclude, which fixes no high half.
    private var schemes: [CommunityScheme] {
        var kleyrex = CommunityScheme.defaults(routeServerASN: ASN(6695))
        kleyrex.standard.exclude = StandardCommunityPattern(.peer, .value(0))
        return [CommunityScheme.defaults(routeServerASN: ASN(8960)),
                CommunityScheme.defaults(profile: .ixpManager, routeServerASN: ASN(8960)),
                CommunityScheme.defaults(routeServerASN: ASN(4_200_000_123)), kleyrex]
    }

    /// Every community each pattern and list of `scheme` can match, for a few peers, and
    /// informational ones around them.
    private func communities(_ scheme: CommunityScheme) -> (standard: [Community], large: [LargeCommunity]) {
        let peers: [ASN] = [ASN(0), ASN(8359), ASN(65_535), ASN(196_608)]
        let actions = scheme.actions
        let standardPatterns = [scheme.standard.open, scheme.standard.blockAll, scheme.standard.exclude, scheme.standard.include]
            + actions.prependStandard.toAll + actions.prependStandard.toPeer
        var standard = standardPatterns.compactMap { $0 }.flatMap { p in peers.compactMap { p.community(for: $0) } }
        standard += (actions.blackhole?.standard ?? []) + actions.gracefulShutdownStandard
            + [.noExport, .noExportSubconfed, .noAdvertise]
        standard += (0..<2_000).map { Community(rawValue: UInt32(truncatingIfNeeded: UInt64($0) &* 2_654_435_761)) }
        standard += ["3356:2", "174:21000", "8960:0", "0:0", "65535:0", "6695:8960"].map { Community($0)! }
        let largePatterns = [scheme.large.open, scheme.large.blockAll, scheme.large.exclude, scheme.large.include]
            + actions.prependLarge.toAll + actions.prependLarge.toPeer
        var large = largePatterns.compactMap { $0 }.flatMap { p in peers.compactMap { p.community(for: $0) } }
        large += (actions.blackhole?.large ?? []) + actions.gracefulShutdownLarge
        large += (0..<500).map { LargeCommunity(UInt32($0 % 7) &* 4_294_967, UInt32($0 % 3), UInt32($0)) }
        return (standard, large)
    }

    func testNoControlCommunityIsFilteredOut() {
        for scheme in schemes {
            let filter = ControlCommunityFilter(scheme)
            let (standard, large) = communities(scheme)
            var control = 0
            for c in standard where CommunityIntent(communities: [c], largeCommunities: [], scheme: scheme).hasControlCommunities {
                control += 1
                XCTAssertTrue(filter.mayControl(c), "\(c) is a control community")
            }
            for c in large where CommunityIntent(communities: [], largeCommunities: [c], scheme: scheme).hasControlCommunities {
                control += 1
                XCTAssertTrue(filter.mayControl(c), "\(c) is a control community")
            }
            XCTAssertGreaterThan(control, 10)
        }
        // The point of it: informational communities are told apart without reading them.
        let filter = ControlCommunityFilter(schemes[0])
        XCTAssertFalse(filter.mayControl(Community("3356:2")!))
        XCTAssertFalse(filter.mayControl(LargeCommunity(3356, 1, 2)))
        XCTAssertTrue(ControlCommunityFilter(schemes[3]).mayControl(Community("3356:2")!), "peer:0 fixes no high half")
    }

    func testStoredSetsReadThroughTheFilterGetTheSameIntent() {
        for scheme in schemes {
            let filter = ControlCommunityFilter(scheme)
            let (standard, large) = communities(scheme)
            var values: [PathAttributes] = []
            for n in 0..<400 {
                var a = PathAttributes()
                a.asPath = ASPath(sequence: [8359, 174])
                a.communities = (0..<(n % 9)).map { standard[(n * 31 + $0 * 17) % standard.count] }
                a.largeCommunities = (0..<(n % 4)).map { large[(n * 13 + $0 * 7) % large.count] }
                values.append(a)
            }
            let store = AttributeSets(values)
            var kinds = Set<CommunityIntent>()
            for (id, value) in values.enumerated() {
                let read = store.withPolicyAttributes(Int32(id)) { CommunityIntent.of($0, scheme: scheme, filter: filter) }
                let expected = CommunityIntent(communities: value.communities, largeCommunities: value.largeCommunities, scheme: scheme)
                XCTAssertEqual(read, expected, "set \(id)")
                XCTAssertEqual(read.isEmpty, expected == CommunityIntent(), "set \(id)")
                kinds.insert(expected)
            }
            XCTAssertGreaterThan(kinds.count, 20, "the sets ask many different things")
        }
    }
}
