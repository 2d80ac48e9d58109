import Audit
import Report

/// One night as the history records it: when and how it was made, what it read, its
/// headline figures and every finding.
public struct NightRecord: Sendable {
    /// The run date, YYYY-MM-DD: the night's key. Recording it again replaces it.
    public var date: String
    public var ixp: String
    public var job: String?
    public var toolVersion: String
    /// When it was recorded, RFC 3339 UTC.
    public var recordedAt: String
    public var inputs: [InputFile]
    /// Headline figures by name (`findings_error`, `routes`, `sessions`...), for dashboards.
    public var figures: [(name: String, value: Int)]
    public var findings: [Finding]

    public init(date: String, ixp: String, job: String?, toolVersion: String, recordedAt: String, inputs: [InputFile],
                figures: [(name: String, value: Int)], findings: [Finding]) {
        self.date = date
        self.ixp = ixp
        self.job = job
        self.toolVersion = toolVersion
        self.recordedAt = recordedAt
        self.inputs = inputs
        self.figures = figures
        self.findings = findings
    }
}
