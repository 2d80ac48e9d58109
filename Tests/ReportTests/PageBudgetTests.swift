@testable import Audit
import BGP
import Foundation
import Job
@testable import Report
@testable import Routing
import XCTest

/// The pages keep to their budgets whatever the IXP's size: a day built in memory with 800
/// members whose names are as long and as full of Markdown as a member list allows, one
/// member with 200,000 routes on 2 route servers and 600 sessions, 50,000 findings (30,000 of
/// them that member's), 1,000 inputs with problems and long reasons for the checks not run.
final class PageBudgetTests: XCTestCase {
    static let memberCount = 800
    static let largest = ASN(64500)
    static let findingCount = 50_000

    func testEveryPageKeepsToItsBudgetAndSaysWhereTheRestIs() throws {
        let day = Self.largeDay()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("budget-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let written = try ReportWriter.write(day, into: directory)

        func size(_ file: String) throws -> Int { try FileManager.default.attributesOfItem(atPath: "\(directory)/\(file)")[.size] as! Int }
        let index = try size("index.md")
        let analyses = try Category.allCases.map { try size("\($0.rawValue).md") }
        let reviews = try written.filter { $0.hasPrefix("reviews/") && $0.hasSuffix(".md") }.map(size)
        let largestReview = try size("reviews/AS\(Self.largest).md")
        print("page sizes: index.md \(index) bytes; analysis pages \(analyses.map(String.init).joined(separator: ", ")) bytes; "
            + "review pages up to \(reviews.max() ?? 0) bytes (AS\(Self.largest): \(largestReview) bytes)")
        XCTAssertEqual(reviews.count, Self.memberCount)
        XCTAssertLessThanOrEqual(index, IndexPage.budget)
        XCTAssertLessThanOrEqual(index, 100_000)
        for (category, bytes) in zip(Category.allCases, analyses) { XCTAssertLessThanOrEqual(bytes, 500_000, "\(category).md") }
        XCTAssertLessThanOrEqual(reviews.max() ?? 0, 200_000)

        // Every page also as HTML beside it, within three times the Markdown's budget.
        let markdownPages = written.filter { $0.hasSuffix(".md") }
        XCTAssertEqual(markdownPages.count, 1 + Category.allCases.count + Self.memberCount)
        for page in markdownPages { XCTAssertTrue(written.contains(page.dropLast(3) + ".html"), page) }
        let indexHTML = try size("index.html"), analysesHTML = try Category.allCases.map { try size("\($0.rawValue).html") }
        let reviewsHTML = try written.filter { $0.hasPrefix("reviews/") && $0.hasSuffix(".html") }.map(size)
        print("HTML page sizes: index.html \(indexHTML) bytes; analysis pages \(analysesHTML.map(String.init).joined(separator: ", ")) bytes; "
            + "review pages up to \(reviewsHTML.max() ?? 0) bytes")
        XCTAssertLessThanOrEqual(indexHTML, 300_000)
        for (category, bytes) in zip(Category.allCases, analysesHTML) { XCTAssertLessThanOrEqual(bytes, 1_500_000, "\(category).html") }
        XCTAssertLessThanOrEqual(reviewsHTML.max() ?? 0, 600_000)
        let consistencyHTML = try String(contentsOfFile: directory + "/consistency.html", encoding: .utf8)
        XCTAssertTrue(consistencyHTML.contains(" more in <a href=\"consistency.csv\">consistency.csv</a>.</p>"), "the HTML table is cut too")

        // Where a table was cut, the page says how many rows are left and in which file.
        let consistency = try String(contentsOfFile: directory + "/consistency.md", encoding: .utf8)
        XCTAssertTrue(consistency.contains(" more in [consistency.csv](consistency.csv)."), "the findings table is cut")
        let review = try String(contentsOfFile: "\(directory)/reviews/AS\(Self.largest).md", encoding: .utf8)
        XCTAssertTrue(review.contains(" more in the report's findings.csv (`member_asn` \(Self.largest))"), "the findings table is cut")
        XCTAssertTrue(review.contains(" more in the report's sessions.csv"), "the sessions table is cut")
        let summary = try String(contentsOfFile: directory + "/index.md", encoding: .utf8)
        XCTAssertTrue(summary.contains(" more in [run.json](run.json)."), "the data-quality list is cut")
        // Every route behind the largest member's finding is in the routes table, none on a page.
        let routes = try Self.gunzip(directory + "/consistency-routes.csv.gz")
        XCTAssertEqual(routes.utf8.lazy.filter { $0 == 10 }.count, 1 + 200_000 + (Self.findingCount - 1),
                       "header, the large finding's routes, one for each other finding")
    }

    func testATableStopsAtItsShareAndSaysHowManyRowsAreLeft() {
        // 100 rows of "| row n |\n" within 200 bytes: the header and rule take
        // "| h |\n| --- |\n" = 14 bytes, leaving 186. Rows 0-9 are 10 bytes each (100), rows
        // 10-16 11 bytes each (77): 177 in all; row 17 would make 188 > 186. So 17 rows, then
        // "83 more in x.csv.".
        var page = Markdown(budget: 10_000)
        page.table(["h"], count: 100, within: 200, more: { "\($0) more in x.csv." }) { ["row \($0)"] }
        XCTAssertTrue(page.text.contains("| row 16 |\n\n83 more in x.csv."), page.text)
        XCTAssertFalse(page.text.contains("| row 17 |"))
    }

    func testNoTableGrowsPastThePageBudget() {
        // A page of 1,000 bytes: whatever a table is allowed, it leaves the room for the line
        // that says what was cut (600 bytes), so the page ends under its budget.
        var page = Markdown(budget: 1_000)
        page.table(["h"], count: 1_000, more: { "\($0) more." }) { _ in [String(repeating: "x", count: 40)] }
        XCTAssertLessThanOrEqual(page.text.utf8.count, 1_000)
        XCTAssertTrue(page.text.hasSuffix(" more.\n\n"), page.text)
    }

    // MARK: the day

    static func largeDay() -> DayReport {
        let hostile = String(repeating: "|*_[Ж]", count: 60)
        var members: [Member] = []
        for n in 0..<memberCount {
            let asn = n == 0 ? largest : ASN(UInt32(65_000 + n))
            members.append(Member(asn: asn, name: "Member \(n) \(hostile)", ipv4: [IPAddress(ipv4: 0xB9010F00 &+ UInt32(n))]))
        }
        let rib = AdjRIBIn()
        let attributes = rib.attributes.intern(pathAttributes([64500, 3356, 15169]))
        for source in ["rs1", "rs2"] {
            let session = rib.session(SessionID(source: source, peerAddress: IPAddress(ipv4: 0xB9010F00), peerASN: largest), partial: false)
            for n in 0..<100_000 {
                rib.announce(session, RouteKey(prefix: Prefix(address: IPAddress(ipv4: 0x0A00_0000 &+ UInt32(n) << 8), length: 24)),
                             attributes: attributes, at: 1_795_219_200)
            }
        }
        for n in 1...600 {
            _ = rib.session(SessionID(source: "rs1", peerAddress: IPAddress(ipv4: 0x0B00_0000 &+ UInt32(n)), peerASN: largest), partial: false)
        }
        var findings: [Finding] = []
        let everyRoute = (0..<200_000).map { n in
            AffectedRoute(source: n < 100_000 ? "rs1 185.1.15.0" : "rs2 185.1.15.0",
                          prefix: Prefix(address: IPAddress(ipv4: 0x0A00_0000 &+ UInt32(n % 100_000) << 8), length: 24),
                          detail: "missing on the other route server \(hostile)")
        }
        findings.append(Finding(.rsPrefixSet, member: largest, memberName: members[0].name, source: "rs1;rs2",
                                prefix: everyRoute[0].prefix, evidence: "200 000 prefixes on some route servers only \(hostile)",
                                count: 100_000, routes: everyRoute, routesAffected: 100_000))
        let checks = Check.all.filter { $0.category == .consistency }
        for n in 1..<findingCount {
            let member = n < 30_000 ? members[0] : members[n % memberCount]
            findings.append(Finding(checks[n % checks.count], member: member.asn, memberName: member.name, source: "rs1 185.1.15.\(n % 250)",
                                    prefix: Prefix(address: IPAddress(ipv4: 0x0C00_0000 &+ UInt32(n) << 8), length: 24),
                                    evidence: "evidence \(n) \(hostile)", count: n,
                                    routes: [AffectedRoute(source: "rs1", prefix: Prefix("12.0.0.0/24")!, detail: "\(n)")],
                                    routesAffected: n))
        }
        findings.sort { $0.severity > $1.severity }
        let longReason = "the flow file /" + String(repeating: "very/long/path/", count: 300) + "flows.csv.gz is malformed"
        let runs = Check.all.map { check in
            check.needs.contains(.flows) ? CheckRun(check: check, status: .notRun(reason: longReason))
                : CheckRun(check: check, status: .ran, findings: findings.filter { $0.check == check }.count)
        }
        let audit = AuditResult(findings: findings, checks: runs,
                                consistencyScores: members.map { MemberConsistency(asn: $0.asn, score: 0.5) }, traffic: nil)
        let inputs = (0..<1_000).map { n in
            InputFile(role: "updates rs1", path: "/data/updates.\(n).gz", state: "partial",
                      problem: "updates.\(n).gz stopped at byte \(n) \(hostile)")
        }
        return DayReport(ixpName: "Large IX \(hostile)", date: "2026-11-21", jobFile: nil, policy: ImportPolicy(name: "smarthub-ix"),
                         members: MemberDirectory(members), rib: rib, reconstruction: ReconstructionSummary(), simulation: [],
                         audit: audit, inputFiles: inputs, timings: [], toolVersion: "test")
    }

    static func pathAttributes(_ path: [UInt32]) -> PathAttributes {
        var attributes = PathAttributes()
        attributes.asPath = ASPath(sequence: path)
        attributes.nextHop = IPAddress(ipv4: 0xB9010F00)
        return attributes
    }

    /// The text of a gzip file, by `gzip -dc` (independent of the code under test).
    static func gunzip(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
