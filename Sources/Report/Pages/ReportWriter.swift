import Audit
import BGP
import Foundation
import Job
import Routing

/// Writes the whole report of a day into a directory (docs/architecture.md, "Reports"); returns the
/// files written, relative to it. The tables with a row per route are written as `tables` says
/// (gzip unless asked otherwise); every page keeps to its size budget, whatever the IXP's size.
/// The files are written on both cores and listed in one fixed order, the same on every run.
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

    /// The files in the order listed, written side by side (`ReportFiles.write`): the parts
    /// read the day and the shared inputs computed first, and write only their own files.
    private static func writeAllButAnnouncements(_ day: DayReport, into directory: String, tables: LargeTables) throws -> [String] {
        let files = ReportFiles(directory: directory, tables: tables)
        // The closures called for every row capture the member list, not the day: a day an
        // escaping closure captures is copied (each of its fields retained) on every call.
        let members = day.members
        let name = { (asn: ASN) in DayReport.name(asn, in: members) }
        let sessionsOf = day.sessionsByMember
        // What the member pages, the index and the charts share; the two largest side by side.
        let (summaries, (rejectionsOf, missedOf)) = sideBySide({ MemberSummary.all(day, sessionsOf: sessionsOf) },
                                                               { (ReviewPage.rejections(day: day), MissedRoutesSection.rows(day: day)) })
        var charts = ReportCharts.all(day, summaries: summaries)
        if let traffic = day.audit.traffic { charts.append(TrafficText.chart(traffic, day: day)) }

        let numbered = FindingTables.numbered(day.audit.findings)
        var parts: [ReportPart] = []
        parts.append {
            try files.csv("findings.csv", FindingTables.header(history: day.changes != nil)) {
                FindingTables.write(numbered, name: name, changes: day.changes, to: &$0)
            }
        }
        parts.append { try files.csv("checks.csv", FindingTables.checksHeader) { FindingTables.write(day.audit.checks, to: &$0) } }
        for category in Category.allCases {
            let here = numbered.filter { $0.finding.category == category }
            parts.append { try files.csv("\(category.rawValue).csv", FindingTables.findingsHeader) { FindingTables.write(here, name: name, to: &$0) } }
            parts.append { try files.large("\(category.rawValue)-routes", FindingTables.routesHeader) { FindingTables.writeRoutes(here, to: &$0) } }
            parts.append { try files.page(category.rawValue, AnalysisPage.page(category, day: day, tables: tables)) }
        }
        parts.append { try files.csv("members.csv", MemberSummaryTable.header) { MemberSummaryTable.write(summaries, to: &$0) } }
        parts.append { try files.csv("sessions.csv", SessionsTable.header) { SessionsTable.write(day.rib, owner: { SessionOwner($0, in: members) }, to: &$0) } }
        // A row per receiving session and sender: a large IXP's night has millions.
        let simulation = day.simulation
        parts.append {
            try files.large("export-matrix", SimulationTables.exportMatrixHeader) { table in
                for result in simulation {
                    SimulationTables.writeExportMatrix(result, mode: result.implementation.configuredMode, name: { members.member(asn: $0)?.name }, to: &table)
                }
            }
        }
        parts.append {
            try files.csv("community-sets.csv", SimulationTables.communitySetsHeader) { table in
                for result in simulation { SimulationTables.writeCommunitySets(result, to: &table) }
            }
        }
        if let peers = day.audit.traffic?.potentialPeers {
            parts.append { try files.large("potential-peers", PotentialPeersTable.header) { PotentialPeersTable.write(peers, name: name, to: &$0) } }
        }
        parts.append { try charts.flatMap { try files.text("charts/\($0.file)", $0.svg) } }
        let summaryOf = Dictionary(summaries.map { ($0.asn, $0) }, uniquingKeysWith: { a, _ in a })
        let findingsOf = Dictionary(grouping: day.audit.findings, by: \.member)
        let peersOf = Dictionary(grouping: day.audit.traffic?.potentialPeers ?? [], by: \.member)
        let peersKnown = day.audit.traffic?.potentialPeers != nil
        for member in day.members.members {
            parts.append {
                try files.page("reviews/AS\(member.asn)",
                               ReviewPage.page(member, day: day, summary: summaryOf[member.asn], findings: findingsOf[member.asn] ?? [],
                                               sessions: sessionsOf[member.asn] ?? [], rejections: rejectionsOf[member.asn] ?? [],
                                               potentialPeers: peersKnown ? peersOf[member.asn] ?? [] : nil, missedRoutes: missedOf[member.asn] ?? []))
            }
        }
        parts.append { try files.page("index", IndexPage.page(day, summaries: summaries, charts: charts, tables: tables)) }
        parts.append { try files.text("run.json", try RunRecord.render(day)) }
        return try ReportFiles.write(parts)
    }
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
