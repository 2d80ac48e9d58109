// Placeholder: session-address and control-community checks are being written.

public enum RouteServerUseAnalysis {
    public static func run(_ inputs: AuditInputs) -> [Finding] { [] }
}
