import BGP
import Job
import MRT
import Routing
import XCTest
@testable import Audit

/// traffic-source-outside and traffic-ratio, and what is counted but never judged (IX-LAN
/// destinations, unknown MACs), on the day of `TrafficDay`.
final class TrafficTransitTests: XCTestCase {
    var day: TrafficDay!
    let a = TrafficDay.macA, b = TrafficDay.macB, c = TrafficDay.macC, d = TrafficDay.macD

    override func setUpWithError() throws { day = try TrafficDay() }
    override func tearDown() { day = nil }

    // MARK: traffic-source-outside

    func testSourcesOutsideWhatTheSenderAnnouncesAtTheThresholds() throws {
        // A sends B 99 x 1000 bytes from its own 81.21/16 and 10 x 100 bytes from 85.31.7.7,
        // C's address: 1000 of 100,000 bytes (1%) in 10 samples.
        var lines = TrafficLines()
        lines.add(99, a, b, from: "81.21.0.9", to: "82.30.1.1", bytes: 1000)
        lines.add(10, a, b, from: "85.31.7.7", to: "82.30.1.1", bytes: 100)
        let (result, _) = try day.run(lines.lines)
        let finding = try XCTUnwrap(result.findings(.trafficSourceOutside).first)
        XCTAssertEqual(result.findings(.trafficSourceOutside).count, 1)
        XCTAssertEqual(finding.member, day.a)
        XCTAssertNil(finding.otherMember)
        XCTAssertEqual(finding.count, 10)
        XCTAssertEqual(finding.traffic?.bytes, 1000)
        XCTAssertEqual(finding.traffic?.shareOfMember, 0.01)
        XCTAssertEqual(finding.traffic?.top.map(\.address), ["85.31.0.0/16"])
        XCTAssertTrue(finding.evidence.contains("85.31.0.0/16 1.00 kB (announced by AS8447)"), finding.evidence)
        XCTAssertEqual(result.members.first { $0.asn == day.a }?.sourceOutside.samples, 10)
    }

    func testSourcesInsideOrOnThePeeringLANAreNotOutside() throws {
        // From deep inside A's /16, and from A's own peering address (an ICMP reply from its
        // router's IX interface): neither is outside. One sample short of the threshold from
        // an outside source: not a finding.
        var lines = TrafficLines()
        lines.add(20, a, b, from: "81.21.255.254", to: "82.30.1.1", bytes: 100)
        lines.add(20, a, b, from: "185.1.15.21", to: "82.30.1.1", bytes: 100)
        lines.add(9, a, b, from: "99.9.9.9", to: "82.30.1.1", bytes: 1000)
        let (result, _) = try day.run(lines.lines)
        XCTAssertEqual(result.findings(.trafficSourceOutside), [])
        XCTAssertEqual(result.members.first { $0.asn == day.a }?.sourceOutside.samples, 9)
    }

    func testASourceAnnouncedOnlyToTheCollectorIsInside() throws {
        // D announces 86.32/16 to the collector only: still its own.
        var lines = TrafficLines()
        lines.add(20, d, b, from: "86.32.4.4", to: "82.30.1.1", bytes: 100)
        XCTAssertEqual(try day.run(lines.lines).result.findings(.trafficSourceOutside), [])
    }

    func testADefaultRouteCoversEveryDestinationAndSourceOfItsMember() throws {
        // C also announces 0.0.0.0/0 (rejected by rs1: shorter than /8, but announced). A
        // sending C traffic for 99.1.1.1 is not unannounced; C sending from 99.5.5.5 is not
        // outside; A sending B traffic for 99.1.1.1 still is unannounced, and the evidence
        // says the address is inside C's default route.
        day = try TrafficDay(extra: [("C", "0.0.0.0/0", "")])
        var lines = TrafficLines()
        lines.add(10, a, c, from: "81.21.0.9", to: "99.1.1.1", bytes: 100)
        lines.add(10, c, b, from: "99.5.5.5", to: "82.30.1.1", bytes: 100)
        lines.add(10, a, b, from: "81.21.0.9", to: "99.1.1.1", bytes: 100)
        let (result, _) = try day.run(lines.lines)
        XCTAssertEqual(result.findings(.trafficUnannounced).map(\.otherMember), [day.b])
        XCTAssertEqual(result.findings(.trafficSourceOutside), [])
        let evidence = try XCTUnwrap(result.findings(.trafficUnannounced).first?.evidence)
        XCTAssertTrue(evidence.contains("99.1.1.0/24 1.00 kB (inside 0.0.0.0/0 by AS8447)"), evidence)
    }

