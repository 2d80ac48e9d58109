/// Where a command writes: a directory ixaudit owns (see `OutputDirectory`).
public struct OutputRequest: Sendable {
    public enum Kind: String, Sendable {
        case report
        case members
        case simulation
    }

    public var path: String
    public var kind: Kind
    /// Wait for another run writing the same directory instead of refusing.
    public var wait: Bool

    public init(path: String, kind: Kind, wait: Bool = false) {
        self.path = path
        self.kind = kind
        self.wait = wait
    }
}
