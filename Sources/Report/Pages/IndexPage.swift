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
        page(day, summaries: summaries, charts: charts, tables: tables).markdown
    }

    public static func page(_ day: DayReport, summaries: [MemberSummary], charts: [(file: String, title: String, svg: String)],
                            tables: LargeTables = LargeTables()) -> Page {
        var page = Page(budget: budget)
        page.heading(1, "\(day.ixpName): day report \(plain: day.date)")
        let findings = day.audit.findings
        let bySeverity = Dictionary(grouping: findings, by: \.severity).mapValues(\.count)
        let notRun = day.audit.checks.filter { !$0.ran }
        let sessions = day.rib.sortedSessions
        let routes = sessions.reduce(0) { $0 + $1.ipv4Routes + $1.ipv6Routes }
        let onServers = summaries.filter { $0.routeServerSessions > 0 }.count
        page.paragraph("Policy \(code: day.policy.name) (\(day.policy.title)). "
            + "Made by ixaudit \(plain: day.toolVersion)" + (day.jobFile.map { " from \(code: URL(fileURLWithPath: $0).lastPathComponent)" } ?? .empty) + ".")
        if let changes = day.changes { ChangesSection.render(changes, findings: findings, into: &page) }
        page.heading(2, "At a glance")
        page.bullets([
            "\(strong: "\(plain: PageText.count(findings.count)) findings"): \(plain: PageText.count(bySeverity[.error] ?? 0)) errors, "
                + "\(plain: PageText.count(bySeverity[.warning] ?? 0)) warnings, \(plain: PageText.count(bySeverity[.notice] ?? 0)) notices, "
                + "\(plain: PageText.count(bySeverity[.info] ?? 0)) info.",
            "\(plain: PageText.count(day.audit.checks.count - notRun.count)) of \(day.audit.checks.count) checks ran"
                + (notRun.isEmpty ? "." : "; \(notRun.count) could not run (see \(link: "Data quality", to: .section("data-quality")))."),
            "\(plain: PageText.count(summaries.count)) members, \(onServers) on the route servers; \(plain: PageText.count(sessions.count)) sessions "
                + "on \(Set(sessions.map(\.id.source)).count) sources; \(plain: PageText.count(routes)) routes at the end of the day.",
            "\(plain: PageText.count(day.reconstruction.updateMessages)) UPDATE messages applied over the day; "
                + "\(plain: PageText.count(sessions.reduce(0) { $0 + $1.resets })) session resets.",
        ] + trafficLine(day))

        page.heading(2, "Findings by analysis")
        let severities: [Severity] = [.error, .warning, .notice, .info]
        var rows: [[Span]] = []
        for category in Category.allCases {
            let here = findings.filter { $0.category == category }
            let checks = day.audit.checks.filter { $0.check.category == category }
            rows.append(["\(link: Span(plain: category.title), to: .page(category.rawValue))"] + severities.map { severity in
                Span(plain: PageText.count(here.filter { $0.severity == severity }.count))
            } + ["\(checks.filter(\.ran).count) of \(checks.count)"])
        }
        page.table(["analysis", "errors", "warnings", "notices", "info", "checks run"], rows, alignRight: [1, 2, 3, 4])
        if let chart = charts.first(where: { $0.file == "findings.svg" }) {
            page.chart("Findings by analysis and severity", path: "charts/findings.svg", svg: chart.svg)
        }

        page.heading(2, "Top findings")
        let top = TopFindings.select(findings)
        if top.isEmpty {
            page.paragraph("No finding at warning or above.")
        } else {
            page.table(["severity", "check", "member", "where", "prefix", "impact", "evidence"], count: top.count, within: 30_000,
                       more: { "\($0) more in \(link: "findings.csv", to: .file("findings.csv"))." }) { index in
                let row = top[index], finding = row.finding
                return [Span(plain: finding.severity.rawValue), Span(code: finding.check.id.description), PageText.member(finding.member, finding.memberName),
                        Span(row.place), finding.prefix.map { Span(code: $0.description) } ?? .empty,
                        Span(plain: TopFindings.Impact(finding).text), PageText.evidence(finding.evidence, limit: 100)]
            }
            page.paragraph("The findings at warning or above that touch most routes, then most members, then most traffic, most severe "
                + "first; one row for a finding seen alike on several route servers, at most \(TopFindings.perMember) rows per member "
                + "(its review page has the rest). All findings: \(link: "findings.csv", to: .file("findings.csv")), and one page per analysis above.")
        }

        page.heading(2, "Members")
        let largest = summaries.sorted { ($0.ipv4Prefixes + $0.ipv6Prefixes, $1.asn) > ($1.ipv4Prefixes + $1.ipv6Prefixes, $0.asn) }.prefix(15)
        page.table(["member", "IPv4", "IPv6", "received", "reach", "consistency", "errors", "warnings", "review"],
                   largest.map { m in
                       [PageText.member(m.asn, m.name), Span(plain: PageText.count(m.ipv4Prefixes)), Span(plain: PageText.count(m.ipv6Prefixes)),
                        Span(plain: PageText.count(m.routesReceived)), Span(plain: PageText.count(m.reach)),
                        Span(plain: m.consistencyScore.map { String(format: "%.3f", $0) } ?? ""), Span(plain: PageText.count(m.findings[.error] ?? 0)),
                        Span(plain: PageText.count(m.findings[.warning] ?? 0)), "\(link: "AS\(m.asn)", to: .page("reviews/AS\(m.asn)"))"]
                   }, alignRight: [1, 2, 3, 4, 5, 6, 7], within: 20_000, more: { "\($0) more in \(link: "members.csv", to: .file("members.csv"))." })
        page.paragraph("The \(largest.count) members with most prefixes; every member: \(link: "members.csv", to: .file("members.csv")) and \(code: "reviews/"). "
            + "\(emphasis: "received"): routes the route servers give the member (each route server's export mode); \(emphasis: "reach"): members that get at least one of its routes; "
            + "\(emphasis: "consistency"): share of its prefixes announced alike on all its sessions.")

        page.heading(2, "Charts")
        for chart in charts where chart.file != "findings.svg" {
            page.chart(chart.title, path: "charts/\(chart.file)", svg: chart.svg)
        }

        page.heading(2, "Data quality")
        page.bullets(dataQuality(day, sessions: sessions), within: 15_000, more: { "\($0) more in \(link: "run.json", to: .file("run.json"))." })
        if !notRun.isEmpty {
            page.table(["check", "why it did not run"], notRun.map { run in
                guard case let .notRun(reason) = run.status else { return [] }
                return [Span(code: run.check.id.description), Span(reason)]
            }, within: 15_000, more: { "\($0) more in \(link: "checks.csv", to: .file("checks.csv"))." })
        }

        page.heading(2, "Files of this report")
        let file = { (name: String) -> Span in "\(link: Span(plain: name), to: .file(name))" }
        page.table(["file", "what it holds"], [
            [file("findings.csv"), "every finding, most severe first (check, clause, member, where, prefix, evidence, traffic, first and last seen, count, routes affected, id)"],
            [file("checks.csv"), "every check: ran with its count, or not run and why"],
            ["\(code: "<analysis>.md"), \(code: "<analysis>.csv"), \(code: tables.fileName("<analysis>-routes"))",
             "one page, one table of findings and one table of the routes behind them (by \(code: "finding_id")) per analysis"],
            [file("members.csv"), "one row per member: sessions, prefixes, routes received, reach, consistency, findings"],
            [file(tables.fileName("announcements")), "every route present at the end of the day, per session"],
            [file("sessions.csv"), "every session: member, routes, resets, updates, state"],
            [file(tables.fileName("export-matrix")), "routes each receiving session gets from each member, per route server, in its export mode (best unless the job file sets BIRD's secondary or OpenBGPD's evaluate all)"],
            [file("community-sets.csv"), "each distinct set of control communities and its audience"],
        ] + (day.audit.traffic?.potentialPeers == nil ? [] : [
            [file(tables.fileName("potential-peers")), "per member, the members it exchanges traffic with but gets no route from on the route servers, and whether a bilateral BGP session was seen"],
        ]) + [
            ["\(code: "reviews/AS<n>.md")", "one peering-review page per member"],
            [file("run.json"), "tool version, every input with size and SHA-256, records read, used and skipped, timings"],
        ])
        return page
    }

    static func trafficLine(_ day: DayReport) -> [Span] {
        guard let traffic = day.audit.traffic else { return ["No flows given: the traffic checks did not run."] }
        return [Span(plain: TrafficText.summaryLine(traffic))]
    }

    static func dataQuality(_ day: DayReport, sessions: [SessionState]) -> [Span] {
        let decode = day.reconstruction.decode
        var lines: [Span] = ["\(plain: PageText.count(decode.recordsRead)) MRT records read from \(decode.files) files: "
            + "\(plain: PageText.count(decode.recordsDecoded)) decoded, \(plain: PageText.count(decode.recordsMalformed)) malformed and skipped, "
            + "\(plain: PageText.count(decode.recordsUnsupported)) of types not decoded."]
        for file in day.inputFiles {
            if let problem = file.problem { lines.append("Input \(problem).") }
        }
        for stop in decode.stops { lines.append("Stopped early: \(stop)") }
        for (field, count) in decode.malformedByField.sorted(by: { $0.key < $1.key }) {
            lines.append("\(plain: PageText.count(count)) records malformed in \(code: field).")
        }
        let summary = day.reconstruction
        if summary.updatesBeforeBaseline > 0 {
            lines.append("\(plain: PageText.count(summary.updatesBeforeBaseline)) UPDATEs older than their source's RIB dump, already in it.")
        }
        if summary.unmatchedStateChanges > 0 {
            lines.append("\(summary.unmatchedStateChanges) state changes whose session could not be told apart.")
        }
        if summary.notClientRecords > 0 {
            lines.append("\(plain: PageText.count(summary.notClientRecords)) records about a route server itself or an unspecified peer, "
                         + "set aside: not a client (docs/route-server-semantics.md, \"Who is a client\").")
        }
        let partial = Set(sessions.filter(\.partial).map(\.id.source)).sorted()
        if !partial.isEmpty {
            lines.append("No RIB dump for \(Span.joined(partial.map { Span(code: $0) }, separator: ", ")): their state is built from updates alone (partial).")
        }
        let unknown = sessions.filter { day.members.match(peerAddress: $0.id.peerAddress, peerASN: $0.id.peerASN).member == nil }
        if !unknown.isEmpty { lines.append("\(unknown.count) sessions of peers that are not in the member list (see route-server-use).") }
        return lines
    }
}
