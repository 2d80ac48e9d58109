import Foundation
@testable import Report
import XCTest

/// One page model, two outputs: each escapes what came from outside for its own format.
final class PageHTMLTests: XCTestCase {
    /// A member name as a hostile IX-F export could give it: markup, both quotes, an
    /// ampersand, a NUL, a CRLF that would start a new line, a bell.
    static let hostile = "<script>alert(\"x\")</script> O'Neil & Sons\r\n<img src=x onerror=alert(1)>\u{0}\u{7}|*_[x](y)"

    func testHostileNamesAreInertInBothFormats() {
        var page = Page()
        page.heading(1, "Peering review: AS64500 \(Self.hostile)")
        page.paragraph("Member \(Self.hostile), prefix \(code: Self.hostile)")
        page.table(["member", "routes"], [["\(Self.hostile)", "12"]], alignRight: [1])
        page.bullets(["\(link: "\(Self.hostile)", to: .page("reviews/AS64500"))"])
        let html = page.html
        for raw in ["<script>alert", "<img src=x", "\r", "\n<img", "\u{0}", "\u{7}", "O'Neil", "\"x\""] {
            XCTAssertFalse(html.contains(raw), "raw \(raw.debugDescription) in the HTML")
        }
        XCTAssertTrue(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; O&#39;Neil &amp; Sons  &lt;img src=x"), html)
        XCTAssertEqual(html.components(separatedBy: "<script>").count - 1, 0, "a page without a long table has no script at all")
        let markdown = page.markdown
        XCTAssertTrue(markdown.contains("\\<script\\>alert(\"x\")\\</script\\> O'Neil \\& Sons  \\<img"), markdown)
        XCTAssertFalse(markdown.contains("\r"))
        XCTAssertTrue(markdown.contains("| \\<script\\>"), "the table cell is escaped, its pipe too")
    }

    func testLinksLeadToThePagesOfTheirOwnFormat() {
        var page = Page()
        page.heading(2, "Data quality")
        page.paragraph("\(link: "Back", to: .page("index")), \(link: "AS1", to: .page("reviews/AS1")), "
            + "\(link: "findings.csv", to: .file("findings.csv")), \(link: "Data quality", to: .section("data-quality"))")
        XCTAssertTrue(page.markdown.contains("[Back](index.md), [AS1](reviews/AS1.md), [findings.csv](findings.csv), [Data quality](#data-quality)"))
        let html = page.html
        XCTAssertTrue(html.contains("<a href=\"index.html\">Back</a>, <a href=\"reviews/AS1.html\">AS1</a>, "
            + "<a href=\"findings.csv\">findings.csv</a>, <a href=\"#data-quality\">Data quality</a>"), html)
        XCTAssertTrue(html.contains("<h2 id=\"data-quality\">Data quality</h2>"), "the anchor GitHub gives the Markdown heading")
    }

    func testTheDocumentLoadsNothing() {
        var page = Page()
        page.heading(1, "Day")
        page.chart("Findings", path: "charts/findings.svg", svg: BarChart(title: "Findings", legend: ["n"], bars: [.init(label: "a", values: [1])], unit: "").svg)
        page.table(["n"], count: 20, alignRight: [0]) { ["\($0)"] }
        let html = page.html
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"))
        XCTAssertTrue(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"))
        XCTAssertTrue(html.contains("<figure role=\"img\" aria-label=\"Findings\">\n<svg xmlns="), "the chart is inline")
        XCTAssertFalse(html.contains("charts/findings.svg"), "the chart file is not linked")
        XCTAssertFalse(html.contains(" src="), "no element loads a source")
        // The only URL is the SVG namespace, which names and loads nothing.
        let urls = html.components(separatedBy: "://").count - 1
        XCTAssertEqual(urls, html.components(separatedBy: "http://www.w3.org/2000/svg").count - 1, "no URL but the SVG namespace")
        XCTAssertTrue(html.contains("<table class=\"sortable\">"), "20 rows sort")
        XCTAssertTrue(html.contains("<th class=\"num\" data-numeric>n</th>"))
        XCTAssertTrue(html.contains("<script>\nfor (const th of document.querySelectorAll(\"table.sortable th\"))"))
    }

    /// The HTML shows the rows the Markdown shows, or fewer when its own budget ends first,
    /// and says how many are left where, as the Markdown does.
    func testACutTableSaysWhatIsLeftInBothFormats() {
        var page = Page(budget: 10_000)
        page.table(["h"], count: 100, within: 200, more: { "\($0) more in \(link: "x.csv", to: .file("x.csv"))." }) { ["row \($0)"] }
        XCTAssertTrue(page.markdown.contains("| row 16 |\n\n83 more in [x.csv](x.csv)."), page.markdown)
        let html = page.html
        XCTAssertTrue(html.contains("<td>row 16</td>"))
        XCTAssertFalse(html.contains("<td>row 17</td>"))
        XCTAssertTrue(html.contains("<p>83 more in <a href=\"x.csv\">x.csv</a>.</p>"), html)

        // A page whose HTML budget (3 × 4,000 bytes) ends before the Markdown's: fewer rows, the right count.
        var small = Page(budget: 4_000)
        small.table(["h"], count: 1_000, more: { "\($0) more." }) { _ in [Span(String(repeating: "&", count: 20))] }
        let markdownRows = small.markdown.components(separatedBy: "\n| \\&").count - 1
        let smallHTML = small.html
        let htmlRows = smallHTML.components(separatedBy: "<tr><td>").count - 1
        XCTAssertGreaterThan(htmlRows, 0)
        XCTAssertLessThan(htmlRows, markdownRows, "each & is 5 bytes in HTML, 2 in Markdown")
        XCTAssertTrue(smallHTML.contains("<p>\(1_000 - htmlRows) more.</p>"), smallHTML)
        XCTAssertLessThanOrEqual(smallHTML.utf8.count, small.htmlBudget, "the whole file, head, style and script included")
    }
}
