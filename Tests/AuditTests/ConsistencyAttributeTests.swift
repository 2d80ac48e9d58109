@testable import Audit
import BGP
import MRT
import Routing
import XCTest

/// as-path-mismatch, prepend-mismatch, med-mismatch and community-mismatch: the same prefix
/// on A's rs1 and rs2 sessions with one attribute changed on rs2. Each differing prefix is a
/// route of the member's one finding of the check, its detail the value on each session.
final class ConsistencyAttributeTests: XCTestCase {
    typealias Day = ConsistencyDay
    let a = Day.a
    let prefix = "193.0.0.0/21"

    /// The warning findings when rs1 has `rs1` and rs2 has `rs2` for A's prefix.
    func mismatches(_ rs1: PathAttributes, _ rs2: PathAttributes) throws -> [Finding] {
        var day = Day()
        day.rib("rs1", a, prefix, rs1)
        day.rib("rs2", a, prefix, rs2)
        return try day.run().findings.filter { $0.severity >= .warning }
    }

    func testADifferentPathIsAnASPathMismatch() throws {
        // rs1: 3216 174 64500, rs2: 3216 3356 64500: other paths, not a matter of prepending.
        let findings = try mismatches(Day.attributes([3216, 174, 64500], nextHop: "185.1.15.21"),
                                      Day.attributes([3216, 3356, 64500], nextHop: "185.1.15.21"))
        XCTAssertEqual(findings.map(\.check), [.asPathMismatch])
        XCTAssertEqual(findings.first?.prefix, Prefix(prefix))
        XCTAssertEqual(findings.first?.source, "rs1;rs2")
        XCTAssertEqual(findings.first?.routes.map(\.source), ["rs1 185.1.15.21;rs2 185.1.15.21"])
        XCTAssertEqual(findings.first?.evidence, "1 prefix (193.0.0.0/21) with different AS paths on the member's sessions; "
            + "193.0.0.0/21: rs1 185.1.15.21: 3216 174 64500; rs2 185.1.15.21: 3216 3356 64500")
    }

    func testMorePrependsIsAPrependMismatch() throws {
        // rs1: 3216 64500, rs2: 3216 3216 3216 64500: collapsed both are 3216 64500.
        let findings = try mismatches(Day.attributes([3216, 64500], nextHop: "185.1.15.21"),
                                      Day.attributes([3216, 3216, 3216, 64500], nextHop: "185.1.15.21"))
        XCTAssertEqual(findings.map(\.check), [.prependMismatch])
        XCTAssertEqual(findings.first?.routes.map(\.detail), ["rs1 185.1.15.21: 3216 64500; rs2 185.1.15.21: 3216 3216 3216 64500"])
    }

    func testAnotherNextHopAloneIsNoMismatch() throws {
        // Near miss: the same path and communities, next hop .21 on rs1 and .121 (A's other
        // router) on rs2.
        let findings = try mismatches(Day.attributes([3216, 64500], nextHop: "185.1.15.21", communities: "8960:8960"),
                                      Day.attributes([3216, 64500], nextHop: "185.1.15.121", communities: "8960:8960"))
        XCTAssertTrue(findings.isEmpty, "\(findings.map(\.evidence))")
    }

    func testADifferentMEDIsAMEDMismatch() throws {
        // rs1: MED 10, rs2: no MED.
        let findings = try mismatches(Day.attributes([3216], nextHop: "185.1.15.21", med: 10),
                                      Day.attributes([3216], nextHop: "185.1.15.21"))
        XCTAssertEqual(findings.map(\.check), [.medMismatch])
        XCTAssertEqual(findings.first?.routes.map(\.detail), ["rs1 185.1.15.21: MED 10; rs2 185.1.15.21: no MED"])
    }

    func testDifferentCommunitiesAreACommunityMismatch() throws {
        // rs1: open (8960:8960) and an informational 3216:100; rs2: restrictive 0:8960 and a
        // large community 8960:1:8359.
        let findings = try mismatches(Day.attributes([3216], nextHop: "185.1.15.21", communities: "8960:8960 3216:100"),
                                      Day.attributes([3216], nextHop: "185.1.15.21", communities: "0:8960 8960:1:8359"))
        XCTAssertEqual(findings.map(\.check), [.communityMismatch])
        XCTAssertEqual(findings.first?.routes.map(\.detail), ["rs1 185.1.15.21: 3216:100 8960:8960; rs2 185.1.15.21: 0:8960 8960:1:8359"])
    }

    func testTheSameCommunitiesInAnotherOrderAreNoMismatch() throws {
        // Near miss: {8960:8960, 3216:100} on both, written in the other order on rs2.
        let findings = try mismatches(Day.attributes([3216], nextHop: "185.1.15.21", communities: "8960:8960 3216:100"),
                                      Day.attributes([3216], nextHop: "185.1.15.21", communities: "3216:100 8960:8960"))
        XCTAssertTrue(findings.isEmpty, "\(findings.map(\.evidence))")
    }

    func testOtherSourcesAreComparedToo() throws {
        // A at the collector ams-ix with MED 50, on rs1 with none: a med-mismatch across them.
        var day = Day()
        day.rib("rs1", a, prefix, Day.attributes([3216], nextHop: "185.1.15.21"))
        day.rib("ams-ix", a, prefix, Day.attributes([3216], nextHop: "185.1.15.21", med: 50))
        let findings = try day.run().findings.filter { $0.severity >= .warning }
        XCTAssertEqual(findings.map(\.check), [.medMismatch])
        XCTAssertEqual(findings.first?.routes.map(\.detail), ["ams-ix 185.1.15.21: MED 50; rs1 185.1.15.21: no MED"])
    }

    func testTwoPrefixesWithOtherPathsAreOneFindingWithTwoRoutes() throws {
        // A sends 193.0.0.0/21 and 193.0.8.0/23 via 174 to rs1 and via 3356 to rs2. Expected:
        // one as-path-mismatch finding for A, count 2, prefix the smaller, two routes.
        var day = Day()
        for p in [prefix, "193.0.8.0/23"] {
            day.rib("rs1", a, p, Day.attributes([3216, 174, 64500], nextHop: "185.1.15.21"))
            day.rib("rs2", a, p, Day.attributes([3216, 3356, 64500], nextHop: "185.1.15.21"))
        }
        let findings = try day.run().findings.filter { $0.check == .asPathMismatch }
        XCTAssertEqual(findings.count, 1)
        XCTAssertEqual(findings.first?.count, 2)
        XCTAssertEqual(findings.first?.prefix, Prefix(prefix))
        XCTAssertEqual(findings.first?.routes.map(\.prefix), [Prefix(prefix)!, Prefix("193.0.8.0/23")!])
        XCTAssertTrue(findings.first?.evidence.hasPrefix("2 prefixes (193.0.0.0/21, 193.0.8.0/23)") ?? false, findings.first?.evidence ?? "")
    }

    func testPrependsCollapse() {
        // 3216 3216 64500 64500 64501 -> 3216 64500 64501.
        let path = ASPath(sequence: [3216, 3216, 64500, 64500, 64501])
        XCTAssertEqual(AttributeSignature.collapse(path), ASPath(sequence: [3216, 64500, 64501]))
    }
}
