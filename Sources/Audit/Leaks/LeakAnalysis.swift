// Placeholder: the leak analysis is being written.

public struct LeakSettings: Hashable, Sendable {
    public init() {}
}

public enum LeakAnalysis {
    public static func run(_ inputs: AuditInputs) -> [Finding] { [] }
}
