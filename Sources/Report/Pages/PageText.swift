import Audit
import BGP
import Foundation

/// Small formatting shared by the pages: stable across runs and locales.
enum PageText {
    static func member(_ asn: ASN?, _ name: String) -> Span {
        guard let asn else { return Span(name) }
        return "AS\(asn) \(name == "AS\(asn)" ? "" : name)"
    }

    static func count(_ value: Int) -> String { BarChart.format(Double(value)) }

    /// Evidence shortened for a table cell; the CSV has all of it.
    static func evidence(_ text: String, limit: Int = 180) -> Span {
        Span(text.count > limit ? String(text.prefix(limit - 1)) + "…" : text)
    }

    static func bytes(_ value: UInt64) -> String {
        let units = ["B", "kB", "MB", "GB", "TB", "PB"]
        var v = Double(value), unit = 0
        while v >= 1000 && unit < units.count - 1 { v /= 1000; unit += 1 }
        return unit == 0 ? "\(value) B" : String(format: "%.1f %@", v, units[unit])
    }

    static func findingRow(_ finding: Finding) -> [Span] {
        [Span(plain: finding.severity.rawValue), Span(code: finding.check.id.description), member(finding.member, finding.memberName),
         Span(finding.source), finding.prefix.map { Span(code: $0.description) } ?? .empty,
         evidence(finding.evidence), Span(plain: count(finding.count))]
    }

    static let findingHeader = ["severity", "check", "member", "where", "prefix", "evidence", "count"]
}

extension Span.Interpolation {
    /// An ASN is the report's own figure: `AS\(asn)` as is.
    mutating func appendInterpolation(_ asn: ASN) { parts.append(.plain(asn.description)) }
}
