import BGP
import XCTest
@testable import Audit

/// traffic-unannounced, traffic-filtered and traffic-few-routes on the hand-worked day of
/// `TrafficDay` (its table lists who announces what to whom). Sampling rate 1 unless a test
/// says otherwise, so bytes are as written.
final class TrafficDefaultPointingTests: XCTestCase {
    var day: TrafficDay!
    let a = TrafficDay.macA, b = TrafficDay.macB, c = TrafficDay.macC, d = TrafficDay.macD

    override func setUpWithError() throws { day = try TrafficDay() }
    override func tearDown() { day = nil }

    func pair(_ result: TrafficResult, _ sender: ASN, _ receiver: ASN) -> TrafficPair? {
        result.pairs.first { $0.sender == sender && $0.receiver == receiver }
    }

    // MARK: traffic-unannounced

    func testUnannouncedAtExactlyBothThresholdsIsFound() throws {
        // A to B: 99 x 1000 bytes to 82.30.1.1 (B's 82.30/16) and 10 x 100 bytes to 99.1.1.1,
        // which nobody announced. 1000 of 100,000 bytes is exactly 1%, in exactly 10 samples.
        var lines = TrafficLines()
        lines.add(99, a, b, from: "81.21.0.9", to: "82.30.1.1", bytes: 1000)
        lines.add(10, a, b, from: "81.21.0.9", to: "99.1.1.1", bytes: 100, time: 1500)
        let (result, issues) = try day.run(lines.lines)
        XCTAssertEqual(issues, [])
        let finding = try XCTUnwrap(result.findings(.trafficUnannounced).first)
        XCTAssertEqual(result.findings(.trafficUnannounced).count, 1)
        XCTAssertEqual(finding.member, day.a)
        XCTAssertEqual(finding.memberName, "Alpha")
        XCTAssertEqual(finding.otherMember, day.b)
        XCTAssertEqual(finding.count, 10)
        XCTAssertEqual(finding.firstSeen, 1500)
        XCTAssertEqual(finding.lastSeen, 1500)
        let traffic = try XCTUnwrap(finding.traffic)
        XCTAssertEqual(traffic.bytes, 1000)
        XCTAssertEqual(traffic.packets, 10)
        XCTAssertEqual(traffic.shareOfMember, 0.01)
        XCTAssertEqual(traffic.top.map(\.address), ["99.1.1.0/24"])
        XCTAssertEqual(traffic.top.map(\.bytes), [1000])
        XCTAssertTrue(finding.evidence.contains("1.0% of its 100.00 kB to AS8359"), finding.evidence)
        XCTAssertTrue(finding.evidence.contains("99.1.1.0/24 1.00 kB (announced by no member)"), finding.evidence)
        XCTAssertEqual(pair(result, day.a, day.b)?.unannounced.bytes, 1000)
        XCTAssertEqual(pair(result, day.a, day.b)?.total.bytes, 100_000)
    }

    func testUnannouncedJustBelowEitherThresholdIsNotFound() throws {
        // 9 samples (900 of 99,900 bytes): one sample short. Then 10 samples but 1000 of
        // 101,000 bytes: 0.99%, just under 1%.
        var fewSamples = TrafficLines()
        fewSamples.add(99, a, b, from: "81.21.0.9", to: "82.30.1.1", bytes: 1000)
        fewSamples.add(9, a, b, from: "81.21.0.9", to: "99.1.1.1", bytes: 100)
        XCTAssertEqual(try day.run(fewSamples.lines).result.findings(.trafficUnannounced), [])
        var smallShare = TrafficLines()
        smallShare.add(100, a, b, from: "81.21.0.9", to: "82.30.1.1", bytes: 1000)
        smallShare.add(10, a, b, from: "81.21.0.9", to: "99.1.1.1", bytes: 100)
        let (result, _) = try day.run(smallShare.lines)
        XCTAssertEqual(result.findings(.trafficUnannounced), [])
        XCTAssertEqual(pair(result, day.a, day.b)?.unannounced.samples, 10, "counted in the matrix all the same")
    }

