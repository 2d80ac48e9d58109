import BGP
import XCTest
@testable import Audit

/// Bilateral BGP sessions seen in the flows, their effect on traffic-unannounced and
/// traffic-filtered, and the potential-peers table, on the hand-worked day of `TrafficDay`
/// (A .21, B .30, C .31, D .32 without route-server session; rs1 at .8).
final class TrafficBilateralTests: XCTestCase {
    var day: TrafficDay!

    override func setUpWithError() throws { day = try TrafficDay() }
    override func tearDown() { day = nil }

    /// An `sflowtool -l` FLOW line (fields as in FlowPortTests): agent 185.1.15.250, ports
    /// 11 -> 12, IPv4, VLAN 100, ToS 0, TTL 64, flags 0x10, IP size = frame - 18, 1:1.
    func flow(_ sourceMAC: String, _ destinationMAC: String, _ source: String, _ destination: String,
              protocol number: Int = 6, ports: (Int, Int) = (443, 51000), bytes: Int = 1000) -> String {
        let mac = { (text: String) in text.replacingOccurrences(of: ":", with: "") }
        return "FLOW,185.1.15.250,11,12,\(mac(sourceMAC)),\(mac(destinationMAC)),0x0800,100,100,\(source),\(destination),"
            + "\(number),0x00,64,\(ports.0),\(ports.1),0x10,\(bytes),\(bytes - 18),1"
    }

    /// A to B: 99 x 1000 bytes to B's 82.30.1.1 and 10 x 100 bytes to 99.1.1.1, which nobody
    /// announced: 1% in 10 samples, a traffic-unannounced error on its own (TrafficDefaultPointingTests).
    func unannounced() -> [String] {
        let a = TrafficDay.macA, b = TrafficDay.macB
        return Array(repeating: flow(a, b, "81.21.0.9", "82.30.1.1"), count: 99)
            + Array(repeating: flow(a, b, "81.21.0.9", "99.1.1.1", bytes: 100), count: 10)
    }

    func run(_ lines: [String], simulated: Bool = true) throws -> TrafficResult {
        let path = try day.flowFile("flows-\(UUID().uuidString).txt", lines.joined(separator: "\n") + "\n")
        var issues: [String] = []
        let result = TrafficAnalysis.run(day.inputs(flows: [path], simulated: simulated)) { issues.append($0) }
        XCTAssertEqual(issues, [])
        return result
    }

    func testABilateralSessionMakesUnannouncedTrafficANoticeThatSaysSo() throws {
        // Two BGP packets between A (.21) and B (.30): A's to B's port 179, B's answer from 179.
        // Expected: one session AS3216-AS8359 with 2 samples; the traffic-unannounced finding
        // of A to B stays, as a notice whose evidence names the session.
        let a = TrafficDay.macA, b = TrafficDay.macB
        let result = try run(unannounced() + [
            flow(a, b, "185.1.15.21", "185.1.15.30", ports: (40123, 179), bytes: 97),
            flow(b, a, "185.1.15.30", "185.1.15.21", ports: (179, 40123), bytes: 85),
        ])
        XCTAssertEqual(result.bilateralSessions, [BilateralSession(first: day.a, second: day.b, firstAddress: IPAddress("185.1.15.21")!,
                                                                   secondAddress: IPAddress("185.1.15.30")!, samples: 2)])
        let finding = try XCTUnwrap(result.findings(.trafficUnannounced).first)
        XCTAssertEqual(finding.severity, .notice)
        XCTAssertEqual(finding.count, 10)
        XCTAssertTrue(finding.evidence.contains("but AS3216 and AS8359 have a bilateral BGP session (2 sampled TCP port 179 packets "
            + "between 185.1.15.21 (AS3216) and 185.1.15.30 (AS8359)): AS8359 may announce these destinations to AS3216"),
                      finding.evidence)
        XCTAssertEqual(result.ixInternal.samples, 2, "BGP packets are still IX-internal traffic")
    }

    func testNoSessionFromOtherTrafficOnTheLANOrTheRouteServer() throws {
        // Near misses: TCP port 80 and UDP port 179 between A's and B's LAN addresses, and A's
        // BGP session with rs1 (185.1.15.8, a MAC no member has; and with B's MAC, as a
        // misattributed frame would have it). Expected: no session; the finding stays an error.
        let a = TrafficDay.macA, b = TrafficDay.macB
        let result = try run(unannounced() + [
            flow(a, b, "185.1.15.21", "185.1.15.30", ports: (40123, 80)),
            flow(a, b, "185.1.15.21", "185.1.15.30", protocol: 17, ports: (40123, 179)),
            flow(a, TrafficDay.macUnknown, "185.1.15.21", "185.1.15.8", ports: (40123, 179)),
            flow(a, b, "185.1.15.21", "185.1.15.8", ports: (40123, 179)),
        ])
        XCTAssertEqual(result.bilateralSessions, [])
        XCTAssertEqual(result.findings(.trafficUnannounced).map(\.severity), [.error])
    }

    func testPotentialPeers() throws {
        // Best mode on rs1 (TrafficDay): A gets B's and C's routes, B gets A's and C's, C gets
        // A's and B's, D (no route-server session) nothing and gives nothing. Traffic: A to B
        // 1000 B, A to C 1000 B, C to D 500 B (to D's 86.32/16), D to A 300 B, and one BGP
        // packet A to D. Expected rows, by member ASN then bytes: A (3216) with D: received 300,
        // session seen; D (8342) with C: received 500, then with A: sent 300, session seen;
        // C (8447) with D: sent 500. A-B and A-C are no rows: routes flow both ways.
        let a = TrafficDay.macA, b = TrafficDay.macB, c = TrafficDay.macC, d = TrafficDay.macD
        let result = try run([
            flow(a, b, "81.21.0.9", "82.30.1.1"), flow(a, c, "81.21.0.9", "85.31.1.1"),
            flow(c, d, "85.31.0.9", "86.32.1.1", bytes: 500), flow(d, a, "86.32.0.9", "81.21.1.1", bytes: 300),
            flow(a, d, "185.1.15.21", "185.1.15.32", ports: (179, 50000), bytes: 97),
        ])
        let rows = try XCTUnwrap(result.potentialPeers)
        XCTAssertEqual(rows.map { "\($0.member)-\($0.peer)" }, ["3216-8342", "8342-8447", "8342-3216", "8447-8342"])
        XCTAssertEqual(rows.map(\.sent.bytes), [0, 0, 300, 500])
        XCTAssertEqual(rows.map(\.received.bytes), [300, 500, 0, 0])
        XCTAssertEqual(rows.map(\.routesToPeer), [0, 0, 0, 0])
        XCTAssertEqual(rows.map(\.bilateralSamples), [1, 0, 1, 0])
    }

    func testPotentialPeersNeedTheSimulation() throws {
        // Without the route-server simulation nobody knows who receives whose routes: not
        // computed (nil), never an empty table.
        let result = try run([flow(TrafficDay.macA, TrafficDay.macB, "81.21.0.9", "82.30.1.1")], simulated: false)
        XCTAssertNil(result.potentialPeers)
        XCTAssertEqual(result.pairs.count, 1)
    }
}