    // MARK: traffic-ratio

    func testRatioOverTwoToOneIsFoundAndExactlyTwoIsNot() throws {
        // A sends B 2001 bytes and gets 1000 back: over 2:1. At 2000 it is exactly 2:1: not over.
        var over = TrafficLines()
        over.add(1, a, b, from: "81.21.0.9", to: "82.30.1.1", bytes: 2001)
        over.add(1, b, a, from: "82.30.1.1", to: "81.21.0.9", bytes: 1000)
        let findings = try day.run(over.lines).result.findings(.trafficRatio)
        XCTAssertEqual(findings.map(\.member), [day.a])
        XCTAssertEqual(findings.first?.otherMember, day.b)
        XCTAssertEqual(findings.first?.traffic?.bytes, 2001)
        XCTAssertTrue(findings.first?.evidence.contains("2.0 times the 1.00 kB it received from AS8359") ?? false,
                      findings.first?.evidence ?? "")
        var exact = TrafficLines()
        exact.add(1, a, b, from: "81.21.0.9", to: "82.30.1.1", bytes: 2000)
        exact.add(1, b, a, from: "82.30.1.1", to: "81.21.0.9", bytes: 1000)
        XCTAssertEqual(try day.run(exact.lines).result.findings(.trafficRatio), [])
    }

    func testRatioNeedsThePairToCarryATenthOfAPercent() throws {
        // The A-B pair (2001 + 1000 bytes) beside 3,000,000 bytes each way between A and C:
        // 3001 of 6,003,001 bytes is 0.05%, under 0.1%. A-C is 1:1.
        var lines = TrafficLines()
        lines.add(1, a, b, from: "81.21.0.9", to: "82.30.1.1", bytes: 2001)
        lines.add(1, b, a, from: "82.30.1.1", to: "81.21.0.9", bytes: 1000)
        lines.add(1, a, c, from: "81.21.0.9", to: "85.31.1.1", bytes: 3_000_000)
        lines.add(1, c, a, from: "85.31.1.1", to: "81.21.0.9", bytes: 3_000_000)
        XCTAssertEqual(try day.run(lines.lines).result.findings(.trafficRatio), [])
    }

    // MARK: counted, not judged

    func testTrafficToThePeeringLANIsCountedAndNotJudged() throws {
        // BGP from A's router to B's peering address, and to the route server (whose MAC is
        // no member's): IX-internal, whatever the MACs or the source.
        var lines = TrafficLines()
        lines.add(20, a, b, from: "99.9.9.9", to: "185.1.15.30", bytes: 100)
        lines.add(5, a, TrafficDay.macUnknown, from: "185.1.15.21", to: "185.1.15.8", bytes: 100)
        lines.add(5, a, b, from: "2001:7f8:7a::3216:1", to: "2001:7f8:7a::8359:1", bytes: 100)
        let (result, _) = try day.run(lines.lines)
        XCTAssertEqual(result.ixInternal.samples, 30)
        XCTAssertEqual(result.ixInternal.bytes, 3000)
        XCTAssertEqual(result.total.samples, 0)
        XCTAssertEqual(result.findings, [])
    }

    func testWithoutTheIXFLANsThePeeringAddressesSubnetsAreIXInternal() throws {
        // An inline member list gives no LANs: the /24 and /64 of the members' and the route
        // server's addresses stand in. BGP from A to B's address is then IX-internal.
        var lines = TrafficLines()
        lines.add(20, a, b, from: "185.1.15.21", to: "185.1.15.30", bytes: 100)
        let path = try day.flowFile("lan.csv", ([TrafficDay.header] + lines.lines).joined(separator: "\n"))
        let result = TrafficAnalysis.run(day.inputs(flows: [path], peeringLANs: [])) { _ in }
        XCTAssertEqual(result.peeringLANs.map(\.description), ["185.1.15.0/24", "2001:7f8:7a::/64"])
        XCTAssertEqual(result.ixInternal.samples, 20)
        XCTAssertEqual(result.findings, [])
    }

