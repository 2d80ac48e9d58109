import BGP
import MRT
import XCTest
@testable import Audit

/// The flow reader on small texts: both formats, compression, and every kind of bad line.
final class FlowReaderTests: XCTestCase {
    /// Reads every sample of `text` (compressed as asked), with the issues reported.
    func read(_ text: String, compression: Compression = .none) throws -> (samples: [FlowSample], summary: FlowReadSummary, issues: [FlowIssue]) {
        var bytes = Array(text.utf8)
        if compression != .none {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("flows-\(UUID().uuidString)").path
            let file = try MRTFileWriter(path: path, compression: compression)
            try file.append(bytes)
            try file.finish()
            bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
            try FileManager.default.removeItem(atPath: path)
        }
        let reader = try FlowReader(bytes: bytes, name: "flows.csv")
        var samples: [FlowSample] = []
        var issues: [FlowIssue] = []
        var sample = FlowSample.blank
        while reader.next(into: &sample, onIssue: { issues.append($0) }) { samples.append(sample) }
        return (samples, reader.summary, issues)
    }

    func assertAccounted(_ s: FlowReadSummary, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(s.lines, s.headerLines + s.blankLines + s.counterLines + s.samples + s.skippedLines,
                       "every line is a header, blank, counter, sample or skipped", file: file, line: line)
    }

    func testCSVColumnsAreFoundByNameInAnyOrderWithExtraColumns() throws {
        // The header's order differs from the documented one and has an extra column; the
        // row's values land by name. 2026-11-21T00:00:05Z is 1795219205.
        let text = """
        sampling_rate,vlan,dst_ip,src_ip,bytes,dst_mac,src_mac,packets,timestamp
        1000,500,82.30.1.1,81.21.0.9,1500,02:00:00:00:83:59,02:00:00:00:32:16,2,2026-11-21T00:00:05Z

        """
        let (samples, summary, issues) = try read(text)
        XCTAssertEqual(issues, [])
        XCTAssertEqual(samples, [FlowSample(time: 1_795_219_205, sourceMAC: 0x0200_0000_3216, destinationMAC: 0x0200_0000_8359,
                                            source: IPAddress("81.21.0.9")!, destination: IPAddress("82.30.1.1")!,
                                            bytes: 1500, packets: 2, samplingRate: 1000)])
        // Scaled: 1500 x 1000 bytes, 2 x 1000 packets.
        XCTAssertEqual(samples[0].scaledBytes, 1_500_000)
        XCTAssertEqual(samples[0].scaledPackets, 2000)
        XCTAssertEqual(summary.headerLines, 1)
        XCTAssertEqual(summary.samples, 1)
        assertAccounted(summary)
    }

    func testTimestampAndPacketsColumnsAreOptional() throws {
        let (samples, _, issues) = try read("src_mac,dst_mac,src_ip,dst_ip,bytes,sampling_rate\naabbccddeeff,aabb.ccdd.ee00,1.2.3.4,5.6.7.8,64,1\n")
        XCTAssertEqual(issues, [])
        XCTAssertEqual(samples.map(\.time), [0])
        XCTAssertEqual(samples.map(\.packets), [1])
    }

    func testTheThreeMACSpellingsAndBothTimestampFormsRead() throws {
        // Each row names A's MAC another way; times: Unix seconds (fraction dropped), RFC 3339
        // with an offset (00:00:05+01:00 is 23:00:05 UTC the day before: 1795215605), a
        // space instead of T, and a leap day.
        let text = """
        \(TrafficDay.header)
        1795219205.750,02:00:00:00:32:16,02-00-00-00-83-59,81.21.0.9,82.30.1.1,100,1,1
        2026-11-21T00:00:05+01:00,0200.0000.3216,020000008359,81.21.0.9,82.30.1.1,100,1,1
        2026-11-21 00:00:05Z,0200.0000.3216,02:00:00:00:83:59,81.21.0.9,82.30.1.1,100,1,1
        2000-02-29T12:00:00.5Z,02:00:00:00:32:16,02:00:00:00:83:59,81.21.0.9,82.30.1.1,100,1,1
        """
        let (samples, _, issues) = try read(text)
        XCTAssertEqual(issues, [])
        XCTAssertEqual(samples.map(\.time), [1_795_219_205, 1_795_215_605, 1_795_219_205, 951_825_600])
        XCTAssertEqual(Set(samples.map(\.sourceMAC)), [0x0200_0000_3216])
        XCTAssertEqual(Set(samples.map(\.destinationMAC)), [0x0200_0000_8359])
    }

