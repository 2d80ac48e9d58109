import BGP

// Placeholder: the consistency analysis is being written.

public struct ConsistencySettings: Hashable, Sendable {
    public init() {}
}

/// A member's consistency across its sessions.
public struct MemberConsistency: Hashable, Sendable {
    public var asn: ASN
    /// Share of its prefixes announced alike on all its sessions (0...1).
    public var score: Double
}

public enum ConsistencyAnalysis {
    public static func run(_ inputs: AuditInputs) -> (findings: [Finding], scores: [MemberConsistency]) { ([], []) }
}
