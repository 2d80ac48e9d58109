import BGP
import Foundation
import Job
@testable import RouteServer
import Routing
import XCTest

/// The indexes the import check reads the policy's lists through answer what the lists
/// themselves answer, and the check of stored sets read in place gives the reasons the same
/// rules give for the built sets.
final class ImportRuleIndexTests: XCTestCase {
    func testASNIndexAnswersAsTheRanges() throws {
        let smarthub = try Presets.load("smarthub-ix")
        // Overlapping, nested, adjacent and single-ASN ranges, out of order.
        let handMade = ASNRangeRule(clause: "T", ranges: [10...20, 12...14, 30...30, 15...40, 100...100, 101...200,
                                                          4_294_967_295...4_294_967_295, 0...0])
        for rule in [handMade, try XCTUnwrap(smarthub.bogonASN), try XCTUnwrap(smarthub.transitFreeASN)] {
            let index = ASNRangeIndex(rule)
            var probes: [UInt32] = [0, 1, .max - 1, .max]
            for range in rule.ranges {
                for edge in [range.lowerBound, range.upperBound] { probes += [edge &- 1, edge, edge &+ 1] }
            }
            probes += (0..<20_000).map { UInt32(truncatingIfNeeded: UInt64($0) &* 2_654_435_761 &* 40_503) }
            for asn in probes.map({ ASN(rawValue: $0) }) {
                XCTAssertEqual(index.contains(asn), rule.contains(asn), "AS\(asn) in \(rule.ranges)")
            }
        }
        XCTAssertTrue(ASNRangeIndex(handMade).contains(ASN(35)), "inside 15-40, though 30-30 starts later")
        XCTAssertFalse(ASNRangeIndex(handMade).contains(ASN(41)))
    }

    func testBogonIndexFindsTheRangeTheListFinds() throws {
        let listed = try XCTUnwrap(try Presets.load("smarthub-ix").bogonPrefix)
        // A list whose ranges nest: the first in list order is the answer, as the rule says.
        let nested = BogonPrefixRule(clause: "T", ranges: ["10.1.0.0/16", "10.0.0.0/8", "0.0.0.0/0", "2001:db8::/32", "::/0"].map { Prefix($0)! })
        for rule in [listed, nested] {
            let index = BogonPrefixIndex(rule)
            var probes: [Prefix] = []
            for range in rule.ranges {
                let address = range.address, family = range.family
                for length in 0...family.maxPrefixLength { probes.append(Prefix(address: address, length: length)) }
                // The addresses beside the range: just below its start and just past its end.
                if family == .ipv4 {
                    let start = range.address.ipv4Value, size = UInt32(truncatingIfNeeded: (1 as UInt64) << (32 - Int(range.length)))
                    for value in [start &- 1, start &+ size &- 1, start &+ size] {
                        probes += [16, 24, 32].map { Prefix(address: IPAddress(ipv4: value), length: $0) }
                    }
                } else {
                    let below = IPAddress(ipv6High: address.high &- 1, low: address.low)
                    probes += [32, 48, 128].map { Prefix(address: below, length: $0) }
                }
            }
            for n in 0..<50_000 {
                let word = UInt64(n) &* 0x9E37_79B9_7F4A_7C15
                probes.append(Prefix(address: IPAddress(ipv4: UInt32(truncatingIfNeeded: word >> 32)), length: 8 + n % 25))
                probes.append(Prefix(address: IPAddress(ipv6High: word, low: 0), length: 16 + n % 33))
            }
            for prefix in probes {
                XCTAssertEqual(index.range(containing: prefix), rule.range(containing: prefix), "\(prefix)")
            }
        }
        XCTAssertEqual(BogonPrefixIndex(nested).range(containing: Prefix("10.1.2.0/24")!), Prefix("10.1.0.0/16"))
        XCTAssertEqual(BogonPrefixIndex(nested).range(containing: Prefix("10.2.0.0/16")!), Prefix("10.0.0.0/8"))
        XCTAssertEqual(BogonPrefixIndex(listed).range(containing: Prefix("192.168.1.0/24")!), Prefix("192.168.0.0/16"))
        XCTAssertNil(BogonPrefixIndex(listed).range(containing: Prefix("192.169.0.0/16")!))
    }

    /// A real RIS update file taken as a route server's day under smarthub-ix: every route's
    /// reasons from the check (sets read in place, lists indexed) are the prefix and attribute
    /// rules' reasons for the built set.
    func testStoredSetsGetTheReasonsOfTheBuiltOnes() throws {
        let corpus = ProcessInfo.processInfo.environment["IXAUDIT_CORPUS"]
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../shared/corpus").standardized.path
        let file = corpus + "/mrt/updates.20160811.1600.gz"
        guard FileManager.default.fileExists(atPath: file) else {
            throw XCTSkip("the real MRT corpus is not here: expected ../shared/corpus beside the project (or IXAUDIT_CORPUS)")
        }
        let reconstruction = Reconstruction()
        reconstruction.run([SourceInput(label: "rs", updateFiles: [file])])
        let rib = RouteServerRIB(rib: reconstruction.rib, source: "rs")
        var policy = try Presets.load("smarthub-ix")
        policy.maxPrefix = nil
        let checked = policy.check(rib).reasons
        XCTAssertGreaterThan(rib.routes.count, 10_000)
        var rules = Set<ImportRule>()
        for (i, route) in rib.routes.enumerated() {
            let built = policy.prefixReasons(route.prefix)
                + policy.attributeReasons(rib.attributes[route.attributes], family: route.prefix.family,
                                          session: rib.sessions[Int(route.session)])
            XCTAssertEqual(checked[i], built, "route \(i) \(route.prefix)")
            rules.formUnion(built.map(\.problem.rule))
        }
        // The day exercises the rules that read the path and the next hop, not only accepts.
        XCTAssertTrue(rules.isSuperset(of: [.transitFreeASN, .nextHop, .prefixTooLong]), "\(rules)")
        XCTAssertGreaterThan(checked.filter(\.isEmpty).count, 0)
    }
}
