import Audit
import BGP

/// `findings.csv` (and one file of the same shape per analysis) and `checks.csv`: what the
/// analyses found, and which checks ran.
public enum FindingTables {
    /// The columns that never hold a comma come first, so `cut -d,` works on them.
    public static let findingsHeader = [
        "severity", "category", "check", "member_asn", "prefix", "other_asn", "count", "first_seen", "last_seen",
        "member_name", "other_name", "source", "clause", "evidence", "bytes", "packets", "share_of_member", "top",
    ]
    public static let checksHeader = ["check", "category", "severity", "clause", "title", "status", "findings", "reason"]

    public static func write(_ findings: [Finding], name: (ASN) -> String, to table: inout CSVWriter) {
        for finding in findings {
            table.text(finding.severity.rawValue)
            table.text(finding.category.rawValue)
            table.text(finding.check.id)
            table.number(finding.member?.rawValue)
            table.text(finding.prefix?.description)
            table.number(finding.otherMember?.rawValue)
            table.number(finding.count)
            table.time(finding.firstSeen)
            table.time(finding.lastSeen)
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
            table.endRow()
        }
    }

    public static func write(_ checks: [CheckRun], to table: inout CSVWriter) {
        for run in checks {
            table.text(run.check.id)
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
