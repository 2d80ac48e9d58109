import Foundation
import XCTest

/// `ixaudit report` and `review` on the shipped sample day, as `make demo` runs them.
final class ReportEndToEndTests: XCTestCase {
    let job = Harness.packageRoot.appendingPathComponent("data/sample/job.yaml").path

    func testTwoRunsGiveTheSameReportApartFromTimings() throws {
        let directory = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var reports: [String] = []
        for run in ["a", "b"] {
            let out = directory.appendingPathComponent(run).path
            let result = try Harness.ixaudit(["report", "--config", job, "--date", "2026-11-21", "--out", out, "--quiet"])
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertEqual(String(decoding: result.stdout, as: UTF8.self), out + "/index.md\n", "prints where the summary is")
            reports.append(out)
        }
        let files = try FileManager.default.subpathsOfDirectory(atPath: reports[0]).filter { !$0.hasSuffix("/") }.sorted()
        XCTAssertEqual(files, try FileManager.default.subpathsOfDirectory(atPath: reports[1]).sorted())
        for file in files where file != "run.json" {
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: reports[0] + "/" + file, isDirectory: &isDirectory)
            if isDirectory.boolValue { continue }
            XCTAssertEqual(FileManager.default.contents(atPath: reports[0] + "/" + file),
                           FileManager.default.contents(atPath: reports[1] + "/" + file), file)
        }
        // run.json differs in its timings only.
        let runs = try reports.map { try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: $0 + "/run.json"))) as! [String: Any] }
        let withoutTimings = runs.map { run -> NSDictionary in
            var copy = run
            copy["timings_seconds"] = nil
            return copy as NSDictionary
        }
        XCTAssertEqual(withoutTimings[0], withoutTimings[1])
    }

    func testTheReportIsCompleteAndItsLinksResolve() throws {
        let directory = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("report").path
        let result = try Harness.ixaudit(["report", "--config", job, "--date", "2026-11-21", "--out", out, "--quiet"])
        XCTAssertEqual(result.status, 0, result.stderr)
        for file in ["index.md", "findings.csv", "checks.csv", "members.csv", "announcements.csv.gz", "sessions.csv",
                     "consistency-routes.csv.gz", "leaks-routes.csv.gz",
                     "export-matrix.csv.gz", "community-sets.csv", "run.json", "consistency.md", "leaks.md", "transit-abuse.md",
                     "default-pointing.md", "route-server-use.md", "charts/findings.svg", "charts/traffic-unannounced.svg"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/" + file), "\(file) is written")
        }
        try assertLinksResolve(in: out)
        // One review page per member of the member list; run.json names every input with its digest.
        let members = try Harness.csv(out + "/members.csv")
        XCTAssertEqual(members.count, 40)
        for member in members {
            XCTAssertTrue(FileManager.default.fileExists(atPath: "\(out)/reviews/AS\(member["member_asn"]!).md"))
        }
        let run = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/run.json"))) as! [String: Any]
        let inputs = run["inputs"] as! [[String: Any]]
        XCTAssertEqual(Set(inputs.compactMap { $0["role"] as? String }.map { $0.split(separator: " ")[0] }),
                       ["job", "members", "rib", "updates", "flows", "relationships", "rpki", "irr"])
        for input in inputs { XCTAssertEqual((input["sha256"] as? String)?.count, 64, "\(input)") }
        let records = run["records"] as! [String: Any]
        XCTAssertEqual(records["read"] as? Int, records["decoded"] as? Int, "every record of the sample decodes")
    }

    func testUncompressedWritesTheSameTablesAsPlainCSV() throws {
        // The same day with and without --uncompressed: announcements and every routes table
        // hold the same bytes, .csv.gz (gzip) by default, .csv with the flag; the pages link
        // to the files that are there.
        let directory = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let compressed = directory.appendingPathComponent("gz").path, plain = directory.appendingPathComponent("plain").path
        for (out, flags) in [(compressed, [String]()), (plain, ["--uncompressed"])] {
            let result = try Harness.ixaudit(["report", "--config", job, "--date", "2026-11-21", "--out", out, "--quiet"] + flags)
            XCTAssertEqual(result.status, 0, result.stderr)
            try assertLinksResolve(in: out)
        }
        for table in ["announcements", "consistency-routes", "leaks-routes", "transit-abuse-routes", "default-pointing-routes",
                      "route-server-use-routes"] {
            XCTAssertFalse(FileManager.default.fileExists(atPath: "\(compressed)/\(table).csv"), table)
            XCTAssertFalse(FileManager.default.fileExists(atPath: "\(plain)/\(table).csv.gz"), table)
            let gzip = try Data(contentsOf: URL(fileURLWithPath: "\(compressed)/\(table).csv.gz"))
            XCTAssertEqual(Array(gzip.prefix(2)), [0x1f, 0x8b], "\(table): a gzip stream")
            XCTAssertEqual(try Harness.text("\(compressed)/\(table).csv.gz"), try Harness.text("\(plain)/\(table).csv"), table)
        }
        let index = try String(contentsOfFile: plain + "/index.md", encoding: .utf8)
        XCTAssertTrue(index.contains("[announcements.csv](announcements.csv)"), "the page names the plain file")
    }

    /// Every relative link and image of the report's Markdown pages, and every link of its
    /// HTML pages, points at a file of the report; every .md page has its .html beside it.
    func assertLinksResolve(in out: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let all = try FileManager.default.subpathsOfDirectory(atPath: out)
        for page in all where page.hasSuffix(".md") {
            XCTAssertTrue(all.contains(page.dropLast(3) + ".html"), "\(page) has no HTML page beside it", file: file, line: line)
        }
        let pages = all.filter { $0.hasSuffix(".md") || $0.hasSuffix(".html") }
        let link = try NSRegularExpression(pattern: ##"\]\(([^)#]+)\)|href="([^"#]+)""##)
        for page in pages {
            let text = try String(contentsOfFile: out + "/" + page, encoding: .utf8)
            let base = URL(fileURLWithPath: out + "/" + page).deletingLastPathComponent()
            for match in link.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let target = String(text[Range(match.range(at: match.range(at: 1).location == NSNotFound ? 2 : 1), in: text)!])
                guard !target.contains("://") else { continue }
                XCTAssertTrue(FileManager.default.fileExists(atPath: base.appendingPathComponent(target).path), "\(page) links to \(target)",
                              file: file, line: line)
            }
        }
    }

    func testFailOnAndAFailedRunLeavesThePreviousReport() throws {
        let directory = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("report").path
        // The sample has findings at error level: --fail-on error exits 1, and the report is complete.
        let failing = try Harness.ixaudit(["report", "--config", job, "--date", "2026-11-21", "--out", out, "--quiet", "--fail-on", "error"])
        XCTAssertEqual(failing.status, 1, failing.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/index.md"))
        let before = FileManager.default.contents(atPath: out + "/index.md")
        // A job with a missing member list stops with 2 and names the file; the old report stays.
        let badJob = directory.appendingPathComponent("bad.yaml").path
        try String(contentsOfFile: job, encoding: .utf8).replacingOccurrences(of: "ixf-members.json", with: "no-such-members.json")
            .write(toFile: badJob, atomically: true, encoding: .utf8)
        let bad = try Harness.ixaudit(["report", "--config", badJob, "--date", "2026-11-21", "--out", out, "--quiet"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("no-such-members.json"), bad.stderr)
        XCTAssertEqual(FileManager.default.contents(atPath: out + "/index.md"), before)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted(), [".report.lock", "bad.yaml", "report"],
                       "no staging directory is left behind; the lock file stays")
    }

    func testReviewNamesEveryRuleOfThePolicy() throws {
        let smartHub = try Harness.ixaudit(["review", "--config", job, "--date", "2026-11-21", "AS19782", "--quiet"])
        XCTAssertEqual(smartHub.status, 0, smartHub.stderr)
        let page = String(decoding: smartHub.stdout, as: UTF8.self)
        for rule in ["S1", "S2", "S3", "S4", "S5", "S6", "S7"] { XCTAssertTrue(page.contains("| \(rule) |"), rule) }
        // AS19782 re-announces another member's prefixes (planted peer leak): S4 fails.
        XCTAssertTrue(page.contains("| S4 | No abuse"), page)
        XCTAssertTrue(page.contains("**fail** | `peer-leak`"), page)
        let pegTech = try Harness.ixaudit(["review", "--config", job, "--date", "2026-11-21", "AS19782", "--policy", "peg-tech", "--quiet"])
        XCTAssertEqual(pegTech.status, 0, pegTech.stderr)
        let pegPage = String(decoding: pegTech.stdout, as: UTF8.self)
        for rule in ["P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8"] { XCTAssertTrue(pegPage.contains("| \(rule) |"), rule) }
        // --html: the same page as one self-contained file; with --out, the Markdown too.
        let directory = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let htmlFile = directory.appendingPathComponent("AS19782.html").path, mdFile = directory.appendingPathComponent("AS19782.md").path
        let both = try Harness.ixaudit(["review", "--config", job, "--date", "2026-11-21", "AS19782", "--quiet", "--html", htmlFile, "--out", mdFile])
        XCTAssertEqual(both.status, 0, both.stderr)
        XCTAssertEqual(String(decoding: both.stdout, as: UTF8.self), htmlFile + "\n" + mdFile + "\n")
        XCTAssertEqual(try String(contentsOfFile: mdFile, encoding: .utf8), page, "the Markdown is what stdout had")
        let html = try String(contentsOfFile: htmlFile, encoding: .utf8)
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"))
        XCTAssertTrue(html.contains("<h1 id=\"peering-review-as19782"), html)
        XCTAssertTrue(html.contains("<td><strong>fail</strong></td><td><code>peer-leak</code>"), html)
        XCTAssertTrue(html.contains("Content-Security-Policy\" content=\"default-src 'none'"))
        XCTAssertFalse(html.contains(" src=") || html.contains("<link") || html.contains("href=\"http"), "nothing to fetch")
        let unknown = try Harness.ixaudit(["review", "--config", job, "--date", "2026-11-21", "AS64999", "--quiet"])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.contains("AS64999 is not in the member list"), unknown.stderr)
    }
}