    func testSflowtoolLinesWithFullIPv6CounterAndNonIPLines() throws {
        // One IPv4 FLOW line (packet_size 1518 is the sample's bytes, sampling rate 2048), one
        // IPv6 line as sflowtool prints it (every group in full), a CNTR line (counted), an ARP
        // frame whose addresses sflowtool prints as "-" (counted as not IP, not an issue).
        let text = """
        FLOW,185.1.15.250,11,12,020000003216,020000008359,0x0800,100,100,81.21.0.9,82.30.1.1,6,0x00,63,443,51000,0x10,1518,1500,2048
        CNTR,185.1.15.250,11,6,10000000000,0,1,123,456,0,0,0,0,0,789,12,0,0,0,0,0
        FLOW,185.1.15.250,11,12,020000003216,020000008359,0x86dd,100,100,2a01:3216:0000:0000:0000:0000:0000:0001,2001:0db8:0000:0000:0000:0000:0000:00ff,17,0x00,63,53,53,0x00,90,72,2048
        FLOW,185.1.15.250,11,12,020000003216,ffffffffffff,0x0806,100,100,-,-,0,0x00,0,0,0,0x00,64,46,2048

        """
        let (samples, summary, issues) = try read(text)
        XCTAssertEqual(issues, [])
        XCTAssertEqual(samples.count, 2)
        XCTAssertEqual(samples[0], FlowSample(sourceMAC: 0x0200_0000_3216, destinationMAC: 0x0200_0000_8359,
                                              source: IPAddress("81.21.0.9")!, destination: IPAddress("82.30.1.1")!,
                                              bytes: 1518, packets: 1, samplingRate: 2048, ipProtocol: 6, sourcePort: 443,
                                              destinationPort: 51000))
        XCTAssertEqual(samples[1].source, IPAddress("2a01:3216::1")!)
        XCTAssertEqual([samples[1].ipProtocol, UInt8(samples[1].sourcePort), UInt8(samples[1].destinationPort)], [17, 53, 53])
        XCTAssertEqual(samples[1].destination, IPAddress("2001:db8::ff")!)
        XCTAssertEqual(samples[1].bytes, 90)
        XCTAssertEqual(summary.counterLines, 1)
        XCTAssertEqual(summary.skipped, [.notIP: 1])
        XCTAssertEqual(summary.lines, 4)
        assertAccounted(summary)
    }

    func testGzipAndBzip2FilesReadLikePlainOnes() throws {
        let text = "\(TrafficDay.header)\n1000,\(TrafficDay.macA),\(TrafficDay.macB),81.21.0.9,82.30.1.1,100,1,10\n"
        let plain = try read(text).samples
        XCTAssertEqual(plain.count, 1)
        XCTAssertEqual(try read(text, compression: .gzip).samples, plain)
        XCTAssertEqual(try read(text, compression: .bzip2).samples, plain)
    }

    func testBadLinesAreSkippedCountedAndReportedWithTheirLineNumbers() throws {
        // Line 1 is the header; lines 2 and 10 are good; 3-9 and 11 are bad, one reason each.
        let text = """
        \(TrafficDay.header)
        1000,02:00:00:00:32:16,02:00:00:00:83:59,81.21.0.9,82.30.1.1,100,1,1
        1000,02:00:00:00:32:16,02:00:00:00:83:59,81.21.0.9
        yesterday,02:00:00:00:32:16,02:00:00:00:83:59,81.21.0.9,82.30.1.1,100,1,1
        1000,02:00:00:00:32:1g,02:00:00:00:83:59,81.21.0.9,82.30.1.1,100,1,1
        1000,02:00:00:00:32:16,02:00:00:00:83:59,81.21.0.256,82.30.1.1,100,1,1
        1000,02:00:00:00:32:16,02:00:00:00:83:59,81.21.0.9,82.30.1.1,-5,1,1
        1000,02:00:00:00:32:16,02:00:00:00:83:59,81.21.0.9,82.30.1.1,100,1,0
        1000,02:00:00:00:32:16,02:00:00:00:83:59,81.21.0.9,2001:db8::1,100,1,1
        1000,02:00:00:00:32:16,02:00:00:00:83:59,81.21.0.9,82.30.1.1,100,1,1\r
        1000,02:00:00:00:32:16,02:00:00:00:83:59,81.21.0.9,82.30.1.1:80,100,1,1
        """
        let (samples, summary, issues) = try read(text)
        XCTAssertEqual(samples.count, 2)
        XCTAssertEqual(summary.skipped, [.tooFewFields: 1, .badTimestamp: 1, .badMAC: 1, .badAddress: 2, .badNumber: 1,
                                         .badSamplingRate: 1, .mixedFamilies: 1])
        XCTAssertEqual(issues.map(\.line), [3, 4, 5, 6, 7, 8, 9, 11])
        XCTAssertEqual(issues.map(\.reason), [.tooFewFields, .badTimestamp, .badMAC, .badAddress, .badNumber, .badSamplingRate,
                                              .mixedFamilies, .badAddress])
        XCTAssertTrue(issues[0].description.hasPrefix("flows.csv:3: line skipped: too few fields"), issues[0].description)
        XCTAssertEqual(summary.lines, 11)
        assertAccounted(summary)
    }

