import Audit
import BGP

/// The summary's top findings: those at warning or above, ranked within each severity by
/// impact (routes affected, then members affected, then traffic bytes). The same finding seen
/// on several route servers is one row naming each of them, and no member takes more than
/// `perMember` rows, so that one member's troubles do not hide everyone else's.
enum TopFindings {
    static let shown = 15
    static let perMember = 3

    struct Row {
        /// The finding with the most impact among those merged into the row.
        var finding: Finding
        /// Where it was seen: one finding's source, or the route servers of merged ones
        /// (`rs1, rs2 185.1.15.21`).
        var place: String
    }

    static func select(_ findings: [Finding], shown: Int = shown, perMember: Int = perMember) -> [Row] {
        var merged: [DuplicateKey: (finding: Finding, impact: Impact, order: Int, labels: [String])] = [:]
        for (order, finding) in findings.enumerated() where finding.severity >= .warning {
            let key = DuplicateKey(finding)
            let label = key.label(of: finding)
            let impact = Impact(finding)
            if var known = merged[key] {
                if !known.labels.contains(label) { known.labels.append(label) }
                if impact > known.impact { (known.finding, known.impact) = (finding, impact) }
                merged[key] = known
            } else {
                merged[key] = (finding, impact, order, [label])
            }
        }
        let ranked = merged.values.sorted { a, b in
            if a.finding.severity != b.finding.severity { return a.finding.severity > b.finding.severity }
            if a.impact != b.impact { return a.impact > b.impact }
            return a.order < b.order
        }
        var rows: [Row] = []
        var perMemberSoFar: [ASN?: Int] = [:]
        for entry in ranked where rows.count < shown {
            guard perMemberSoFar[entry.finding.member, default: 0] < perMember else { continue }
            perMemberSoFar[entry.finding.member, default: 0] += 1
            let place = entry.labels.count == 1 ? entry.finding.source
                : entry.labels.sorted().joined(separator: ", ") + (DuplicateKey.address(of: entry.finding.source).map { " \($0)" } ?? "")
            rows.append(Row(finding: entry.finding, place: place))
        }
        return rows
    }

    /// What a finding touches, compared field by field: routes, then members, then bytes.
    struct Impact: Comparable {
        var routes: Int
        var members: Int
        var bytes: UInt64

        init(_ finding: Finding) {
            routes = finding.routesAffected
            members = (finding.member == nil ? 0 : 1) + (finding.otherMember == nil || finding.otherMember == finding.member ? 0 : 1)
            bytes = finding.traffic?.bytes ?? 0
        }

        static func < (a: Impact, b: Impact) -> Bool { (a.routes, a.members, a.bytes) < (b.routes, b.members, b.bytes) }

        /// `1 059 routes, 2 members, 41.2 GB`: the parts that are not nothing.
        var text: String {
            var parts: [String] = []
            if routes > 0 { parts.append("\(PageText.count(routes)) \(routes == 1 ? "route" : "routes")") }
            if members > 1 { parts.append("\(members) members") }
            if bytes > 0 { parts.append(PageText.bytes(bytes)) }
            return parts.joined(separator: ", ")
        }
    }

    /// Findings that differ only in the route server they were seen on: the same check,
    /// member, other member, prefix, evidence and session address (`rs1 185.1.15.21` and
    /// `rs2 185.1.15.21` are the same member session on two route servers).
    struct DuplicateKey: Hashable {
        var check: CheckID
        var member: ASN?
        var otherMember: ASN?
        var prefix: Prefix?
        var evidence: String
        var address: String?

        init(_ finding: Finding) {
            check = finding.check.id
            member = finding.member
            otherMember = finding.otherMember
            prefix = finding.prefix
            evidence = finding.evidence
            address = Self.address(of: finding.source)
        }

        /// The source label of a finding's session, or its whole source when it names no session.
        func label(of finding: Finding) -> String {
            address == nil ? finding.source : String(finding.source.prefix { $0 != " " })
        }

        /// `185.1.15.21` of the session `rs1 185.1.15.21`; nil for sources without a session.
        static func address(of source: String) -> String? {
            guard !source.contains(";"), let space = source.firstIndex(of: " ") else { return nil }
            return String(source[source.index(after: space)...])
        }
    }
}
