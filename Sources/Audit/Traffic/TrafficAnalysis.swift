// Placeholder: the flow reader and the traffic checks are being written.

public struct TrafficSettings: Hashable, Sendable {
    public init() {}
}

public struct TrafficResult {
    public var findings: [Finding] = []
}

public enum TrafficAnalysis {
    public static func run(_ inputs: AuditInputs, onIssue: (String) -> Void) -> TrafficResult { TrafficResult() }
}
