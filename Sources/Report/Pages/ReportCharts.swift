import Audit
import BGP
import RouteServer
import Routing

/// The report's SVG charts, each a file name and its drawing.
public enum ReportCharts {
    public static func all(_ day: DayReport, summaries: [MemberSummary]) -> [(file: String, title: String, svg: String)] {
        var charts: [(String, String, String)] = []
        let largest = summaries.sorted { ($0.ipv4Prefixes + $0.ipv6Prefixes, $1.asn) > ($1.ipv4Prefixes + $1.ipv6Prefixes, $0.asn) }
            .prefix(5).map(\.asn)
        let changed = summaries.filter { $0.changes > 0 && !largest.contains($0.asn) }
            .sorted { ($0.changes, $1.asn) > ($1.changes, $0.asn) }.prefix(5).map(\.asn)
        let source = day.simulation.first?.routeServer ?? day.rib.sortedSessions.first?.id.source ?? ""
        charts.append(("routes-largest.svg", "Routes of the largest members over the day",
                       routesOverDay(day, asns: Array(largest), source: source, title: "Routes of the largest members on \(source)")))
        charts.append(("routes-most-changed.svg", "Routes of the most changed members over the day",
                       routesOverDay(day, asns: Array(changed), source: source, title: "Routes of the most changed members on \(source)")))
        charts.append(("export-reach.svg", "Export reach per member", exportReach(summaries)))
        charts.append(("community-policies.svg", "Mix of community policies", communityPolicies(day)))
        charts.append(("findings.svg", "Findings by category and severity", findings(day.audit)))
        return charts
    }

    /// Each member's route count (both families, all its sessions on `source`) at the end of
    /// each interval of the day.
    static func routesOverDay(_ day: DayReport, asns: [ASN], source: String, title: String) -> String {
        var series: [LineChart.Series] = []
        let end = day.reconstruction.end
        for asn in asns {
            let sessions = day.rib.sortedSessions.filter { $0.id.source == source && $0.id.peerASN == asn }
            guard !sessions.isEmpty else { continue }
            let times = Set(sessions.flatMap { $0.series.map(\.time) }).sorted()
            var points: [(time: UInt32, value: Double)] = []
            for time in times {
                let total = sessions.reduce(0) { sum, session in
                    let last = session.series.last { $0.time <= time }
                    return sum + (last.map { $0.ipv4 + $0.ipv6 } ?? 0)
                }
                points.append((time, Double(total)))
            }
            if let end, let last = points.last, last.time < end { points.append((end, last.value)) }
            series.append(.init(name: "AS\(asn) \(day.name(asn))", points: points))
        }
        return LineChart(title: title, series: series, unit: "routes").svg
    }

    /// How many members get at least one route of each of the 20 members with most prefixes.
    static func exportReach(_ summaries: [MemberSummary]) -> String {
        let top = summaries.filter { $0.routeServerSessions > 0 }
            .sorted { ($0.ipv4Prefixes + $0.ipv6Prefixes, $1.asn) > ($1.ipv4Prefixes + $1.ipv6Prefixes, $0.asn) }.prefix(20)
        return BarChart(title: "Members reached by each member's routes (20 largest, each route server's export mode)", legend: ["members reached"],
                        bars: top.map { .init(label: "AS\($0.asn) \($0.name)", values: [Double($0.reach)]) }, unit: "members").svg
    }

    /// The routes on the first route server by the export policy their communities express.
    static func communityPolicies(_ day: DayReport) -> String {
        var counts: [String: Double] = [:]
        for set in day.simulation.first?.communitySets ?? [] {
            counts[policyKind(set), default: 0] += Double(set.routes)
        }
        let order = ["no control community", "open", "open + exclude", "restrictive + include", "restrictive, nobody", "invalid mix"]
        return BarChart(title: "Routes by export policy (\(day.simulation.first?.routeServer ?? "no route server"))", legend: ["routes"],
                        bars: order.map { .init(label: $0, values: [counts[$0] ?? 0]) }, unit: "routes").svg
    }

    static func policyKind(_ set: CommunitySetSummary) -> String {
        let intent = set.intent
        if !set.problems.isEmpty { return "invalid mix" }
        if !intent.hasControlCommunities { return "no control community" }
        if intent.noExport || intent.noAdvertise { return "restrictive, nobody" }
        if intent.isRestrictive { return intent.included.isEmpty ? "restrictive, nobody" : "restrictive + include" }
        if !intent.excluded.isEmpty { return "open + exclude" }
        return intent.included.isEmpty ? "open" : "invalid mix"
    }

    static func findings(_ audit: AuditResult) -> String {
        let severities: [Severity] = [.error, .warning, .notice, .info]
        let bars = Category.allCases.map { category in
            BarChart.Bar(label: category.title, values: severities.map { severity in
                Double(audit.findings.filter { $0.category == category && $0.severity == severity }.count)
            })
        }
        return BarChart(title: "Findings by analysis and severity", legend: severities.map(\.rawValue),
                        colors: severities.map { Palette.severity[$0.rawValue]! }, bars: bars, unit: "").svg
    }
}
