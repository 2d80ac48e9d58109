import Audit
import BGP
import Foundation
import Job
import Routing

/// Writes the whole report of a day into a directory (docs/architecture.md, "Reports"); returns the
/// files written, relative to it. The tables with a row per route are written as `tables` says
/// (gzip unless asked otherwise); every page keeps to its size budget, whatever the IXP's size.
public enum ReportWriter {
    /// `announcements`: the route table when it is already being written into `directory`
    /// (`AnnouncementsTable.writing`, started as the reconstruction ended); it is waited for.
    public static func write(_ day: DayReport, into directory: String, tables: LargeTables = LargeTables(),
                             announcements inProgress: TableWriting? = nil) throws -> [String] {
        let manager = FileManager.default
        for sub in ["charts", "reviews"] {
            try manager.createDirectory(atPath: "\(directory)/\(sub)", withIntermediateDirectories: true)
        }
        // The route table (a row per route, gzip: the largest part of the writing) is written
        // on a thread of its own beside everything else; it reads only the RIB and the member list.
        let routes = inProgress ?? AnnouncementsTable.writing(day.rib, members: day.members, into: directory, tables: tables)
        let others: [String]
        do {
            others = try writeAllButAnnouncements(day, into: directory, tables: tables)
        } catch {
            _ = try? routes.finish()
            throw error
        }
        let announcements = try routes.finish()
        var written = others
        written.insert(announcements, at: written.firstIndex(of: "members.csv").map { $0 + 1 } ?? written.count)
        return written
    }

    private static func writeAllButAnnouncements(_ day: DayReport, into directory: String, tables: LargeTables) throws -> [String] {
        var written: [String] = []
        func csv(_ name: String, _ header: [String], _ body: (inout CSVWriter) -> Void) throws {
            var table = try CSVWriter(path: "\(directory)/\(name)", header: header)
            body(&table)
            try table.finish()
            written.append(name)
        }
        func large(_ name: String, _ header: [String], _ body: (inout CSVWriter) -> Void) throws {
            var table = try tables.writer(name, in: directory, header: header)
            body(&table)
            try table.finish()
            written.append(tables.fileName(name))
        }
        func text(_ name: String, _ content: String) throws {
            try TextFile.write(content, to: "\(directory)/\(name)")
            written.append(name)
        }
        /// Each page twice, from the same blocks: `name.md` and `name.html`.
        func page(_ name: String, _ page: Page) throws {
            try text(name + ".md", page.markdown)
            try text(name + ".html", page.html)
        }
        let name = { (asn: ASN) in day.name(asn) }
        let sessionsOf = day.sessionsByMember
        let summaries = MemberSummary.all(day, sessionsOf: sessionsOf)

        let numbered = FindingTables.numbered(day.audit.findings)
        try csv("findings.csv", FindingTables.header(history: day.changes != nil)) {
            FindingTables.write(numbered, name: name, changes: day.changes, to: &$0)
        }
        try csv("checks.csv", FindingTables.checksHeader) { FindingTables.write(day.audit.checks, to: &$0) }
        for category in Category.allCases {
            let here = numbered.filter { $0.finding.category == category }
            try csv("\(category.rawValue).csv", FindingTables.findingsHeader) { FindingTables.write(here, name: name, to: &$0) }
            try large("\(category.rawValue)-routes", FindingTables.routesHeader) { FindingTables.writeRoutes(here, to: &$0) }
            try page(category.rawValue, AnalysisPage.page(category, day: day, tables: tables))
        }
        try csv("members.csv", MemberSummaryTable.header) { MemberSummaryTable.write(summaries, to: &$0) }
        try csv("sessions.csv", SessionsTable.header) { SessionsTable.write(day.rib, owner: day.sessionOwner, to: &$0) }
        // A row per receiving session and sender: a large IXP's night has millions.
        try large("export-matrix", SimulationTables.exportMatrixHeader) { table in
            for result in day.simulation {
                SimulationTables.writeExportMatrix(result, mode: result.implementation.configuredMode, name: { day.members.member(asn: $0)?.name }, to: &table)
            }
        }
        try csv("community-sets.csv", SimulationTables.communitySetsHeader) { table in
            for result in day.simulation { SimulationTables.writeCommunitySets(result, to: &table) }
        }
        if let peers = day.audit.traffic?.potentialPeers {
            try large("potential-peers", PotentialPeersTable.header) { PotentialPeersTable.write(peers, name: name, to: &$0) }
        }
        var charts = ReportCharts.all(day, summaries: summaries)
        if let traffic = day.audit.traffic { charts.append(TrafficText.chart(traffic, day: day)) }
        for chart in charts { try text("charts/\(chart.file)", chart.svg) }
        let summaryOf = Dictionary(summaries.map { ($0.asn, $0) }, uniquingKeysWith: { a, _ in a })
        let findingsOf = Dictionary(grouping: day.audit.findings, by: \.member)
        let rejectionsOf = ReviewPage.rejections(day: day)
        let peersOf = Dictionary(grouping: day.audit.traffic?.potentialPeers ?? [], by: \.member)
        let peersKnown = day.audit.traffic?.potentialPeers != nil
        let missedOf = MissedRoutesSection.rows(day: day)
        for member in day.members.members {
            try page("reviews/AS\(member.asn)",
                     ReviewPage.page(member, day: day, summary: summaryOf[member.asn], findings: findingsOf[member.asn] ?? [],
                                     sessions: sessionsOf[member.asn] ?? [], rejections: rejectionsOf[member.asn] ?? [],
                                     potentialPeers: peersKnown ? peersOf[member.asn] ?? [] : nil, missedRoutes: missedOf[member.asn] ?? []))
        }
        try page("index", IndexPage.page(day, summaries: summaries, charts: charts, tables: tables))
        try text("run.json", try RunRecord.render(day))
        return written
    }
}

extension DayReport {
    /// Whose session `id` is, as the route and session tables name it.
    func sessionOwner(_ id: SessionID) -> SessionOwner { SessionOwner(id, in: members) }
}

extension SessionMatch {
    /// The short label sessions.csv shows.
    public var label: String {
        switch self {
        case .member: return "member"
        case .addressOfAnotherMember(let owner, _): return "address of AS\(owner.asn)"
        case .asnMatchesButNotAddress: return "address not assigned by the IX (S7)"
        case .unknown: return "unknown peer"
        }
    }
}
