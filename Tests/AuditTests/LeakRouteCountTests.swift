@testable import Audit
import BGP
import Job
import Routing
import XCTest

/// max-prefix and prefix-count-jump (P6) on the 5-minute route-count series.
final class LeakRouteCountTests: XCTestCase {
    let a = LeakDay.a
    let clean = LeakDay.attributes([3216, 3333], nextHop: "185.1.15.21")

    func prefixes(_ range: Range<Int>) -> [String] { range.map { "193.0.\($0).0/24" } }

    /// A with an IPv4 max-prefix of `limit` in the member list; B and C as usual.
    func members(limit: Int) -> [Member] {
        [Member(asn: ASN(3216), name: "Alpha", ipv4: [a.address], maxPrefixIPv4: limit)] + LeakDay.members.dropFirst()
    }

    func testThePeakOfTheDayOverTheLimit() throws {
        // Limit 3. A has 3 routes at the start, 5 from +900 to +1800, then 3 again: the peak (5)
        // is over the limit though the end of the day (3) is not. The policy's clause is S4.
        var day = LeakDay()
        for p in prefixes(0..<3) { day.rib(a, p, clean) }
        day.announce(after: 900, a, prefixes(3..<5), clean)
        day.withdraw(after: 1800, a, prefixes(3..<5))
        let findings = LeakDay.findings(LeakAnalysis.run(try day.inputs(members: members(limit: 3))), .maxPrefix)
        XCTAssertEqual(findings.count, 1)
        let finding = try XCTUnwrap(findings.first)
        XCTAssertEqual(finding.count, 5)
        XCTAssertEqual(finding.source, "rs1 185.1.15.21")
        XCTAssertEqual(finding.clause, "S4")
        XCTAssertEqual(finding.firstSeen, LeakDay.start + 900, "the 5-minute interval the count went over in")
        XCTAssertTrue(finding.evidence.contains("limit of 3"), finding.evidence)
        XCTAssertTrue(finding.evidence.contains("2026-11-21T00:15:00Z"), finding.evidence)
    }

    func testACountAtTheLimitIsNoFinding() throws {
        var day = LeakDay()
        for p in prefixes(0..<3) { day.rib(a, p, clean) }
        XCTAssertEqual(LeakDay.findings(LeakAnalysis.run(try day.inputs(members: members(limit: 3))), .maxPrefix).count, 0)
    }

    /// Jumps of at least max(4, half the highest count of the hour before).
    var smallJumps: AuditSettings {
        var settings = AuditSettings()
        settings.leaks.jumpMinimum = 4
        return settings
    }

    func testASuddenRiseIsAJump() throws {
        // 4 routes until +3600, then 10 in the interval from +3600: a rise of 6 over the highest
        // count of the hour before (4); the threshold is max(4, 0.5 x 4) = 4.
        var day = LeakDay()
        for p in prefixes(0..<4) { day.rib(a, p, clean) }
        day.announce(after: 3600, a, prefixes(4..<10), clean)
        let findings = LeakDay.findings(LeakAnalysis.run(try day.inputs(settings: smallJumps)), .prefixCountJump)
        XCTAssertEqual(findings.count, 1)
        let finding = try XCTUnwrap(findings.first)
        XCTAssertEqual(finding.count, 1)
        XCTAssertEqual(finding.firstSeen, LeakDay.start + 3600)
        XCTAssertTrue(finding.evidence.contains("rose from 4"), finding.evidence)
        XCTAssertTrue(finding.evidence.contains("to 10"), finding.evidence)
    }

    func testRoutesComingBackAfterAnOutageAreNoJump() throws {
        // 4 routes, all withdrawn at +600, back at +1200 with 2 more (6): the rise from 0 is 6,
        // but over the highest count of the hour before (4) only 2, under the threshold 4.
        var day = LeakDay()
        for p in prefixes(0..<4) { day.rib(a, p, clean) }
        day.withdraw(after: 600, a, prefixes(0..<4))
        day.announce(after: 1200, a, prefixes(0..<6), clean)
        XCTAssertEqual(LeakDay.findings(LeakAnalysis.run(try day.inputs(settings: smallJumps)), .prefixCountJump).count, 0)
    }

    func testTheHighestCountOfTheHourBeforeIsTheBaseline() throws {
        // Worked on samples directly, interval 300 s: counts 100 at 0, 40 at 300, 40 at 3900 (no
        // change in between), 160 at 4200. The hour before 4200 starts at 600: it holds the
        // sample at 3900 (40) and began with the count of 300 (40); 100 at 0 is older. Highest
        // before = 40.
        let samples = [(0, 100), (300, 40), (3900, 40), (4200, 160)].map { RouteCountChecks.Sample(time: UInt32($0.0), count: $0.1) }
        XCTAssertEqual(RouteCountChecks.highestBefore(3, samples, window: 3600)?.count, 40)
        XCTAssertEqual(RouteCountChecks.highestBefore(2, samples, window: 3600)?.count, 100, "the hour before 3900 began at 300, when the count of 0 (100) still held")
        XCTAssertNil(RouteCountChecks.highestBefore(0, samples, window: 3600))
    }
}
