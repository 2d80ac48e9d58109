import BGP
import XCTest
@testable import Audit

/// The IP protocol and ports of a sample (docs/flows.md): the optional CSV columns and
/// sflowtool's fields, and the bad values of both reported with file, line and reason.
final class FlowPortTests: XCTestCase {
    func read(_ text: String) throws -> (samples: [FlowSample], summary: FlowReadSummary, issues: [FlowIssue]) {
        let reader = try FlowReader(bytes: Array(text.utf8), name: "flows.txt")
        var samples: [FlowSample] = [], issues: [FlowIssue] = []
        var sample = FlowSample.blank
        while reader.next(into: &sample, onIssue: { issues.append($0) }) { samples.append(sample) }
        return (samples, reader.summary, issues)
    }

    func testSflowtoolBGPLinesFieldByField() throws {
        // Lines as sflowtool -l prints them (sflowtool.c writeFlowLine: "FLOW,%s,%d,%d," agent,
        // inputPort, outputPort; "%s,%s,0x%04x,%d,%d" srcMAC, dstMAC, ethernet type, in and out
        // VLAN; ",%s,%s,%d,0x%02x,%d,%d,%d,0x%02x" srcIP, dstIP, IP protocol, ToS, TTL, srcPort,
        // dstPort, TCP flags; ",%d,%d,%d" packet size, IP size, sampling rate). Line 1: agent
        // 185.1.15.250, ports 11 -> 12, A's router MAC 02:00:00:00:32:16 to B's 02:00:00:00:83:59,
        // IPv4 (0x0800), VLAN 100, 185.1.15.21 -> 185.1.15.30, protocol 6 (TCP), ToS 0xc0 (BGP
        // is sent as network control), TTL 255, source port 179, destination port 40123,
        // flags 0x18 (PSH ACK), a 97-byte frame, 79 bytes of IP, 1:16384. Line 2: B's answer,
        // its ephemeral port to 179, over IPv6 with every group in full. Line 3: UDP DNS, not BGP.
        // Line 4: ICMP (protocol 1), for which sflowtool prints ports 0.
        let text = """
        FLOW,185.1.15.250,11,12,020000003216,020000008359,0x0800,100,100,185.1.15.21,185.1.15.30,6,0xc0,255,179,40123,0x18,97,79,16384
        FLOW,185.1.15.250,12,11,020000008359,020000003216,0x86dd,100,100,2001:07f8:007a:0000:0000:0000:0000:0030,2001:07f8:007a:0000:0000:0000:0000:0021,6,0xc0,255,40124,179,0x10,86,72,16384
        FLOW,185.1.15.250,11,12,020000003216,020000008359,0x0800,100,100,81.21.0.9,82.30.1.1,17,0x00,63,53,53,0x00,90,72,16384
        FLOW,185.1.15.250,11,12,020000003216,020000008359,0x0800,100,100,81.21.0.9,82.30.1.1,1,0x00,63,0,0,0x00,98,84,16384
        """
        let (samples, summary, issues) = try read(text)
        XCTAssertEqual(issues, [])
        XCTAssertEqual(samples.map(\.ipProtocol), [6, 6, 17, 1])
        XCTAssertEqual(samples.map(\.sourcePort), [179, 40124, 53, 0])
        XCTAssertEqual(samples.map(\.destinationPort), [40123, 179, 53, 0])
        XCTAssertEqual(samples.map(\.isBGP), [true, true, false, false])
        XCTAssertEqual(samples[1].source, IPAddress("2001:7f8:7a::30"))
        XCTAssertEqual(samples[0].bytes, 97)
        XCTAssertEqual(summary.samples, 4)
    }

    func testCSVOptionalProtocolAndPortColumnsWithCRLF() throws {
        // The three optional columns, in another order than documented, lines ending in CRLF;
        // a file without them reads protocol and ports as 0 (never BGP).
        let text = "timestamp,src_mac,dst_mac,src_ip,dst_ip,dst_port,bytes,packets,sampling_rate,protocol,src_port\r\n"
            + "1795219201,02:00:00:00:32:16,02:00:00:00:83:59,185.1.15.21,185.1.15.30,179,97,1,16384,6,40123\r\n"
        let (samples, _, issues) = try read(text)
        XCTAssertEqual(issues, [])
        XCTAssertEqual(samples.map(\.ipProtocol), [6])
        XCTAssertEqual(samples.map(\.sourcePort), [40123])
        XCTAssertEqual(samples.map(\.destinationPort), [179])
        XCTAssertEqual(samples.map(\.isBGP), [true])
        let plain = try read("\(TrafficDay.header)\n1000,\(TrafficDay.macA),\(TrafficDay.macB),185.1.15.21,185.1.15.30,97,1,1\n")
        XCTAssertEqual(plain.samples.map(\.isBGP), [false])
        XCTAssertEqual(plain.samples.map(\.destinationPort), [0])
    }

    func testBadProtocolsAndPortsAreSkippedAndReported() throws {
        // Line 2 good; 3: port 65536 (over 16 bits); 4: protocol 256; 5: a port of 20 digits
        // (overflows 64 bits); 6: a port "bgp"; 7: the port column missing (too few fields).
        let text = """
        src_mac,dst_mac,src_ip,dst_ip,bytes,sampling_rate,protocol,src_port,dst_port
        020000003216,020000008359,185.1.15.21,185.1.15.30,97,1,6,179,40123
        020000003216,020000008359,185.1.15.21,185.1.15.30,97,1,6,179,65536
        020000003216,020000008359,185.1.15.21,185.1.15.30,97,1,256,179,40123
        020000003216,020000008359,185.1.15.21,185.1.15.30,97,1,6,179,18446744073709551616
        020000003216,020000008359,185.1.15.21,185.1.15.30,97,1,6,bgp,40123
        020000003216,020000008359,185.1.15.21,185.1.15.30,97,1,6,179
        """
        let (samples, summary, issues) = try read(text)
        XCTAssertEqual(samples.count, 2, "the line without dst_port still has every required column")
        XCTAssertEqual(samples.map(\.destinationPort), [40123, 0])
        XCTAssertEqual(summary.skipped, [.badProtocolOrPort: 4])
        XCTAssertEqual(issues.map(\.line), [3, 4, 5, 6])
        XCTAssertEqual(issues.first?.file, "flows.txt")
        XCTAssertEqual(issues.first?.message,
                       "line skipped: bad protocol or port (a protocol number 0-255 and ports 0-65535 expected) in "
                           + "\"020000003216,020000008359,185.1.15.21,185.1.15.30,97,1,6,179,65536\"")
    }

    func testASflowtoolLineCutShortIsTooFewFields() throws {
        // A FLOW line cut after the protocol: its packet size and sampling rate are missing.
        let (samples, summary, issues) = try read(
            "FLOW,185.1.15.250,11,12,020000003216,020000008359,0x0800,100,100,185.1.15.21,185.1.15.30,6\n")
        XCTAssertEqual(samples.count, 0)
        XCTAssertEqual(summary.skipped, [.tooFewFields: 1])
        XCTAssertEqual(issues.map(\.line), [1])
    }
}
