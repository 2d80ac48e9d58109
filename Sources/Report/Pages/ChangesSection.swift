import Audit
import BGP

/// "Since the previous night": the section index.md and every review page open with when the
/// report keeps a history. New findings by severity, the ones resolved since, and the ongoing
/// ones with how many nights they have lasted.
enum ChangesSection {
    static let listed = 20

    static func render(_ changes: NightChanges, findings: [Finding], into page: inout Page) {
        page.heading(2, "Since the previous night")
        guard let previous = changes.previousNight else {
            page.paragraph("The first night in the history: \(plain: PageText.count(findings.count)) findings recorded as the baseline; "
                + "from the next night on, this section lists what is new, resolved and ongoing.")
            return
        }
        let fresh = changes.newFindings(findings)
        let ongoing = findings.compactMap { finding in
            changes.standing(of: finding).flatMap { $0.isNew ? nil : (finding, $0) }
        }
        let bySeverity = Severity.allCases.reversed().map { severity in
            "\(fresh.filter { $0.severity == severity }.count) \(severity)"
        }.joined(separator: ", ")
        page.paragraph("Compared with \(plain: previous): \(strong: "\(plain: PageText.count(fresh.count)) new") (\(plain: bySeverity)), "
            + "\(strong: "\(plain: PageText.count(changes.resolved.count)) resolved"), \(plain: PageText.count(ongoing.count)) ongoing.")
        if !fresh.isEmpty {
            page.paragraph("New:")
            page.table(["severity", "check", "member", "key"], fresh.prefix(listed).map { finding in
                [Span(plain: finding.severity.rawValue), Span(code: finding.check.id.description), PageText.member(finding.member, finding.memberName),
                 Span(finding.identity.key)]
            }, within: 8_000)
            if fresh.count > listed { page.paragraph("\(fresh.count - listed) more new: \(code: "status") is \(code: "new") in findings.csv.") }
        }
        if !changes.resolved.isEmpty {
            page.paragraph("Resolved (present on \(plain: previous), gone now):")
            page.table(["severity", "check", "member", "key"], changes.resolved.prefix(listed).map { gone in
                [Span(plain: gone.severity.rawValue), Span(code: gone.identity.check),
                 PageText.member(gone.identity.member == 0 ? nil : ASN(gone.identity.member), gone.memberName),
                 Span(gone.identity.key)]
            }, within: 8_000)
            if changes.resolved.count > listed { page.paragraph("\(changes.resolved.count - listed) more resolved.") }
        }
        if !ongoing.isEmpty {
            let longest = ongoing.sorted { $0.1.nights != $1.1.nights ? $0.1.nights > $1.1.nights : Finding.reportOrder($0.0, $1.0) }
            page.paragraph("Ongoing, longest first:")
            page.table(["severity", "check", "member", "key", "nights", "first seen"], longest.prefix(listed).map { finding, standing in
                [Span(plain: finding.severity.rawValue), Span(code: finding.check.id.description), PageText.member(finding.member, finding.memberName),
                 Span(finding.identity.key), "\(standing.nights)", Span(plain: standing.firstSeenNight)]
            }, alignRight: [4], within: 8_000)
            if ongoing.count > listed { page.paragraph("\(ongoing.count - listed) more ongoing: see \(code: "first_seen_night") in findings.csv.") }
        }
    }
}
