import Audit
import BGP
import Foundation
import Routing

/// `index.md`: the page a person reads first. What was read, how clean it was, what each
/// analysis found, the worst findings, the charts, and where everything else is. At most
/// `budget` bytes, whatever the IXP's size: each table and list that grows with it has its share.
public enum IndexPage {
    public static let budget = 100_000

    public static func render(_ day: DayReport, summaries: [MemberSummary], charts: [(file: String, title: String, svg: String)],
                              tables: LargeTables = LargeTables()) -> String {
        var page = Markdown(budget: budget)
        page.heading(1, "\(Markdown.escape(day.ixpName)): day report \(day.date)")
        let findings = day.audit.findings
        let bySeverity = Dictionary(grouping: findings, by: \.severity).mapValues(\.count)
        let notRun = day.audit.checks.filter { !$0.ran }
        let sessions = day.rib.sortedSessions
        let routes = sessions.reduce(0) { $0 + $1.ipv4Routes + $1.ipv6Routes }
        let onServers = summaries.filter { $0.routeServerSessions > 0 }.count
        page.paragraph("Policy \(Markdown.code(day.policy.name)) (\(Markdown.escape(day.policy.title))). "
            + "Made by ixaudit \(day.toolVersion)" + (day.jobFile.map { " from " + Markdown.code(URL(fileURLWithPath: $0).lastPathComponent) } ?? "") + ".")
        if let changes = day.changes { ChangesSection.render(changes, findings: findings, into: &page) }
        page.heading(2, "At a glance")
        page.bullets([
            "**\(PageText.count(findings.count)) findings**: \(PageText.count(bySeverity[.error] ?? 0)) errors, "
                + "\(PageText.count(bySeverity[.warning] ?? 0)) warnings, \(PageText.count(bySeverity[.notice] ?? 0)) notices, "
                + "\(PageText.count(bySeverity[.info] ?? 0)) info.",
            "\(PageText.count(day.audit.checks.count - notRun.count)) of \(day.audit.checks.count) checks ran"
                + (notRun.isEmpty ? "." : "; \(notRun.count) could not run (see [Data quality](#data-quality))."),
            "\(PageText.count(summaries.count)) members, \(onServers) on the route servers; \(PageText.count(sessions.count)) sessions "
                + "on \(Set(sessions.map(\.id.source)).count) sources; \(PageText.count(routes)) routes at the end of the day.",
            "\(PageText.count(day.reconstruction.updateMessages)) UPDATE messages applied over the day; "
                + "\(PageText.count(sessions.reduce(0) { $0 + $1.resets })) session resets.",
        ] + trafficLine(day))

        page.heading(2, "Findings by analysis")
        let severities: [Severity] = [.error, .warning, .notice, .info]
        var rows: [[String]] = []
        for category in Category.allCases {
            let here = findings.filter { $0.category == category }
            let checks = day.audit.checks.filter { $0.check.category == category }
            rows.append(["[\(category.title)](\(category.rawValue).md)"] + severities.map { severity in
                PageText.count(here.filter { $0.severity == severity }.count)
            } + ["\(checks.filter(\.ran).count) of \(checks.count)"])
        }
        page.table(["analysis", "errors", "warnings", "notices", "info", "checks run"], rows, alignRight: [1, 2, 3, 4])
        page.image("Findings by analysis and severity", path: "charts/findings.svg")

        page.heading(2, "Top findings")
        let top = TopFindings.select(findings)
        if top.isEmpty {
            page.paragraph("No finding at warning or above.")
        } else {
            page.table(["severity", "check", "member", "where", "prefix", "impact", "evidence"], count: top.count, within: 30_000,
                       more: { "\($0) more in [findings.csv](findings.csv)." }) { index in
                let row = top[index], finding = row.finding
                return [finding.severity.rawValue, Markdown.code(finding.check.id.description), PageText.member(finding.member, finding.memberName),
                        Markdown.escape(row.place), finding.prefix.map { Markdown.code($0.description) } ?? "",
                        TopFindings.Impact(finding).text, PageText.evidence(finding.evidence, limit: 100)]
            }
            page.paragraph("The findings at warning or above that touch most routes, then most members, then most traffic, most severe "
                + "first; one row for a finding seen alike on several route servers, at most \(TopFindings.perMember) rows per member "
                + "(its review page has the rest). All findings: [findings.csv](findings.csv), and one page per analysis above.")
        }

        page.heading(2, "Members")
        let largest = summaries.sorted { ($0.ipv4Prefixes + $0.ipv6Prefixes, $1.asn) > ($1.ipv4Prefixes + $1.ipv6Prefixes, $0.asn) }.prefix(15)
        page.table(["member", "IPv4", "IPv6", "received", "reach", "consistency", "errors", "warnings", "review"],
                   largest.map { m in
                       [PageText.member(m.asn, m.name), PageText.count(m.ipv4Prefixes), PageText.count(m.ipv6Prefixes),
                        PageText.count(m.routesReceived), PageText.count(m.reach),
                        m.consistencyScore.map { String(format: "%.3f", $0) } ?? "", PageText.count(m.findings[.error] ?? 0),
                        PageText.count(m.findings[.warning] ?? 0), "[AS\(m.asn)](reviews/AS\(m.asn).md)"]
                   }, alignRight: [1, 2, 3, 4, 5, 6, 7], within: 20_000, more: { "\($0) more in [members.csv](members.csv)." })
        page.paragraph("The \(largest.count) members with most prefixes; every member: [members.csv](members.csv) and `reviews/`. "
            + "*received*: routes the route servers give the member (best mode); *reach*: members that get at least one of its routes; "
            + "*consistency*: share of its prefixes announced alike on all its sessions.")

        page.heading(2, "Charts")
        for chart in charts where chart.file != "findings.svg" {
            page.image(chart.title, path: "charts/\(chart.file)")
        }

        page.heading(2, "Data quality")
        page.bullets(dataQuality(day, sessions: sessions), within: 15_000, more: { "\($0) more in [run.json](run.json)." })
        if !notRun.isEmpty {
            page.table(["check", "why it did not run"], notRun.map { run in
                guard case let .notRun(reason) = run.status else { return [] }
                return [Markdown.code(run.check.id.description), Markdown.escape(reason)]
            }, within: 15_000, more: { "\($0) more in [checks.csv](checks.csv)." })
        }

        page.heading(2, "Files of this report")
        page.table(["file", "what it holds"], [
            ["[findings.csv](findings.csv)", "every finding, most severe first (check, clause, member, where, prefix, evidence, traffic, first and last seen, count, routes affected, id)"],
            ["[checks.csv](checks.csv)", "every check: ran with its count, or not run and why"],
            ["`<analysis>.md`, `<analysis>.csv`, `\(tables.fileName("<analysis>-routes"))`",
             "one page, one table of findings and one table of the routes behind them (by `finding_id`) per analysis"],
            ["[members.csv](members.csv)", "one row per member: sessions, prefixes, routes received, reach, consistency, findings"],
            ["[\(tables.fileName("announcements"))](\(tables.fileName("announcements")))", "every route present at the end of the day, per session"],
            ["[sessions.csv](sessions.csv)", "every session: member, routes, resets, updates, state"],
            ["[export-matrix.csv](export-matrix.csv)", "routes each member gets from each other member, per route server (best mode)"],
            ["[community-sets.csv](community-sets.csv)", "each distinct set of control communities and its audience"],
        ] + (day.audit.traffic?.potentialPeers == nil ? [] : [
            ["[potential-peers.csv](potential-peers.csv)", "per member, the members it exchanges traffic with but gets no route from on the route servers, and whether a bilateral BGP session was seen"],
        ]) + [
            ["`reviews/AS<n>.md`", "one peering-review page per member"],
            ["[run.json](run.json)", "tool version, every input with size and SHA-256, records read, used and skipped, timings"],
        ])
        return page.text
    }

