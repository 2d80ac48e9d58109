import Foundation
import XCTest

/// `ixaudit dump` run as a user runs it: the built binary as a subprocess, checked against the
/// reference decoder's output for the real corpus.
final class DumpEndToEndTests: XCTestCase {
    /// The 2007 update stream: BGP4MP with 2- and 4-byte ASNs and state changes.
    static let updates2007 = "updates.20070211.0141.gz"
    /// The IXP stream: IPv4 and IPv6 peers on an IX LAN, link-local next hops.
    static let updates2016 = "updates.20160811.1600.gz"
    static let updates2002 = "updates.20020722.2238.gz"

    private func summaryLine(_ stderr: String) -> Substring? {
        stderr.split(separator: "\n").first { $0.range(of: #"^[0-9]+ records read from [0-9]+ file\(s\): "#, options: .regularExpression) != nil }
    }

    private func leadingNumber(_ line: Substring) -> Int? {
        Int(line.prefix { $0.isNumber })
    }

    func testDumpPrintsExactlyTheReferenceDecoderLines() throws {
        let file = try Harness.mrtFile(Self.updates2007)
        let expected = try Harness.expectedOutput(Self.updates2007)
        let result = try Harness.ixaudit(["dump", file.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        if result.stdout != expected {
            XCTFail("dump of \(Self.updates2007) differs from bgpdump -m: " + Harness.firstDifference(result.stdout, expected))
        }
        // The summary starts with the number of records: every MRT record of the file, counted
        // here from the decompressed bytes independently of the decoder.
        let records = Harness.recordBoundaries([UInt8](try Harness.gunzip(file)))
        XCTAssertGreaterThan(records.starts.count, 0)
        guard let summary = summaryLine(result.stderr) else {
            return XCTFail("no summary line starting with a record count on stderr:\n\(result.stderr)")
        }
        XCTAssertEqual(leadingNumber(summary), records.starts.count, String(summary))
        XCTAssertTrue(summary.contains("0 malformed"), String(summary))
        // ... and the route count equals the number of lines printed.
        let lineCount = Harness.lines(expected).count
        XCTAssertTrue(result.stderr.contains("\(lineCount) routes and state changes printed"), result.stderr)
    }

    func testDumpReadsStandardInput() throws {
        let file = try Harness.mrtFile(Self.updates2007)
        let expected = try Harness.expectedOutput(Self.updates2007)
        let compressed = try Data(contentsOf: file)
        let result = try Harness.ixaudit(["dump", "-"], stdin: compressed)
        XCTAssertEqual(result.status, 0, result.stderr)
        if result.stdout != expected {
            XCTFail("dump - (gzip on a pipe) differs from bgpdump -m: " + Harness.firstDifference(result.stdout, expected))
        }
        XCTAssertNotNil(summaryLine(result.stderr), result.stderr)
    }

    func testJSONLinesParseAndAgreeWithTheReferenceLines() throws {
        let file = try Harness.mrtFile(Self.updates2016)
        let reference = Harness.lines(try Harness.expectedOutput(Self.updates2016))
        let result = try Harness.ixaudit(["dump", "--json", file.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdoutLines
        // One object per route or state change: as many as bgpdump -m has lines (41234 here).
        XCTAssertEqual(lines.count, reference.count)
        var objects: [[String: Any]] = []
        for (i, line) in lines.enumerated() {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                return XCTFail("line \(i + 1) is not a JSON object: \(line)")
            }
            objects.append(object)
        }

        // The first object: the announcement of 2804:14d::/40 by AS59689
        // (bgpdump: BGP4MP|1470931200|A|2001:7f8:54::188|59689|2804:14d::/40|59689 6939 3356 4230 28573|IGP|...).
        let first = try XCTUnwrap(objects.first)
        XCTAssertEqual(first["type"] as? String, "announce")
        XCTAssertNotNil(first["prefix"] as? String)
        XCTAssertNotNil(first["peer_asn"] as? NSNumber)
        XCTAssertNotNil(first["as_path"] as? String)
        XCTAssertEqual(first["prefix"] as? String, "2804:14d::/40")
        XCTAssertEqual((first["peer_asn"] as? NSNumber)?.intValue, 59689)
        XCTAssertEqual(first["as_path"] as? String, "59689 6939 3356 4230 28573")

        // Every object says what its bgpdump line says: kind, time, peer, prefix, path, origin.
        var mismatches = 0
        for (object, line) in zip(objects, reference) {
            let fields = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            let kind = ["announce": "A", "withdraw": "W", "state": "STATE"][object["type"] as? String ?? ""]
            var same = kind == fields[2]
                && (object["timestamp"] as? NSNumber)?.stringValue == fields[1]
                && object["peer"] as? String == fields[3]
                && (object["peer_asn"] as? NSNumber)?.stringValue == fields[4]
            if kind == "A" || kind == "W" { same = same && object["prefix"] as? String == fields[5] }
            if kind == "A" { same = same && object["as_path"] as? String == fields[6] && object["origin"] as? String == fields[7] }
            if !same {
                mismatches += 1
                if mismatches <= 3 { XCTFail("JSON and bgpdump disagree:\n  \(object)\n  \(line)") }
            }
        }
        XCTAssertEqual(mismatches, 0)

        // An IPv6 route whose MP_REACH next hop has a link-local part (RFC 2545 section 3).
        let linkLocal = objects.first { ($0["prefix"] as? String)?.contains(":") == true && $0["mp_next_hop_link_local"] != nil }
        let route = try XCTUnwrap(linkLocal, "no IPv6 route with mp_next_hop_link_local")
        XCTAssertEqual(route["type"] as? String, "announce")
        XCTAssertTrue((route["mp_next_hop_link_local"] as? String)?.hasPrefix("fe80:") == true, "\(route)")
        XCTAssertNotNil(route["mp_next_hop"] as? String)
    }

    func testCountPrintsOnlyTheSummary() throws {
        let file = try Harness.mrtFile(Self.updates2007)
        let lineCount = Harness.lines(try Harness.expectedOutput(Self.updates2007)).count
        let result = try Harness.ixaudit(["dump", "--count", file.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout.count, 0, "--count must print nothing on stdout")
        XCTAssertTrue(result.stderr.contains("\(lineCount) routes and state changes decoded"), result.stderr)
        XCTAssertNotNil(summaryLine(result.stderr), result.stderr)
    }

    func testQuietPrintsNoSummary() throws {
        let file = try Harness.mrtFile(Self.updates2002)
        let result = try Harness.ixaudit(["dump", "--quiet", "--count", file.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stderr, "")
        XCTAssertEqual(result.stdout.count, 0)
    }

    func testTruncatedFileKeepsCompleteRecordsAndSaysWhereItStopped() throws {
        let file = try Harness.mrtFile(Self.updates2002)
        let expected = Harness.lines(try Harness.expectedOutput(Self.updates2002))
        let plain = [UInt8](try Harness.gunzip(file))
        XCTAssertGreaterThan(plain.count, 5000)
        let cut = Array(plain.prefix(5000))
        // The record that 5000 cuts through starts at `boundaries.end`; everything before it is whole.
        let boundaries = Harness.recordBoundaries(cut)
        XCTAssertLessThan(boundaries.end, 5000, "5000 must fall inside a record for this test")
        XCTAssertGreaterThan(boundaries.starts.count, 0)

        let directory = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let truncated = directory.appendingPathComponent("truncated.mrt")
        try Data(cut).write(to: truncated)
        let result = try Harness.ixaudit(["dump", truncated.path])
        XCTAssertEqual(result.status, 2, "a truncated file must exit 2; stderr:\n\(result.stderr)")

        // stdout: the complete records' lines, which are the first lines of the full output.
        let lines = result.stdoutLines
        XCTAssertGreaterThan(lines.count, 0)
        XCTAssertLessThanOrEqual(lines.count, expected.count)
        XCTAssertEqual(Array(lines), Array(expected.prefix(lines.count)), "truncated output is not a prefix of the reference")
        // Exactly the lines of the whole records: the same as for the file cut at the boundary.
        let whole = directory.appendingPathComponent("whole-records.mrt")
        try Data(cut.prefix(boundaries.end)).write(to: whole)
        let wholeResult = try Harness.ixaudit(["dump", whole.path])
        XCTAssertEqual(wholeResult.status, 0, wholeResult.stderr)
        XCTAssertEqual(result.stdout, wholeResult.stdout)

        // stderr: the file and the offset of the record it stopped at.
        XCTAssertTrue(result.stderr.contains(truncated.path), result.stderr)
        XCTAssertTrue(result.stderr.contains("offset \(boundaries.end)"),
                      "stderr should name offset \(boundaries.end):\n\(result.stderr)")
        // The summary still counts the complete records.
        if let summary = summaryLine(result.stderr) {
            XCTAssertEqual(leadingNumber(summary), boundaries.starts.count, String(summary))
        } else {
            XCTFail("no summary line:\n\(result.stderr)")
        }
    }

    func testTruncatedGzipStreamKeepsCompleteRecords() throws {
        let file = try Harness.mrtFile(Self.updates2007)
        let expected = Harness.lines(try Harness.expectedOutput(Self.updates2007))
        // The first 100000 bytes of the compressed file: the deflate stream ends mid-way.
        let directory = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let truncated = directory.appendingPathComponent("truncated.gz")
        try Data(try Data(contentsOf: file).prefix(100_000)).write(to: truncated)
        let result = try Harness.ixaudit(["dump", truncated.path])
        XCTAssertEqual(result.status, 2, result.stderr)
        let lines = result.stdoutLines
        XCTAssertGreaterThan(lines.count, 0)
        XCTAssertLessThan(lines.count, expected.count)
        XCTAssertEqual(Array(lines), Array(expected.prefix(lines.count)), "truncated output is not a prefix of the reference")
        XCTAssertTrue(result.stderr.contains(truncated.path), result.stderr)
        XCTAssertTrue(result.stderr.contains("gzip stream ends early"), result.stderr)
    }

    func testSeveralFilesPrintOneAfterTheOther() throws {
        let names = [Self.updates2002, "updates.20100722.2015.gz"]
        let files = try names.map { try Harness.mrtFile($0).path }
        var expected = Data()
        for name in names { expected += try Harness.expectedOutput(name) }
        let result = try Harness.ixaudit(["dump"] + files)
        XCTAssertEqual(result.status, 0, result.stderr)
        if result.stdout != expected {
            XCTFail("dump of two files differs from the two bgpdump -m outputs: " + Harness.firstDifference(result.stdout, expected))
        }
        XCTAssertTrue(summaryLine(result.stderr)?.contains("from 2 file(s)") == true, result.stderr)
    }

    func testMissingFileExits2AndNamesThePath() throws {
        let directory = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = directory.appendingPathComponent("no-such-file.mrt.gz").path
        let result = try Harness.ixaudit(["dump", missing])
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertEqual(result.stdout.count, 0)
        XCTAssertTrue(result.stderr.contains(missing), result.stderr)
        XCTAssertTrue(result.stderr.contains("cannot open"), result.stderr)
    }

    func testHelp() throws {
        let top = try Harness.ixaudit(["--help"])
        XCTAssertEqual(top.status, 0, top.stderr)
        XCTAssertTrue((top.stdoutText + top.stderr).contains("dump"), top.stdoutText)

        let dump = try Harness.ixaudit(["dump", "--help"])
        XCTAssertEqual(dump.status, 0, dump.stderr)
        let text = dump.stdoutText + dump.stderr
        XCTAssertTrue(text.contains("dump"), text)
        XCTAssertTrue(text.contains("--json"), text)
        XCTAssertTrue(text.contains("--count"), text)
    }

    func testUnknownOptionIsAUsageErrorWithExitTwo() throws {
        let result = try Harness.ixaudit(["dump", "--no-such-option", "x"])
        XCTAssertEqual(result.status, 2, "2: bad input or arguments (README's exit codes; never the parser's 64)")
        XCTAssertTrue(result.stderr.contains("--no-such-option"), result.stderr)
    }
}
