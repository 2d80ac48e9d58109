import Audit
import Foundation

/// `members.csv`: one row per member of the member list with its day in numbers.
public enum MemberSummaryTable {
    public static let header = [
        "member_asn", "member_name", "sessions", "route_server_sessions", "ipv4_prefixes", "ipv6_prefixes",
        "routes_received", "reach", "consistency_score", "errors", "warnings", "notices", "infos", "changes",
    ]

    public static func write(_ summaries: [MemberSummary], to table: inout CSVWriter) {
        for member in summaries {
            table.number(member.asn.rawValue)
            table.text(member.name)
            table.number(member.sessions)
            table.number(member.routeServerSessions)
            table.number(member.ipv4Prefixes)
            table.number(member.ipv6Prefixes)
            table.number(member.routesReceived)
            table.number(member.reach)
            table.text(member.consistencyScore.map { String(format: "%.3f", $0) })
            for severity in [Severity.error, .warning, .notice, .info] { table.number(member.findings[severity] ?? 0) }
            table.number(member.changes)
            table.endRow()
        }
    }
}
