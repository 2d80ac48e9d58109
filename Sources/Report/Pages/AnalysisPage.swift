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
        var page = Markdown(budget: budget)
        let csv = "\(category.rawValue).csv", routes = tables.fileName("\(category.rawValue)-routes")
        page.heading(1, "\(category.title): \(Markdown.escape(day.ixpName)), \(day.date)")
        page.paragraph("[Back to the summary](index.md). Every finding of this analysis: [\(csv)](\(csv)); every route behind "
            + "them: [\(routes)](\(routes)) (by `finding_id`). What each check means and the exact rule: `docs/checks.md` in the project.")
        page.heading(2, "Checks")
        let runs = day.audit.checks.filter { $0.check.category == category }
        page.table(["check", "what it looks for", "rule", "severity", "status", "findings"], count: runs.count, alignRight: [5],
                   within: 60_000) { index in
            let run = runs[index]
            let status: String
            switch run.status {
            case .ran: status = "ran"
            case let .notRun(reason): status = "not run: " + Markdown.escape(reason)
            }
            return [Markdown.code(run.check.id.description), Markdown.escape(run.check.title), Markdown.escape(run.check.clause),
                    run.check.severity.rawValue, status, run.ran ? PageText.count(run.findings) : ""]
        }
        let findings = day.audit.findings(in: category)
        page.heading(2, "Findings")
        if findings.isEmpty {
            page.paragraph("None" + (runs.contains { !$0.ran } ? " among the checks that ran." : "."))
        } else {
            let more = { (n: Int) in "\(PageText.count(n)) more in [\(csv)](\(csv))." }
            let traffic = findings.filter { $0.traffic != nil }
            if !traffic.isEmpty {
                page.paragraph("From sampled flows (figures scaled by the sampling rate; *share*: of all the sender sent across the IX):")
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
                page.table(["member", "consistency score"], scored.map { [PageText.member($0.asn, day.name($0.asn)), String(format: "%.3f", $0.score)] },
                           alignRight: [1], within: 20_000)
                page.paragraph("Score: the share of the member's prefixes announced alike on all its sessions (1.000 is fully consistent). Every member: [members.csv](members.csv).")
            }
        case .defaultPointing, .transitAbuse:
            if let traffic = day.audit.traffic {
                page.heading(2, "Traffic")
                page.paragraph(TrafficText.summaryLine(traffic))
                if category == .defaultPointing { page.image("Traffic to destinations the receiver did not announce", path: "charts/traffic-unannounced.svg") }
            }
        case .leaks, .routeServerUse:
            break
        }
        return page.text
    }

    static func trafficRow(_ finding: Finding, day: DayReport) -> [String] {
        let figures = finding.traffic!
        return [finding.severity.rawValue, Markdown.code(finding.check.id.description), PageText.member(finding.member, finding.memberName),
                finding.otherMember.map { PageText.member($0, day.name($0)) } ?? "", PageText.bytes(figures.bytes),
                FindingTables.percent(figures.shareOfMember),
                figures.top.prefix(3).map { Markdown.code($0.address) + " " + PageText.bytes($0.bytes) }.joined(separator: ", ")]
    }
}
