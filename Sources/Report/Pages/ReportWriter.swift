import Audit
import BGP
import Foundation
import Job
import Routing

/// Writes the whole report of a day into a directory (docs/architecture.md, "Reports"); returns the
/// files written, relative to it. The tables with a row per route are written as `tables` says
/// (gzip unless asked otherwise); every page keeps to its size budget, whatever the IXP's size.
public enum ReportWriter {
    public static func write(_ day: DayReport, into directory: String, tables: LargeTables = LargeTables()) throws -> [String] {
        var written: [String] = []
        let manager = FileManager.default
        for sub in ["charts", "reviews"] {
            try manager.createDirectory(atPath: "\(directory)/\(sub)", withIntermediateDirectories: true)
        }
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
        let name = { (asn: ASN) in day.name(asn) }
        let sessionsOf = day.sessionsByMember
        let summaries = MemberSummary.all(day, sessionsOf: sessionsOf)

        let numbered = FindingTables.numbered(day.audit.findings)
        try csv("findings.csv", FindingTables.findingsHeader) { FindingTables.write(numbered, name: name, to: &$0) }
        try csv("checks.csv", FindingTables.checksHeader) { FindingTables.write(day.audit.checks, to: &$0) }
        for category in Category.allCases {
            let here = numbered.filter { $0.finding.category == category }
            try csv("\(category.rawValue).csv", FindingTables.findingsHeader) { FindingTables.write(here, name: name, to: &$0) }
            try large("\(category.rawValue)-routes", FindingTables.routesHeader) { FindingTables.writeRoutes(here, to: &$0) }
            try text("\(category.rawValue).md", AnalysisPage.render(category, day: day, tables: tables))
        }
        try csv("members.csv", MemberSummaryTable.header) { MemberSummaryTable.write(summaries, to: &$0) }
        let owner = { (id: SessionID) -> SessionOwner in
            let match = day.members.match(peerAddress: id.peerAddress, peerASN: id.peerASN)
            return SessionOwner(asn: match.member?.asn, name: match.member?.name, match: match.label)
        }
        try large("announcements", AnnouncementsTable.header) { AnnouncementsTable.write(day.rib, owner: owner, to: &$0) }
        try csv("sessions.csv", SessionsTable.header) { SessionsTable.write(day.rib, owner: owner, to: &$0) }
        try csv("export-matrix.csv", SimulationTables.exportMatrixHeader) { table in
            for result in day.simulation {
                SimulationTables.writeExportMatrix(result, mode: .best, name: { day.members.member(asn: $0)?.name }, to: &table)
            }
        }
        try csv("community-sets.csv", SimulationTables.communitySetsHeader) { table in
            for result in day.simulation { SimulationTables.writeCommunitySets(result, to: &table) }
        }
        var charts = ReportCharts.all(day, summaries: summaries)
        if let traffic = day.audit.traffic { charts.append(TrafficText.chart(traffic, day: day)) }
        for chart in charts { try text("charts/\(chart.file)", chart.svg) }
        let summaryOf = Dictionary(summaries.map { ($0.asn, $0) }, uniquingKeysWith: { a, _ in a })
        let findingsOf = Dictionary(grouping: day.audit.findings, by: \.member)
        for member in day.members.members {
            try text("reviews/AS\(member.asn).md",
                     ReviewPage.render(member, day: day, summary: summaryOf[member.asn], findings: findingsOf[member.asn] ?? [],
                                       sessions: sessionsOf[member.asn] ?? []))
        }
        try text("index.md", IndexPage.render(day, summaries: summaries, charts: charts, tables: tables))
        try text("run.json", try RunRecord.render(day))
        return written
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