    func testOnlyTheFirstFiveLinesOfAReasonAreReportedThenACount() throws {
        // Seven bad MACs on lines 2-8: five issues with line numbers, then "2 more".
        let bad = "1000,nonsense,02:00:00:00:83:59,81.21.0.9,82.30.1.1,100,1,1"
        let (_, summary, issues) = try read(([TrafficDay.header] + Array(repeating: bad, count: 7)).joined(separator: "\n"))
        XCTAssertEqual(summary.skipped, [.badMAC: 7])
        XCTAssertEqual(issues.map(\.line), [2, 3, 4, 5, 6, 0])
        XCTAssertEqual(issues.last?.message, "2 more lines skipped: \(FlowSkipReason.badMAC)")
    }

    func testATruncatedGzipFileKeepsTheLinesBeforeTheCut() throws {
        // 200 good lines, gzip-compressed, then the last 20 bytes of the file cut away: the
        // lines decompressed before the cut are samples, the cut-off last line is counted as
        // truncated, and the file is listed as stopped.
        let line = "1000,\(TrafficDay.macA),\(TrafficDay.macB),81.21.0.9,82.30.1.1,100,1,1"
        let text = ([TrafficDay.header] + Array(repeating: line, count: 200)).joined(separator: "\n") + "\n"
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("flows-\(UUID().uuidString).gz").path
        let file = try MRTFileWriter(path: path, compression: .gzip)
        try file.append(Array(text.utf8))
        try file.finish()
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)).dropLast(20))
        try FileManager.default.removeItem(atPath: path)
        let reader = try FlowReader(bytes: bytes, name: "cut.gz")
        var sample = FlowSample.blank, count = 0
        var issues: [FlowIssue] = []
        while reader.next(into: &sample, onIssue: { issues.append($0) }) { count += 1 }
        XCTAssertGreaterThan(count, 0)
        XCTAssertLessThanOrEqual(count, 200)
        XCTAssertEqual(reader.summary.samples, count)
        XCTAssertEqual(reader.summary.stoppedFiles.count, 1)
        XCTAssertTrue(issues.contains { $0.message.contains("flow file stopped") })
        assertAccounted(reader.summary)
    }

    func testAFileThatIsNotAFlowFileIsRefusedWithWhatToDo() {
        XCTAssertThrowsError(try FlowReader(bytes: Array("hello,world\n1,2\n".utf8), name: "x.csv")) { error in
            guard case FlowReadError.unknownFormat(file: "x.csv", line: 1, text: "hello,world") = error else {
                return XCTFail("\(error)")
            }
            XCTAssertTrue("\(error)".contains("add the header row"))
        }
        XCTAssertThrowsError(try FlowReader(bytes: Array("src_mac,dst_mac,src_ip,dst_ip\n".utf8), name: "y.csv")) { error in
            XCTAssertEqual(error as? FlowReadError, .missingColumns(file: "y.csv", line: 1, missing: ["bytes", "sampling_rate"]))
        }
        XCTAssertThrowsError(try FlowReader(bytes: [], name: "z.csv")) { error in
            XCTAssertEqual(error as? FlowReadError, .empty(file: "z.csv"))
        }
    }

    func testALineLongerThanTheBufferIsSkippedWhole() throws {
        // A 1.5 MiB garbage line between two good lines: skipped as one line, the next one read.
        let good = "1000,\(TrafficDay.macA),\(TrafficDay.macB),81.21.0.9,82.30.1.1,100,1,1"
        let long = String(repeating: "x", count: FlowReader.bufferSize * 3 / 2)
        let (samples, summary, _) = try read([TrafficDay.header, good, long, good].joined(separator: "\n"))
        XCTAssertEqual(samples.count, 2)
        XCTAssertEqual(summary.skipped, [.tooLong: 1])
        XCTAssertEqual(summary.lines, 4)
    }
}
