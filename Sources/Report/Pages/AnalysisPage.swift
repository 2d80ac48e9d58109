import Audit
import Foundation

/// `<analysis>.md`: one analysis's checks (ran or not, with counts) and its findings, most
/// severe first; the CSV of the same name has every finding.
public enum AnalysisPage {
    /// Rows shown on the page; the CSV holds the rest.
    static let findingsShown = 200

    public static func render(_ category: Category, day: DayReport) -> String {
        var page = Markdown()
        page.heading(1, "\(category.title): \(Markdown.escape(day.ixpName)), \(day.date)")
        page.paragraph("[Back to the summary](index.md). Every finding of this analysis: [\(category.rawValue).csv](\(category.rawValue).csv). "
            + "What each check means and the exact rule: `docs/checks.md` in the project.")
        page.heading(2, "Checks")
        page.table(["check", "what it looks for", "rule", "severity", "status", "findings"],
                   day.audit.checks.filter { $0.check.category == category }.map { run in
                       let status: String
                       switch run.status {
                       case .ran: status = "ran"
                       case let .notRun(reason): status = "not run: " + Markdown.escape(reason)
                       }
                       return [Markdown.code(run.check.id.description), Markdown.escape(run.check.title), Markdown.escape(run.check.clause),
                               run.check.severity.rawValue, status, run.ran ? PageText.count(run.findings) : ""]
                   }, alignRight: [5])
        let findings = day.audit.findings(in: category)
        page.heading(2, "Findings")
        if findings.isEmpty {
            page.paragraph("None" + (day.audit.checks.contains { $0.check.category == category && !$0.ran } ? " among the checks that ran." : "."))
        } else {
            let traffic = findings.filter { $0.traffic != nil }
            if !traffic.isEmpty {
                page.paragraph("From sampled flows (figures scaled by the sampling rate; *share*: of all the sender sent across the IX):")
                page.table(["severity", "check", "from", "to", "bytes", "share", "top destinations or sources"],
                           traffic.prefix(findingsShown).map { trafficRow($0, day: day) }, alignRight: [4, 5])
            }
            let routing = findings.filter { $0.traffic == nil }
            if !routing.isEmpty {
                if !traffic.isEmpty { page.paragraph("From the routes:") }
                page.table(PageText.findingHeader, routing.prefix(findingsShown).map(PageText.findingRow), alignRight: [6])
            }
            if findings.count > findingsShown {
                page.paragraph("The first \(findingsShown) of \(PageText.count(findings.count)); the rest are in [\(category.rawValue).csv](\(category.rawValue).csv).")
            }
        }
        switch category {
        case .consistency:
            let scored = day.audit.consistencyScores.sorted { ($0.score, $0.asn) < ($1.score, $1.asn) }.prefix(15)
            if !scored.isEmpty {
                page.heading(2, "Least consistent members")
                page.table(["member", "consistency score"], scored.map { [PageText.member($0.asn, day.name($0.asn)), String(format: "%.3f", $0.score)] },
                           alignRight: [1])
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
