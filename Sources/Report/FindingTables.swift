import Audit
import BGP

/// `findings.csv` (and one file of the same shape per analysis), the analyses' routes tables
/// and `checks.csv`: what the analyses found, the routes behind it, and which checks ran.
public enum FindingTables {
    /// The columns that never hold a comma come first, so `cut -d,` works on them.
    public static let findingsHeader = [
        "severity", "category", "check", "member_asn", "prefix", "other_asn", "count", "first_seen", "last_seen",
        "routes_affected", "finding_id", "member_name", "other_name", "source", "clause", "evidence", "bytes", "packets",
        "share_of_member", "top",
    ]
    /// With a history, findings.csv ends with two more: `status` (new or ongoing) and
    /// `first_seen_night`. Without one it stays as it was, byte for byte.
    public static func header(history: Bool) -> [String] {
        history ? findingsHeader + ["status", "first_seen_night"] : findingsHeader
    }

    /// One row per route behind a finding; `finding_id` is the finding's in `findings.csv`.
    public static let routesHeader = [
        "finding_id", "severity", "check", "member_asn", "other_asn", "prefix", "path_id", "count", "first_seen", "last_seen",
        "source", "detail",
    ]
    public static let checksHeader = ["check", "category", "severity", "clause", "title", "status", "findings", "reason"]

    /// A finding and its id: its row number in `findings.csv`, which lists every finding in report order.
    public typealias Numbered = (id: Int, finding: Finding)

    /// Every finding with its id.
    public static func numbered(_ findings: [Finding]) -> [Numbered] {
        findings.enumerated().map { (id: $0.offset + 1, finding: $0.element) }
    }

    /// `changes`: the history's, for the `status` and `first_seen_night` columns.
    public static func write(_ findings: [Numbered], name: (ASN) -> String, changes: NightChanges? = nil,
                             to table: inout CSVWriter) {
        for (id, finding) in findings {
            table.text(finding.severity.rawValue)
            table.text(finding.category.rawValue)
            table.text(finding.check.id.description)
            table.number(finding.member?.rawValue)
            table.text(finding.prefix?.description)
            table.number(finding.otherMember?.rawValue)
            table.number(finding.count)
            table.time(finding.firstSeen)
            table.time(finding.lastSeen)
            table.number(finding.routesAffected)
            table.number(id)
            table.text(DisplayText.short(finding.memberName))
            table.text(finding.otherMember.map { DisplayText.short(name($0)) })
            table.text(finding.source)
            table.text(finding.clause)
            table.text(finding.evidence)
            if let traffic = finding.traffic {
                table.number(traffic.bytes)
                table.number(traffic.packets)
                table.text(percent(traffic.shareOfMember))
                table.text(traffic.top.map { "\($0.address) \($0.bytes)" }.joined(separator: "; "))
            } else {
                for _ in 0..<4 { table.empty() }
            }
            if let changes {
                let standing = changes.standing(of: finding)
                table.text(standing?.status)
                table.text(standing?.firstSeenNight)
            }
            table.endRow()
        }
    }

    /// Every route behind `findings`, in the findings' order.
    public static func writeRoutes(_ findings: [Numbered], to table: inout CSVWriter) {
        for (id, finding) in findings where !finding.routes.isEmpty {
            let severity = CSVWriter.escaped { $0.append(string: finding.severity.rawValue) }
            let check = CSVWriter.escaped { $0.append(string: finding.check.id.description) }
            for route in finding.routes {
                table.number(id)
                table.escapedField(severity)
                table.escapedField(check)
                table.number(finding.member?.rawValue)
                table.number(finding.otherMember?.rawValue)
                table.rendered { route.prefix.append(to: &$0) }
                table.number(route.pathID)
                table.number(route.count)
                table.time(route.firstSeen)
                table.time(route.lastSeen)
                table.text(route.source)
                table.text(route.detail)
                table.endRow()
            }
        }
    }

    public static func write(_ checks: [CheckRun], to table: inout CSVWriter) {
        for run in checks {
            table.text(run.check.id.description)
            table.text(run.check.category.rawValue)
            table.text(run.check.severity.rawValue)
            table.text(run.check.clause)
            table.text(run.check.title)
            switch run.status {
            case .ran:
                table.text("ran")
                table.number(run.findings)
                table.empty()
            case let .notRun(reason):
                table.text("not run")
                table.empty()
                table.text(reason)
            }
            table.endRow()
        }
    }

    /// A share as a percentage with two decimals (`12.34%`): stable text, no locale.
    public static func percent(_ share: Double) -> String {
        let hundredths = Int((share * 10_000).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)%"
    }
}
