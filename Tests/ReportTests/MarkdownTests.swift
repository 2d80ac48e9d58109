import XCTest
@testable import Report

final class MarkdownTests: XCTestCase {
    /// A member name from an IX-F export cannot open a link, a table cell or a heading.
    func testEscapesWhatCouldBecomeMarkup() {
        XCTAssertEqual(Markdown.escape("Evil | [link](x) *bold* <b>"), "Evil \\| \\[link\\](x) \\*bold\\* \\<b\\>")
        XCTAssertEqual(Markdown.escape("# heading\nnext"), "\\# heading next")
        XCTAssertEqual(Markdown.escape("MTS PJSC"), "MTS PJSC", "plain names stay as they are")
    }

    func testTableHasHeaderRuleAndAlignment() {
        var page = Markdown()
        page.table(["member", "routes"], [["A", "1"], ["B", "22"]], alignRight: [1])
        XCTAssertEqual(page.text, "| member | routes |\n| --- | ---: |\n| A | 1 |\n| B | 22 |\n\n")
    }

    func testCodeSpanKeepsBackticks() {
        XCTAssertEqual(Markdown.code("8960:8960 0:8960"), "`8960:8960 0:8960`")
        XCTAssertEqual(Markdown.code("a`b"), "`` a`b ``")
    }
}

final class ChartTests: XCTestCase {
    func testBarChartEscapesLabelsAndScalesToTheLongestBar() {
        let chart = BarChart(title: "Routes", legend: ["routes"], bars: [
            .init(label: "A&B <Networks>", values: [100]), .init(label: "C", values: [50]),
        ], unit: "routes")
        let svg = chart.svg
        XCTAssertTrue(svg.contains("A&amp;B &lt;Networks&gt;"))
        XCTAssertFalse(svg.contains("<Networks>"))
        // The plot is 460 wide: the longest bar fills it, the other is half.
        XCTAssertTrue(svg.contains("width=\"460\""), svg)
        XCTAssertTrue(svg.contains("width=\"230\""), svg)
    }

    func testLineChartDrawsOneLinePerSeries() {
        let chart = LineChart(title: "Routes over the day", series: [
            .init(name: "AS1", points: [(0, 1), (3600, 2)]), .init(name: "AS2", points: [(0, 2), (3600, 2)]),
        ], unit: "routes")
        XCTAssertEqual(chart.svg.components(separatedBy: "<polyline").count - 1, 2)
    }

    func testNumbersAreStable() {
        XCTAssertEqual(SVG.number(12.34), "12.3")
        XCTAssertEqual(SVG.number(12), "12")
        XCTAssertEqual(SVG.number(-0.5), "-0.5")
        XCTAssertEqual(BarChart.format(1234567), "1\u{2009}234\u{2009}567")
    }
}