    func testTheTopDestinationNamesWhoElseAnnouncesIt() throws {
        // A sends B traffic for C's 85.31/16: B never announced it, C did.
        var lines = TrafficLines()
        lines.add(10, a, b, from: "81.21.0.9", to: "85.31.4.4", bytes: 100)
        let finding = try XCTUnwrap(try day.run(lines.lines).result.findings(.trafficUnannounced).first)
        XCTAssertEqual(finding.traffic?.top.map(\.address), ["85.31.0.0/16"])
        XCTAssertTrue(finding.evidence.contains("85.31.0.0/16 1.00 kB (announced by AS8447)"), finding.evidence)
    }

    func testDestinationsUnderAnyPrefixTheReceiverAnnouncedAreNotUnannounced() throws {
        // 82.30.128.5: B's /24 (kept from A) under B's open /16. 89.30.0.9: B's /25, rejected by
        // the route server (too long) but announced. 87.30.1.1: announced to the collector
        // only. 88.30.1.1: announced, then withdrawn at t=2000. None is unannounced; none is
        // filtered either (the /16 reaches A; the others are on no route server at the end).
        var lines = TrafficLines()
        for destination in ["82.30.128.5", "89.30.0.9", "87.30.1.1", "88.30.1.1"] {
            lines.add(20, a, b, from: "81.21.0.9", to: destination, bytes: 100)
        }
        let (result, _) = try day.run(lines.lines)
        XCTAssertEqual(pair(result, day.a, day.b)?.total.samples, 80)
        XCTAssertEqual(pair(result, day.a, day.b)?.unannounced.samples, 0)
        XCTAssertEqual(pair(result, day.a, day.b)?.filtered.samples, 0)
        XCTAssertEqual(result.findings.filter { $0.category == .defaultPointing }, [])
    }

    // MARK: traffic-filtered

    func testFilteredWhenTheCommunitiesKeepEveryCoveringRouteFromTheSender() throws {
        // A to B: 10 x 100 bytes to 83.30.1.1 (B's 83.30/16 carries 0:3216: not to A) and
        // 99 x 1000 to 82.30.1.1: 1% in 10 samples.
        var lines = TrafficLines()
        lines.add(99, a, b, from: "81.21.0.9", to: "82.30.1.1", bytes: 1000)
        lines.add(10, a, b, from: "81.21.0.9", to: "83.30.1.1", bytes: 100)
        let (result, _) = try day.run(lines.lines)
        let finding = try XCTUnwrap(result.findings(.trafficFiltered).first)
        XCTAssertEqual(finding.member, day.a)
        XCTAssertEqual(finding.otherMember, day.b)
        XCTAssertEqual(finding.count, 10)
        XCTAssertEqual(finding.traffic?.top.map(\.address), ["83.30.0.0/16"])
        XCTAssertEqual(finding.traffic?.bytes, 1000)
        XCTAssertEqual(result.findings(.trafficUnannounced), [])
    }

    func testARestrictiveRouteIsFilteredForTheOthersButNotForItsListedReceiver() throws {
        // B's 84.30/16 carries 0:8960 8960:8447: only C gets it. A sending there is filtered;
        // C sending there is not.
        var lines = TrafficLines()
        lines.add(10, a, b, from: "81.21.0.9", to: "84.30.1.1", bytes: 100)
        lines.add(10, c, b, from: "85.31.0.9", to: "84.30.1.1", bytes: 100)
        let (result, _) = try day.run(lines.lines)
        XCTAssertEqual(result.findings(.trafficFiltered).map(\.member), [day.a])
        XCTAssertEqual(pair(result, day.c, day.b)?.filtered.samples, 0)
    }