    static func trafficLine(_ day: DayReport) -> [String] {
        guard let traffic = day.audit.traffic else { return ["No flows given: the traffic checks did not run."] }
        return [TrafficText.summaryLine(traffic)]
    }

    static func dataQuality(_ day: DayReport, sessions: [SessionState]) -> [String] {
        let decode = day.reconstruction.decode
        var lines = ["\(PageText.count(decode.recordsRead)) MRT records read from \(decode.files) files: "
            + "\(PageText.count(decode.recordsDecoded)) decoded, \(PageText.count(decode.recordsMalformed)) malformed and skipped, "
            + "\(PageText.count(decode.recordsUnsupported)) of types not decoded."]
        for file in day.inputFiles {
            if let problem = file.problem { lines.append("Input " + Markdown.escape(problem) + ".") }
        }
        for stop in decode.stops { lines.append("Stopped early: " + Markdown.escape(stop)) }
        for (field, count) in decode.malformedByField.sorted(by: { $0.key < $1.key }) {
            lines.append("\(PageText.count(count)) records malformed in " + Markdown.code(field) + ".")
        }
        let summary = day.reconstruction
        if summary.updatesBeforeBaseline > 0 {
            lines.append("\(PageText.count(summary.updatesBeforeBaseline)) UPDATEs older than their source's RIB dump, already in it.")
        }
        if summary.unmatchedStateChanges > 0 {
            lines.append("\(summary.unmatchedStateChanges) state changes whose session could not be told apart.")
        }
        if summary.notClientRecords > 0 {
            lines.append("\(PageText.count(summary.notClientRecords)) records about a route server itself or an unspecified peer, "
                         + "set aside: not a client (docs/route-server-semantics.md, \"Who is a client\").")
        }
        let partial = Set(sessions.filter(\.partial).map(\.id.source)).sorted()
        if !partial.isEmpty {
            lines.append("No RIB dump for " + partial.map(Markdown.code).joined(separator: ", ") + ": their state is built from updates alone (partial).")
        }
        let unknown = sessions.filter { day.members.match(peerAddress: $0.id.peerAddress, peerASN: $0.id.peerASN).member == nil }
        if !unknown.isEmpty { lines.append("\(unknown.count) sessions of peers that are not in the member list (see route-server-use).") }
        return lines
    }
}
