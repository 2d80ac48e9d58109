import BGP
import Report
import XCTest

final class CSVWriterTests: XCTestCase {
    func testQuotingFollowsRFC4180() {
        var table = CSVWriter(header: ["name", "n"])
        table.text("Example, Inc."); table.number(1); table.endRow()
        table.text("say \"hi\""); table.number(2); table.endRow()
        table.text("two\nlines"); table.empty(); table.endRow()
        // Comma, quote and line break force quotes; quotes double; rows end with CRLF.
        XCTAssertEqual(table.string, "name,n\r\n\"Example, Inc.\",1\r\n\"say \"\"hi\"\"\",2\r\n\"two\nlines\",\r\n")
    }

    func testFormulaLikeTextIsNeutralised() {
        var table = CSVWriter(header: ["name"])
        for text in ["=HYPERLINK(\"x\")", "+1", "-1", "@SUM(A1)", "AS8359"] { table.text(text); table.endRow() }
        // A spreadsheet would run the first four; the apostrophe makes them text.
        XCTAssertEqual(table.string, "name\r\n\"'=HYPERLINK(\"\"x\"\")\"\r\n'+1\r\n'-1\r\n'@SUM(A1)\r\nAS8359\r\n")
    }

    /// The export matrix escapes each member's name once and writes it in thousands of rows:
    /// the same bytes as writing the text in every row.
    func testAFieldEscapedOnceIsWrittenAsTheText() {
        let texts = ["=Member, \"1\"", "two\nlines", "-1", "", "AS8359", "nul\u{0}here", "Ж"]
        var asText = CSVWriter(header: ["a", "b"]), escapedOnce = CSVWriter(header: ["a", "b"])
        for text in texts {
            asText.text(text); asText.number(1); asText.endRow()
            escapedOnce.escapedField(CSVWriter.escaped { $0.append(string: text) }); escapedOnce.number(1); escapedOnce.endRow()
        }
        asText.text(nil); asText.empty(); asText.endRow()
        escapedOnce.escapedField([]); escapedOnce.empty(); escapedOnce.endRow()
        XCTAssertEqual(escapedOnce.string, asText.string)
    }

    func testNumbersAreNotNeutralised() {
        var table = CSVWriter(header: ["n"])
        table.number(-5); table.endRow()
        XCTAssertEqual(table.string, "n\r\n-5\r\n")
    }

    func testAFileAppearsOnlyWhenFinished() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("csv-\(UUID().uuidString).csv").path
        var table = try CSVWriter(path: path, header: ["a"])
        table.text("x"); table.endRow()
        XCTAssertFalse(FileManager.default.fileExists(atPath: path), "nothing half-written under the final name")
        try table.finish()
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "a\r\nx\r\n")
        try FileManager.default.removeItem(atPath: path)
    }

    func testALargeTableIsAGzipStreamOfTheSameRows() throws {
        // 30,000 rows, more than one 1 MiB flush: gzip -dc gives back exactly the plain table.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("csv-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var plain = CSVWriter(header: ["n", "text"])
        var compressed = try LargeTables().writer("rows", in: directory, header: ["n", "text"])
        for n in 0..<30_000 {
            plain.number(n); plain.text("route \(n), \"quoted\"\n"); plain.endRow()
            compressed.number(n); compressed.text("route \(n), \"quoted\"\n"); compressed.endRow()
        }
        try compressed.finish()
        XCTAssertEqual(LargeTables().fileName("rows"), "rows.csv.gz")
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = ["-dc", directory + "/rows.csv.gz"]
        let pipe = Pipe()
        gzip.standardOutput = pipe
        try gzip.run()
        let text = pipe.fileHandleForReading.readDataToEndOfFile()
        gzip.waitUntilExit()
        XCTAssertEqual(gzip.terminationStatus, 0)
        XCTAssertEqual(Array(text), plain.bytes)
    }

    /// The compressed bytes are written on a thread of their own: a full disk must still fail
    /// `finish` with the reason and leave no table under its name; a writer dropped without
    /// `finish` must not keep its thread waiting.
    func testACompressedTableOnAFullDiskFailsAtFinish() throws {
        guard getuid() == 0 else { throw XCTSkip("mounting a small tmpfs needs root") }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("csv-full-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let mount = Process()
        mount.executableURL = URL(fileURLWithPath: "/bin/mount")
        mount.arguments = ["-t", "tmpfs", "-o", "size=64k", "tmpfs", directory]
        try mount.run()
        mount.waitUntilExit()
        guard mount.terminationStatus == 0 else { throw XCTSkip("cannot mount a tmpfs here") }
        defer {
            let unmount = Process()
            unmount.executableURL = URL(fileURLWithPath: "/bin/umount")
            unmount.arguments = [directory]
            try? unmount.run()
            unmount.waitUntilExit()
        }
        var table = try LargeTables().writer("rows", in: directory, header: ["n", "noise"])
        var seed: UInt64 = 1
        for n in 0..<200_000 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            table.number(n)
            table.number(seed)
            table.endRow()
        }
        XCTAssertThrowsError(try table.finish()) { error in
            XCTAssertTrue("\(error)".contains("No space left on device"), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/rows.csv.gz"))
        for _ in 0..<20 {
            var dropped = try LargeTables().writer("dropped", in: directory, header: ["n"])
            dropped.number(1)
            dropped.endRow()
        }
    }

    func testRFC3339() {
        XCTAssertEqual(rfc3339(0), "1970-01-01T00:00:00Z")
        XCTAssertEqual(rfc3339(1_470_931_200), "2016-08-11T16:00:00Z")
        XCTAssertEqual(rfc3339(951_782_400), "2000-02-29T00:00:00Z")
        XCTAssertEqual(rfc3339(4_294_967_295), "2106-02-07T06:28:15Z")
    }
}
