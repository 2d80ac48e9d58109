/// What became of one input. Only `read` and `partial` inputs are used; an optional input in
/// any other state makes the checks that need it "not run" with the reason, never clean.
public enum InputState: Hashable, Sendable {
    /// Read to its end.
    case read
    /// Read up to damage (a truncated or corrupt compressed stream): what came before is used.
    case partial(reason: String)
    case missing
    /// 0 bytes, or no record, line or object at all.
    case empty(reason: String)
    case unreadable(reason: String)
    /// Not in the format expected; the reason names the offset or the line.
    case malformed(reason: String)
    /// An update-file pattern that matched no file.
    case matchedNoFile

    public var isUsable: Bool {
        switch self {
        case .read, .partial: return true
        case .missing, .empty, .unreadable, .malformed, .matchedNoFile: return false
        }
    }

    /// The state's name in run.json and the reports.
    public var label: String {
        switch self {
        case .read: return "read"
        case .partial: return "partial"
        case .missing: return "missing"
        case .empty: return "empty"
        case .unreadable: return "unreadable"
        case .malformed: return "malformed"
        case .matchedNoFile: return "matched no file"
        }
    }

    /// The state with `path: ` taken off the front of its reason, as often as the readers
    /// put it there: the record names the file once.
    func naming(_ path: String) -> InputState {
        func trimmed(_ reason: String) -> String {
            var text = Substring(reason)
            let prefix = path + ": "
            while let range = text.range(of: prefix) { text = text[..<range.lowerBound] + text[range.upperBound...] }
            return String(text)
        }
        switch self {
        case .read, .missing, .matchedNoFile: return self
        case let .partial(reason): return .partial(reason: trimmed(reason))
        case let .empty(reason): return .empty(reason: trimmed(reason))
        case let .unreadable(reason): return .unreadable(reason: trimmed(reason))
        case let .malformed(reason): return .malformed(reason: trimmed(reason))
        }
    }

    public var reason: String? {
        switch self {
        case .read, .missing, .matchedNoFile: return nil
        case let .partial(reason), let .empty(reason), let .unreadable(reason), let .malformed(reason): return reason
        }
    }
}

/// One input of the run and what became of it: digest and size of the bytes actually read
/// (computed in the same pass as the analysis), records used and skipped.
public struct InputRecord: Hashable, Sendable {
    public var role: InputRole
    /// The file, or the pattern for an update glob that matched nothing.
    public var path: String
    public var state: InputState
    /// Bytes of the file read (compressed, as on disk); nil when it was not read.
    public var bytes: Int64?
    public var sha256: String?
    /// Records, lines or objects read, and how many of them were set aside.
    public var records: Int?
    public var skipped: Int?

    public init(role: InputRole, path: String, state: InputState, bytes: Int64? = nil, sha256: String? = nil,
                records: Int? = nil, skipped: Int? = nil) {
        self.role = role
        self.path = path
        self.state = state
        self.bytes = bytes
        self.sha256 = sha256
        self.records = records
        self.skipped = skipped
    }

    /// One sentence for stderr and the Data-quality section: the role, the file, what is
    /// wrong and, for a problem, what it means for the run.
    public var problem: String? {
        let what = "\(role) \(path)"
        switch state {
        case .read:
            guard let skipped, skipped > 0 else { return nil }
            return "\(what): \(skipped) of \(records ?? 0) records malformed and skipped"
        case let .partial(reason):
            return "\(what): partial: \(reason); what was read before is used"
        case .missing:
            return "\(what): missing: no such file; give it in \(role.whereGiven)"
        case let .empty(reason):
            return "\(what): empty: \(reason)"
        case let .unreadable(reason):
            return "\(what): unreadable: \(reason)"
        case let .malformed(reason):
            return "\(what): malformed: \(reason)"
        case .matchedNoFile:
            return "\(what): the pattern matched no file; check the path and the date"
        }
    }
}
