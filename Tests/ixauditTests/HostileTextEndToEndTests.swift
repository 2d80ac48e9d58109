import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest

/// Member names as a hostile or broken IX-F export gives them (CRLF, NUL, U+0001, an ESC
/// sequence, 100 kB), and standard output that cannot be written: nothing injected into a
/// page, every chart well-formed XML, no raw control byte on stderr, every failed write said.
final class HostileTextEndToEndTests: XCTestCase {
    var directory: URL!
    var sample: String { directory.appendingPathComponent("sample").path }
    var out: String { directory.appendingPathComponent("report").path }

    override func setUpWithError() throws {
        directory = try Harness.temporaryDirectory()
        try FileManager.default.copyItem(atPath: Harness.packageRoot.appendingPathComponent("data/sample").path, toPath: sample)
    }

    override func tearDown() { try? FileManager.default.removeItem(at: directory) }

    /// AS19782 gets a CRLF heading injection, AS33559 NUL and U+0001, AS139183 an ESC
    /// sequence, AS32950 a 100 kB name, AS46247 HTML: a script, an image, both quotes, `&`.
    func plantNames() throws {
        let path = sample + "/ixf-members.json"
        var export = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        var members = try XCTUnwrap(export["member_list"] as? [[String: Any]])
        let names: [Int: String] = [19782: "Aurora\r\n# Injected heading\r\n---\r\n| a | b |",
                                    33559: "Beryoza\u{0}Sys\u{1}tems",
                                    139183: "Altai \u{1B}[2J\u{1B}[31mMobile",
                                    32950: String(repeating: "Metro ", count: 17_000),
                                    46247: Self.htmlName]
        for index in members.indices {
            if let asn = members[index]["asnum"] as? Int, let name = names[asn] { members[index]["name"] = name }
        }
        export["member_list"] = members
        try JSONSerialization.data(withJSONObject: export).write(to: URL(fileURLWithPath: path))
    }

    static let htmlName = "Kama <script>alert(\"x\")</script> & 'Games'\r\n<img src=x onerror=alert(1)>"

    func testHostileNamesInjectNothingAndChartsStayXML() throws {
        try plantNames()
        let result = try Harness.ixaudit(["report", "--config", sample + "/job.yaml", "--date", "2026-11-21", "--out", out, "--verbose"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertFalse(result.stderr.utf8.contains(0x1B), "no raw ESC on stderr")
        for page in ["reviews/AS19782.md", "index.md", "leaks.md"] {
            let text = try String(contentsOfFile: out + "/" + page, encoding: .utf8)
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                XCTAssertFalse(line.hasPrefix("# Injected") || line == "---", "\(page): injected line \(line)")
                XCTAssertFalse(line.unicodeScalars.contains { $0.value < 0x20 && $0 != "\t" }, "\(page): a control character")
            }
        }
        // The HTML pages: the names as text, never as markup; no control character; nothing
        // but the page's own script, which a page without a long table does not even have.
        for page in ["reviews/AS46247.html", "reviews/AS19782.html", "reviews/AS33559.html", "index.html", "leaks.html"] {
            let html = try String(contentsOfFile: out + "/" + page, encoding: .utf8)
            XCTAssertFalse(html.contains("<script>alert") || html.contains("<img") || html.contains("'Games'"), "\(page): markup from a name")
            XCTAssertFalse(html.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" || $0.value == 0x7F }, "\(page): a control character")
            XCTAssertLessThanOrEqual(html.components(separatedBy: "<script>").count - 1, 1, "\(page): one script at most, the page's own")
        }
        let review = try String(contentsOfFile: out + "/reviews/AS46247.html", encoding: .utf8)
        XCTAssertTrue(review.contains("Kama &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Games&#39;  &lt;img src=x onerror=alert(1)&gt;"))
        XCTAssertTrue(review.contains("<title>Peering review: AS46247 Kama &lt;script&gt;"), "the title too")
        let charts = try FileManager.default.contentsOfDirectory(atPath: out + "/charts").filter { $0.hasSuffix(".svg") }
        XCTAssertFalse(charts.isEmpty)
        for chart in charts {
            let parser = XMLParser(data: try Data(contentsOf: URL(fileURLWithPath: out + "/charts/" + chart)))
            XCTAssertTrue(parser.parse(), "\(chart): \(parser.parserError.map { "\($0)" } ?? "")")
        }
        let announcements = try Harness.text(out + "/announcements.csv.gz").utf8.count
        XCTAssertLessThan(announcements, 20_000_000, "a 100 kB name is not repeated on every route")
        let members = try String(contentsOfFile: out + "/members.csv", encoding: .utf8)
        XCTAssertTrue(members.contains(String(repeating: "Metro ", count: 17_000).trimmingCharacters(in: .whitespaces)), "the full name once")
        XCTAssertFalse(members.utf8.contains(0), "no NUL in a CSV")
    }

    func testWritesToAFullDeviceOrAClosedPipeAreNeverClaimed() throws {
        let mrt = Harness.packageRoot.appendingPathComponent("data/sample/ris-rrc-ix-updates.20160811.1600.gz").path
        let binary = try Harness.binary().path
        let job = sample + "/job.yaml"
        let cases: [(String, Int32)] = [
            ("'\(binary)' dump '\(mrt)' > /dev/full", 2),
            ("'\(binary)' review --config '\(job)' --date 2026-11-21 AS19782 -q > /dev/full", 2),
            ("trap '' PIPE; '\(binary)' dump '\(mrt)' | head -1 > /dev/null; exit ${PIPESTATUS[0]}", 141),
        ]
        for (command, expected) in cases {
            let result = try Harness.run(executable: URL(fileURLWithPath: "/bin/bash"), arguments: ["-c", command], timeout: 60)
            XCTAssertEqual(result.status, expected, command + "\n" + result.stderr)
            XCTAssertFalse(result.stderr.contains("routes and state changes printed"), "claims nothing: \(result.stderr)")
            if expected == 2 { XCTAssertTrue(result.stderr.contains("No space left on device"), result.stderr) }
        }
    }

    func testBadArgumentsAreExitTwo() throws {
        let job = sample + "/job.yaml"
        for arguments in [["report", "--config", job, "--date", "2026-02-30", "--out", out],
                          ["review", "--config", job, "--date", "2026-11-21", "AS-1"],
                          ["report", "--config", job, "--date", "2026-11-21", "--out", out, "--fail-on", "fatal"]] {
            let result = try Harness.ixaudit(arguments)
            XCTAssertEqual(result.status, 2, arguments.joined(separator: " ") + "\n" + result.stderr)
        }
    }
}
