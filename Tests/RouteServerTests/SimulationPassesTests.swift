import BGP
import Job
import Routing
@testable import RouteServer
import Synth
import XCTest

/// The passes the simulation runs over a large day's sets and routes give what the plain
/// reading gives: intents numbered as one interning pass would, routes ordered by set, keys
/// merged into the one sorted order.
final class SimulationPassesTests: XCTestCase {
    /// Sets whose communities mix control ones (in varied orders, repeated) and informational
    /// ones: the reader's ids are those of interning each set's intent in turn.
    func testIntentReaderNumbersIntentsAsInterningThemInTurn() {
        let scheme = CommunityScheme.defaults(routeServerASN: ASN(8960))
        let control = ["0:8359", "0:174", "8960:8359", "0:8960", "8960:8960", "65535:0", "65535:666"].map { Community($0)! }
        let informational = ["3356:2", "174:21000", "6939:1000"].map { Community($0)! }
        let large = [LargeCommunity(8960, 0, 8359), LargeCommunity(3356, 1, 2)]
        var values: [PathAttributes] = []
        for n in 0..<300 {
            var a = PathAttributes()
            a.asPath = ASPath(sequence: [8359, 174])
            var communities = (0..<(n % 4)).map { control[(n * 5 + $0 * 3) % control.count] }
            // The same control communities in the other order: another list, the same intent.
            if n % 7 == 0 { communities.reverse() }
            communities += (0..<(n % 3)).map { informational[(n + $0) % informational.count] }
            a.communities = communities
            a.largeCommunities = n % 5 == 0 ? [large[n % 2]] : []
            values.append(a)
        }
        let store = AttributeSets(values)
        var reader = IntentReader(scheme: scheme)
        var expected: [CommunityIntent] = [], expectedID: [CommunityIntent: Int32] = [:]
        // Each set read twice, the second time out of order: a list met before keeps its id.
        let order = Array(0..<values.count) + (0..<values.count).map { ($0 * 37) % values.count }
        for set in order {
            let intent = CommunityIntent(communities: values[set].communities, largeCommunities: values[set].largeCommunities, scheme: scheme)
            let id = expectedID[intent] ?? {
                expected.append(intent)
                expectedID[intent] = Int32(expected.count - 1)
                return Int32(expected.count - 1)
            }()
            XCTAssertEqual(reader.intentID(of: Int32(set), in: store), id, "set \(set)")
        }
        XCTAssertEqual(reader.intents, expected)
        XCTAssertGreaterThan(expected.count, 10, "the sets ask many different things")
    }

    /// Routes referring to their sets in a scrambled order come out by set, then by route.
    func testRoutesBySetOrdersByAttributeSetThenRoute() {
        var rib = RIBBuilder()
        let sessions = (0..<5).map { rib.session(64_500 + UInt32($0), "185.1.15.\(10 + $0)") }
        for n in 0..<200 {
            rib.route(sessions[n % 5], "10.\(n % 50).0.0/16", path: [64_500 + UInt32(n % 5), 65_000 + UInt32((n * 7) % 23)])
        }
        let built = rib.rib
        let order = built.routesBySet().map(Int.init)
        let expected = built.routes.indices.sorted { (built.routes[$0].attributes, $0) < (built.routes[$1].attributes, $1) }
        XCTAssertEqual(order, expected)
        XCTAssertNotEqual(order, Array(built.routes.indices), "the sets are not in route order")
    }

