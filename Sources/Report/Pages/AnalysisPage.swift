import Audit
import Foundation

/// `<analysis>.md`: one analysis's checks (ran or not, with counts) and its findings, most
/// severe first; the CSV of the same name has every finding, the routes table every route
/// behind them. At most `budget` bytes, whatever the number of findings.
public enum AnalysisPage {
    public static let budget = 500_000
    /// Rows shown on the page at most; the CSV holds the rest.
    static let findingsShown = 500

    public static func render(_ category: Category, day: DayReport, tables: LargeTables = LargeTables()) -> String {
        page(category, day: day, tables: tables).markdown
    }

    public static func page(_ category: Category, day: DayReport, tables: LargeTables = LargeTables()) -> Page {
        var page = Page(budget: budget)
        let csv = "\(category.rawValue).csv", routes = tables.fileName("\(category.rawValue)-routes")
        page.heading(1, "\(plain: category.title): \(day.ixpName), \(plain: day.date)")
        page.paragraph("\(link: "Back to the summary", to: .page("index")). Every finding of this analysis: \(link: "\(plain: csv)", to: .file(csv)); every route behind "
            + "them: \(link: "\(plain: routes)", to: .file(routes)) (by \(code: "finding_id")). What each check means and the exact rule: \(code: "docs/checks.md") in the project.")
        page.heading(2, "Checks")
        let runs = day.audit.checks.filter { $0.check.category == category }
        page.table(["check", "what it looks for", "rule", "severity", "status", "findings"], count: runs.count, alignRight: [5],
                   within: 60_000) { index in
            let run = runs[index]
            let status: Span
            switch run.status {
            case .ran: status = "ran"
            case let .notRun(reason): status = "not run: \(reason)"
            }
            return [Span(code: run.check.id.description), Span(run.check.title), Span(run.check.clause),
                    Span(plain: run.check.severity.rawValue), status, Span(plain: run.ran ? PageText.count(run.findings) : "")]
        }
        let findings = day.audit.findings(in: category)
        page.heading(2, "Findings")
        if findings.isEmpty {
            page.paragraph("None" + (runs.contains { !$0.ran } ? " among the checks that ran." : "."))
        } else {
            let more = { (n: Int) -> Span in "\(plain: PageText.count(n)) more in \(link: "\(plain: csv)", to: .file(csv))." }
            let traffic = findings.filter { $0.traffic != nil }
            if !traffic.isEmpty {
                page.paragraph("From sampled flows (figures scaled by the sampling rate; \(emphasis: "share"): of all the sender sent across the IX):")
                page.table(["severity", "check", "from", "to", "bytes", "share", "top destinations or sources"], count: traffic.count,
                           alignRight: [4, 5], limit: findingsShown, within: 100_000, more: more) { trafficRow(traffic[$0], day: day) }
            }
            let routing = findings.filter { $0.traffic == nil }
            if !routing.isEmpty {
                if !traffic.isEmpty { page.paragraph("From the routes:") }
                page.table(PageText.findingHeader, count: routing.count, alignRight: [6], limit: findingsShown, within: 300_000,
                           more: more) { PageText.findingRow(routing[$0]) }
            }
        }
        switch category {
        case .consistency:
            let scored = day.audit.consistencyScores.sorted { ($0.score, $0.asn) < ($1.score, $1.asn) }.prefix(15)
            if !scored.isEmpty {
                page.heading(2, "Least consistent members")
                page.table(["member", "consistency score"], scored.map { [PageText.member($0.asn, day.name($0.asn)), Span(plain: String(format: "%.3f", $0.score))] },
                           alignRight: [1], within: 20_000)
                page.paragraph("Score: the share of the member's prefixes announced alike on all its sessions (1.000 is fully consistent). Every member: \(link: "members.csv", to: .file("members.csv")).")
            }
        case .defaultPointing, .transitAbuse:
            if let traffic = day.audit.traffic {
                page.heading(2, "Traffic")
                page.paragraph(Span(plain: TrafficText.summaryLine(traffic)))
                if category == .defaultPointing {
                    let chart = TrafficText.chart(traffic, day: day)
                    page.chart(chart.title, path: "charts/\(chart.file)", svg: chart.svg)
                }
            }
        case .leaks, .routeServerUse:
            break
        }
        return page
    }

    static func trafficRow(_ finding: Finding, day: DayReport) -> [Span] {
        let figures = finding.traffic!
        return [Span(plain: finding.severity.rawValue), Span(code: finding.check.id.description), PageText.member(finding.member, finding.memberName),
                finding.otherMember.map { PageText.member($0, day.name($0)) } ?? .empty, Span(plain: PageText.bytes(figures.bytes)),
                Span(plain: FindingTables.percent(figures.shareOfMember)),
                Span.joined(figures.top.prefix(3).map { "\(code: $0.address) \(plain: PageText.bytes($0.bytes))" }, separator: ", ")]
    }
}