    func testSamplesWithAnUnknownMACAreCountedByMAC() throws {
        // 5 from the unknown MAC to B, 3 from A to it, 2 from B to itself (two of its ports).
        var lines = TrafficLines()
        lines.add(5, TrafficDay.macUnknown, b, from: "99.9.9.9", to: "82.30.1.1", bytes: 100)
        lines.add(3, a, TrafficDay.macUnknown, from: "81.21.0.9", to: "99.9.9.9", bytes: 10)
        lines.add(2, b, b, from: "82.30.1.1", to: "82.30.2.2", bytes: 1)
        let (result, _) = try day.run(lines.lines)
        XCTAssertEqual(result.unattributed.samples, 8)
        XCTAssertEqual(result.sameMember.samples, 2)
        XCTAssertEqual(result.unknownMACs.count, 1)
        let unknown = try XCTUnwrap(result.unknownMACs.first)
        XCTAssertEqual(MACAddress(rawValue: unknown.mac).description, TrafficDay.macUnknown)
        XCTAssertEqual(unknown.asSource.samples, 5)
        XCTAssertEqual(unknown.asSource.bytes, 500)
        XCTAssertEqual(unknown.asDestination.samples, 3)
        XCTAssertEqual(result.samples, result.read.samples)
        XCTAssertEqual(result.findings, [])
    }

    func testTheSamplingRateScalesBytesAndPackets() throws {
        // 10 samples of 100 bytes, 1 packet, 1:1000: 1,000,000 bytes and 10,000 packets to an
        // unannounced destination.
        var lines = TrafficLines()
        lines.add(10, a, b, from: "81.21.0.9", to: "99.1.1.1", bytes: 100, rate: 1000)
        let finding = try XCTUnwrap(try day.run(lines.lines).result.findings(.trafficUnannounced).first)
        XCTAssertEqual(finding.traffic?.bytes, 1_000_000)
        XCTAssertEqual(finding.traffic?.packets, 10_000)
    }

    func testAnSflowtoolFileCompressedWithGzipRunsEndToEnd() throws {
        // sflowtool -l lines: 10 frames of 100 bytes at 1:1 from A to B for 99.1.1.1
        // (unannounced), a counter line, an ARP frame. A CSV file without the header is refused
        // when it is opened, before any sample is read.
        let flow = "FLOW,185.1.15.250,1,2,020000003216,020000008359,0x0800,0,0,81.21.0.9,99.1.1.1,6,0x00,60,1,2,0x10,100,86,1"
        let text = (Array(repeating: flow, count: 10) + [
            "CNTR,185.1.15.250,1,6,10000000000,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0",
            "FLOW,185.1.15.250,1,2,020000003216,ffffffffffff,0x0806,0,0,-,-,0,0x00,0,0,0,0x00,64,46,1",
        ]).joined(separator: "\n") + "\n"
        let path = try day.flowFile("flows.sflow.gz", text, compression: .gzip)
        let broken = try day.flowFile("broken.csv", "not,a,flow,file\n")
        XCTAssertThrowsError(try FlowReader(path: broken)) { error in
            XCTAssertTrue("\(error)".contains("broken.csv:1: not a flow file"), "\(error)")
        }
        var issues: [String] = []
        let result = TrafficAnalysis.run(day.inputs(flows: [path])) { issues.append($0) }
        XCTAssertEqual(result.findings(.trafficUnannounced).map(\.count), [10])
        XCTAssertEqual(result.read.files, 1)
        XCTAssertEqual(result.read.counterLines, 1)
        XCTAssertEqual(result.read.skipped, [.notIP: 1])
        XCTAssertEqual(result.read.samples, 10)
        XCTAssertEqual(issues, [])
    }

    func testThePairMatrixIsSortedBySenderThenReceiver() throws {
        var lines = TrafficLines()
        lines.add(1, c, a, from: "85.31.1.1", to: "81.21.0.9", bytes: 10)
        lines.add(2, b, a, from: "82.30.1.1", to: "81.21.0.9", bytes: 10)
        lines.add(3, a, b, from: "81.21.1.1", to: "83.30.0.1", bytes: 10)
        let result = try day.run(lines.lines).result
        // AS3216 < AS8359 < AS8447.
        XCTAssertEqual(result.pairs.map { "\($0.sender)>\($0.receiver)" }, ["3216>8359", "8359>3216", "8447>3216"])
        XCTAssertEqual(result.pairs.map(\.total.samples), [3, 2, 1])
        XCTAssertEqual(result.pairs.map(\.filtered.samples), [3, 0, 0])
    }
}