    func testASenderOffTheRouteServersIsNotJudgedForFiltering() throws {
        // D has no route-server session: it could not have received 83.30/16 there anyway.
        var lines = TrafficLines()
        lines.add(20, d, b, from: "86.32.0.9", to: "83.30.1.1", bytes: 100)
        let (result, _) = try day.run(lines.lines)
        XCTAssertEqual(result.findings(.trafficFiltered), [])
        XCTAssertEqual(pair(result, day.d, day.b)?.filtered.samples, 0)
    }

    func testWithoutTheSimulationNothingIsFilteredOrFewRoutes() throws {
        var lines = TrafficLines()
        lines.add(20, a, b, from: "81.21.0.9", to: "83.30.1.1", bytes: 100)
        lines.add(20, d, b, from: "86.32.0.9", to: "82.30.1.1", bytes: 100)
        let (result, _) = try day.run(lines.lines, simulated: false)
        XCTAssertEqual(result.findings(.trafficFiltered), [])
        XCTAssertEqual(result.findings(.trafficFewRoutes), [])
    }

    // MARK: traffic-few-routes

    /// A and C exchange 495,000 bytes each way; D sends C `deltaBytes` in 10 samples.
    func fewRoutesDay(deltaBytes: Int) -> [String] {
        var lines = TrafficLines()
        lines.add(99, a, c, from: "81.21.0.9", to: "85.31.1.1", bytes: 5000)
        lines.add(99, c, a, from: "85.31.1.1", to: "81.21.0.9", bytes: 5000)
        lines.add(10, d, c, from: "86.32.0.9", to: "85.31.1.1", bytes: deltaBytes / 10)
        return lines.lines
    }

    func testFewRoutesWhenAMemberSendsOnePercentAndGetsNoRoutes() throws {
        // Total 990,000 + 10,000 = 1,000,000: D sends exactly 1% and receives nothing from the
        // route servers (no session). A (49.5%) gets 2 of rs1's 7 prefixes (28.6%), C 5 of 7.
        let (result, _) = try day.run(fewRoutesDay(deltaBytes: 10_000))
        let findings = result.findings(.trafficFewRoutes)
        XCTAssertEqual(findings.map(\.member), [day.d])
        let finding = try XCTUnwrap(findings.first)
        XCTAssertEqual(finding.traffic?.bytes, 10_000)
        XCTAssertEqual(finding.traffic?.top.map(\.address), ["AS8447 Gamma"])
        XCTAssertTrue(finding.evidence.contains("1.0% of all member-to-member traffic seen"), finding.evidence)
        XCTAssertTrue(finding.evidence.contains("no routes from the route servers"), finding.evidence)
        let members = Dictionary(uniqueKeysWithValues: result.members.map { ($0.asn, $0.routesReceived) })
        XCTAssertEqual(members[day.a]?.routes, 2)
        XCTAssertEqual(members[day.a]?.prefixesCarried, 7)
        XCTAssertEqual(members[day.c]?.routes, 5)
        XCTAssertEqual(members[day.d]?.routes, 0)
    }

    func testFewRoutesNotFoundJustUnderOnePercent() throws {
        // D sends 9,990 of 999,990 bytes: 0.999%.
        XCTAssertEqual(try day.run(fewRoutesDay(deltaBytes: 9_990)).result.findings(.trafficFewRoutes), [])
    }

    func testFewRoutesThresholdOnTheRoutesShareIsStrict() throws {
        // With fewRoutesShare at 2/7, A (exactly 2 of 7) is not "fewer than"; just above it, A is.
        var settings = TrafficSettings()
        settings.fewRoutesShare = 2.0 / 7.0
        XCTAssertEqual(try day.run(fewRoutesDay(deltaBytes: 10_000), settings: settings).result
            .findings(.trafficFewRoutes).map(\.member), [day.d])
        settings.fewRoutesShare = 2.0 / 7.0 + 1e-9
        XCTAssertEqual(try day.run(fewRoutesDay(deltaBytes: 10_000), settings: settings).result
            .findings(.trafficFewRoutes).map(\.member), [day.a, day.d])
    }
}
