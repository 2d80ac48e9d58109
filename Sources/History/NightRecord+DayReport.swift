import Audit
import Foundation
import Report

extension NightRecord {
    /// The night of a day report, recorded at `now`.
    public init(_ day: DayReport, now: Date = Date()) {
        let findings = day.audit.findings
        var figures: [(name: String, value: Int)] = [("findings", findings.count)]
        for severity in Severity.allCases.reversed() {
            figures.append(("findings_\(severity)", findings.filter { $0.severity == severity }.count))
        }
        let sessions = day.rib.sortedSessions
        figures += [
            ("checks_run", day.audit.checks.filter(\.ran).count),
            ("checks_not_run", day.audit.checks.filter { !$0.ran }.count),
            ("members", day.members.members.count),
            ("sessions", sessions.count),
            ("routes", sessions.reduce(0) { $0 + $1.ipv4Routes + $1.ipv6Routes }),
            ("update_messages", day.reconstruction.updateMessages),
            ("session_resets", sessions.reduce(0) { $0 + $1.resets }),
        ]
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        let sessionsOf = day.sessionsByMember
        let simulated = !day.simulation.isEmpty
        let members = day.memberSummaries.map { member in
            MemberNight(asn: member.asn.rawValue, name: member.name, sessions: member.sessions,
                        routes: (sessionsOf[member.asn] ?? []).reduce(0) { $0 + $1.ipv4Routes + $1.ipv6Routes },
                        ipv4Prefixes: member.ipv4Prefixes, ipv6Prefixes: member.ipv6Prefixes,
                        routesReceived: member.routesReceived, reach: simulated ? member.reach : nil)
        }
        self.init(date: day.date, ixp: day.ixpName, job: day.jobFile, toolVersion: day.toolVersion,
                  recordedAt: formatter.string(from: now), inputs: day.inputFiles, figures: figures, findings: findings,
                  members: members)
    }
}
