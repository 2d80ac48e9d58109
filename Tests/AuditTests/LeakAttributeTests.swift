@testable import Audit
import BGP
import XCTest

/// The leak checks that read the attributes: transit-free-asn, bogon-asn, as-path-too-long
/// (the smarthub-ix policy's rules), as-set and otc-leak.
final class LeakAttributeTests: XCTestCase {
    let a = LeakDay.a

    func attributes(_ path: [UInt32], otc: UInt32? = nil) -> PathAttributes {
        LeakDay.attributes(path, nextHop: "185.1.15.21", otc: otc)
    }

    func testATransitFreeNetworkBehindTheMemberIsOneFindingPerMemberAndASN() throws {
        // A sends two prefixes through AS174 (Cogent, on the policy's list) and one without (the
        // near miss): one finding for (A, AS174), count 2, prefix the first, clause S6.
        var day = LeakDay()
        day.rib(a, "193.0.8.0/23", attributes([3216, 174, 3333]))
        day.rib(a, "193.0.0.0/21", attributes([3216, 174, 3333]))
        day.rib(a, "194.0.0.0/16", attributes([3216, 3333]))
        let findings = LeakDay.findings(LeakAnalysis.run(try day.inputs()), .transitFreeASN)
        XCTAssertEqual(findings.count, 1)
        let finding = try XCTUnwrap(findings.first)
        XCTAssertEqual(finding.prefix, Prefix("193.0.0.0/21"))
        XCTAssertEqual(finding.count, 2)
        XCTAssertEqual(finding.clause, "S6")
        XCTAssertTrue(finding.evidence.contains("AS174"), finding.evidence)
        XCTAssertTrue(finding.evidence.contains("AS path 3216 174 3333"), finding.evidence)
    }

    func testABogonASNInThePath() throws {
        // AS64512 is private (RFC 6996): one finding for (A, AS64512); the clean path is a near miss.
        var day = LeakDay()
        day.rib(a, "193.0.0.0/21", attributes([3216, 64512, 3333]))
        day.rib(a, "194.0.0.0/16", attributes([3216, 3333]))
        let findings = LeakDay.findings(LeakAnalysis.run(try day.inputs()), .bogonASN)
        XCTAssertEqual(findings.map(\.prefix), [Prefix("193.0.0.0/21")])
        XCTAssertEqual(findings.first?.clause, "S2")
    }

    func testAPathLongerThanTheLimit() throws {
        // The limit is 64: 65 ASNs is too long, 64 is the near miss.
        var day = LeakDay()
        day.rib(a, "193.0.0.0/21", attributes([3216] + Array(repeating: 3333, count: 64)))
        day.rib(a, "194.0.0.0/16", attributes([3216] + Array(repeating: 3333, count: 63)))
        let findings = LeakDay.findings(LeakAnalysis.run(try day.inputs()), .asPathTooLong)
        XCTAssertEqual(findings.map(\.prefix), [Prefix("193.0.0.0/21")])
        XCTAssertTrue(findings.first?.evidence.contains("65") ?? false)
    }

    func testAnASSetInThePath() throws {
        // 3216 {3333,13335}: an AS_SET; the plain sequence is the near miss.
        var day = LeakDay()
        day.rib(a, "193.0.0.0/21", LeakDay.attributes(segments: [ASPath.Segment(.sequence, [ASN(3216)]),
                                                                 ASPath.Segment(.set, [ASN(3333), ASN(13335)])],
                                                      nextHop: "185.1.15.21"))
        day.rib(a, "194.0.0.0/16", attributes([3216, 3333]))
        let findings = LeakDay.findings(LeakAnalysis.run(try day.inputs()), .asSet)
        XCTAssertEqual(findings.map(\.prefix), [Prefix("193.0.0.0/21")])
        XCTAssertTrue(findings.first?.evidence.contains("{3333,13335}") ?? false, findings.first?.evidence ?? "")
    }

    func testTwoDifferentASSetsAreOneFindingOfTheMember() throws {
        // 3216 {3333,13335} and 3216 {64496,64497}: one as-set finding, count 2, each route's
        // AS path naming its own set.
        var day = LeakDay()
        for (prefix, set) in [("193.0.0.0/21", [UInt32(3333), 13335]), ("194.0.0.0/16", [64496, 64497])] {
            day.rib(a, prefix, LeakDay.attributes(segments: [ASPath.Segment(.sequence, [ASN(3216)]), ASPath.Segment(.set, set.map { ASN($0) })],
                                                  nextHop: "185.1.15.21"))
        }
        let findings = LeakDay.findings(LeakAnalysis.run(try day.inputs()), .asSet)
        XCTAssertEqual(findings.count, 1)
        XCTAssertEqual(findings.first?.count, 2)
        XCTAssertEqual(findings.first?.routes.map(\.detail), ["AS path 3216 {3333,13335}; present at the end of the day",
                                                            "AS path 3216 {64496,64497}; present at the end of the day"])
    }

    func testOnlyToCustomerOnARouteServerSessionIsALeak() throws {
        // RFC 9234: a route-server client sends no route with OTC at all, even OTC of its own ASN.
        var day = LeakDay()
        day.rib(a, "193.0.0.0/21", attributes([3216, 3333], otc: 3216))
        day.rib(a, "194.0.0.0/16", attributes([3216, 3333]))
        let findings = LeakDay.findings(LeakAnalysis.run(try day.inputs()), .otcLeak)
        XCTAssertEqual(findings.map(\.prefix), [Prefix("193.0.0.0/21")])
    }

    func testOnAPeerSessionOnlyOTCOfAnotherASNIsALeak() throws {
        // A collector's bilateral view: OTC 3216 from AS3216 is the near miss; OTC 8359 is a leak.
        var day = LeakDay()
        day.rib(a, "193.0.0.0/21", attributes([3216, 3333], otc: 8359), on: "collector")
        day.rib(a, "194.0.0.0/16", attributes([3216, 3333], otc: 3216), on: "collector")
        let findings = LeakDay.findings(LeakAnalysis.run(try day.inputs()), .otcLeak)
        XCTAssertEqual(findings.map(\.prefix), [Prefix("193.0.0.0/21")])
        XCTAssertEqual(findings.first?.source, "collector")
    }

    func testAnAttributeSetNoRouteKeptIsStillChecked() throws {
        // A announces 193.0.0.0/21 through AS174 at +600 and replaces it with a clean path at
        // +1200: the route's last attributes are clean, the day's updates still carried the leak.
        var day = LeakDay()
        day.session(a)
        day.announce(after: 600, a, ["193.0.0.0/21"], attributes([3216, 174, 3333]))
        day.announce(after: 1200, a, ["193.0.0.0/21"], attributes([3216, 3333]))
        let finding = try XCTUnwrap(LeakDay.findings(LeakAnalysis.run(try day.inputs()), .transitFreeASN).first)
        XCTAssertNil(finding.prefix, "no route keeps the attribute set")
        XCTAssertEqual(finding.count, 1)
        XCTAssertTrue(finding.evidence.contains("no route kept"), finding.evidence)
    }
}
