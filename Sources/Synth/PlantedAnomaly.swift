import BGP

/// One anomaly planted in the synthetic day on purpose: what a check of the audit
/// (`Check.all` in the Audit module, by its id) must find, with whom, and where. The day's
/// ground truth: `truth.json` lists the same under "anomalies", sorted the same way.
///
/// Route anomalies name the prefix; session and traffic anomalies do not. `otherASN` is the
/// second member involved (whose routes were leaked, whose address is the next hop, who
/// receives the traffic); `source` the route server when only one of them sees it.
public struct PlantedAnomaly: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The check id (`transit-free-asn`, `traffic-ratio`, ...).
    public var check: String
    public var asn: ASN
    /// The member's name in the IX-F export.
    public var name: String
    public var prefix: Prefix?
    public var otherASN: ASN?
    /// `rs1` or `rs2`.
    public var source: String?
    /// What was planted, for a person.
    public var detail: String

    public init(check: String, asn: ASN, name: String, prefix: Prefix? = nil, otherASN: ASN? = nil, source: String? = nil,
                detail: String) {
        self.check = check
        self.asn = asn
        self.name = name
        self.prefix = prefix
        self.otherASN = otherASN
        self.source = source
        self.detail = detail
    }

    /// Check id, then ASN, then prefix (none first), then the rest.
    public static func < (a: PlantedAnomaly, b: PlantedAnomaly) -> Bool {
        if a.check != b.check { return a.check < b.check }
        if a.asn != b.asn { return a.asn < b.asn }
        if a.prefix != b.prefix {
            guard let pa = a.prefix else { return true }
            guard let pb = b.prefix else { return false }
            return pa < pb
        }
        if a.otherASN != b.otherASN { return (a.otherASN?.rawValue ?? 0) < (b.otherASN?.rawValue ?? 0) }
        if a.source != b.source { return (a.source ?? "") < (b.source ?? "") }
        return a.detail < b.detail
    }

    /// `transit-free-asn AS64500 (Name) 192.0.2.0/24: detail`.
    public var description: String {
        var text = "\(check) AS\(asn) (\(name))"
        if let prefix { text += " \(prefix)" }
        if let otherASN { text += " -> AS\(otherASN)" }
        if let source { text += " on \(source)" }
        return text + ": " + detail
    }
}