    /// The merge from both ends gives the one sorted order, whatever the count.
    func testKeysSortedSideBySideAreTheSortedKeys() {
        var state: UInt64 = 12_345
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            return z ^ (z >> 31)
        }
        for count in [0, 1, 2, 3, 10, 1_001] {
            // Few distinct prefixes, so many keys differ only by route.
            let keys = (0..<count).map { i -> Simulator.PrefixKey in
                (UInt16(next() % 2 + 1), next() % 4, next() % 3, UInt16(next() % 33), i)
            }
            let sorted = Simulator.sortedSideBySide(Array(0..<count)) { keys[$0] }
            let expected = keys.sorted { $0 < $1 }
            XCTAssertEqual(sorted.count, count)
            XCTAssertTrue(zip(sorted, expected).allSatisfy { $0 == $1 }, "\(count) keys")
        }
    }

    /// The simulation orders each prefix's routes in scratch space kept from prefix to
    /// prefix: over 3,000 groups of 1-40 routes, small and large, with ties up to ORIGIN,
    /// routes of one neighbour AS with different MEDs, and BGP identifiers known or not, each
    /// order is the one built afresh.
    func testPreferenceOrderInReusedScratchIsTheFreshOrder() {
        var random = SplitMix64(seed: 0x0DE5_1DE5)
        func draw(_ n: UInt64) -> UInt32 { UInt32(random.next() % n) }
        var ranked: [(Int, DecisionRank)] = [], out: [Int] = []
        var withMED = 0
        for group in 0..<3_000 {
            let count = group % 10 == 0 ? 17 + Int(draw(24)) : 1 + Int(draw(5))
            let ranks = (0..<count).map { n in
                var attributes = AttributeRank()
                attributes.localPref = draw(4) == 0 ? 200 : 100
                attributes.pathLength = 1 + draw(3)
                attributes.origin = draw(5) == 0 ? 2 : 0
                attributes.neighbourAS = 64_500 + draw(3)
                attributes.med = draw(2) == 0 ? draw(3) : 0
                return DecisionRank(attributes, neighbourAddress: IPAddress(ipv4: 0xB901_0F00 + UInt32(n)),
                                    bgpID: draw(3) == 0 ? nil : draw(1_000), pathID: draw(2))
            }
            let routes = (0..<count).map { 10 * $0 + group }
            let rank = { (route: Int) in ranks[(route - group) / 10] }
            let fresh = DecisionProcess.preferenceOrder(routes, rank: rank)
            DecisionProcess.preferenceOrder(routes.lazy.map { $0 }, rank: rank, ranked: &ranked, into: &out)
            XCTAssertEqual(out, fresh, "group \(group)")
            XCTAssertEqual(Set(out), Set(routes), "group \(group): every route once")
            if DecisionProcess.needsMED(ranks.enumerated().map { ($0.offset, $0.element) }[...]) { withMED += 1 }
        }
        XCTAssertGreaterThan(withMED, 300, "many groups go through the MED step")
    }

    /// The intents are read in parts of the sets and given to the routes in halves, side by
    /// side: the ids are still those of interning each accepted route's intent in route order
    /// (a rejected route has none), and each used set's rank is the one read from the set.
    /// From no routes to 3,000 of 40 sessions, with sets shared by routes far apart, so that a
    /// part and a half of the routes meet intents the others also meet.
    func testIntentsAreNumberedAsOnePassOverTheRoutesWouldNumberThem() {
        let scheme = CommunityScheme.defaults(routeServerASN: ASN(8960))
        let control = ["0:8359", "0:174", "8960:8359", "0:8960", "8960:8960", "65535:0", "8960:6939", "0:6939"]
        var random = SplitMix64(seed: 0x1D_7E27)
        for routeCount in [0, 1, 3, 3_000] {
            var b = RIBBuilder()
            let sessions = (0..<40).map { b.session(64_500 + UInt32($0), "185.1.15.\(10 + $0)") }
            for n in 0..<routeCount {
                let tags = (0..<Int(random.next() % 3)).map { _ in control[Int(random.next() % UInt64(control.count))] }
                b.route(sessions[Int(random.next() % 40)], "10.\(n / 256).\(n % 256).0/24", path: [64_500, 174 + UInt32(random.next() % 4)],
                        communities: tags.joined(separator: " "), med: UInt32(random.next() % 3))
            }
            let rib = b.rib
            let rejected = Set(stride(from: 0, to: routeCount, by: 7))
            let result = ImportResult(reasons: (0..<routeCount).map { rejected.contains($0) ? [ImportReason(.defaultRoute, clause: "S4")] : [] })
            var simulator = Simulator(rib: rib, scheme: scheme, members: nil, importResult: result, implementation: .standard,
                                      controlCommunities: .strip)
            let accepted = (0..<routeCount).filter { !rejected.contains($0) }
            simulator.assignIntents(accepted: accepted)

            var intents: [CommunityIntent] = [], ids: [CommunityIntent: Int32] = [:]
            var expected = [Int32](repeating: -1, count: routeCount)
            for i in accepted {
                let set = b.attributes[Int(rib.routes[i].attributes)]
                let intent = CommunityIntent(communities: set.communities, largeCommunities: set.largeCommunities, scheme: scheme)
                if ids[intent] == nil {
                    ids[intent] = Int32(intents.count)
                    intents.append(intent)
                }
                expected[i] = ids[intent]!
                XCTAssertEqual(simulator.setRanks[Int(rib.routes[i].attributes)], AttributeRank(rib.attributes.ranking(of: rib.routes[i].attributes)))
            }
            XCTAssertEqual(simulator.routeIntent, expected, "\(routeCount) routes")
            XCTAssertEqual(simulator.intents, intents, "\(routeCount) routes")
            if routeCount == 3_000 { XCTAssertGreaterThan(intents.count, 20) }
        }
    }
}
