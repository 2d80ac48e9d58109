// Placeholder: the BGP transit-abuse checks are being written.

public enum TransitAbuseAnalysis {
    public static func run(_ inputs: AuditInputs) -> [Finding] { [] }
}
