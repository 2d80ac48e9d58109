import Audit
import BGP
import Foundation

/// Small formatting shared by the pages: stable across runs and locales.
enum PageText {
    static func member(_ asn: ASN?, _ name: String) -> String {
        guard let asn else { return Markdown.escape(name) }
        return "AS\(asn) " + Markdown.escape(name == "AS\(asn)" ? "" : name)
    }

    static func count(_ value: Int) -> String { BarChart.format(Double(value)) }

    /// Evidence shortened for a table cell; the CSV has all of it.
    static func evidence(_ text: String, limit: Int = 180) -> String {
        let short = text.count > limit ? String(text.prefix(limit - 1)) + "…" : text
        return Markdown.escape(short)
    }

    static func bytes(_ value: UInt64) -> String {
        let units = ["B", "kB", "MB", "GB", "TB", "PB"]
        var v = Double(value), unit = 0
        while v >= 1000 && unit < units.count - 1 { v /= 1000; unit += 1 }
        return unit == 0 ? "\(value) B" : String(format: "%.1f %@", v, units[unit])
    }

    static func findingRow(_ finding: Finding) -> [String] {
        [finding.severity.rawValue, Markdown.code(finding.check.id.description), member(finding.member, finding.memberName),
         Markdown.escape(finding.source), finding.prefix.map { Markdown.code($0.description) } ?? "",
         evidence(finding.evidence), count(finding.count)]
    }

    static let findingHeader = ["severity", "check", "member", "where", "prefix", "evidence", "count"]
}
