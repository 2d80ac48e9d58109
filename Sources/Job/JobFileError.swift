/// Why a job could not be loaded. Each names the file, the line (when the job came from a
/// file), the field as a path (`sources[1].updates`) and what is expected, so the message
/// reads `job.yaml:12: sources[1].updates: expected a list of file patterns`.
public enum JobFileError: Error, Hashable, CustomStringConvertible {
    case cannotRead(file: String, reason: String)
    /// The text is not YAML.
    case syntax(file: String, line: Int?, column: Int?, problem: String)
    /// A required field is absent (or empty).
    case missing(JobFileLocation, expected: String)
    /// A field has the wrong shape or value.
    case invalid(JobFileLocation, expected: String)
    /// A key the job format does not have (often a typo).
    case unknownKey(JobFileLocation, key: String, allowed: [String])
    /// Two entries share what must be unique (a source label, an address).
    case duplicate(JobFileLocation, value: String)
    /// A path uses a date placeholder and no date was given.
    case needsDate(JobFileLocation, placeholder: String)
    /// A path uses a `{...}` placeholder the job format does not have.
    case unknownPlaceholder(JobFileLocation, placeholder: String)
    /// A file the job names does not exist (checked only when files are required).
    case fileNotFound(JobFileLocation, path: String)
    /// An update-file pattern matches no file (checked only when files are required).
    case noMatch(JobFileLocation, pattern: String)

    public var location: JobFileLocation? {
        switch self {
        case .cannotRead, .syntax: return nil
        case let .missing(l, _), let .invalid(l, _), let .unknownKey(l, _, _), let .duplicate(l, _),
             let .needsDate(l, _), let .unknownPlaceholder(l, _), let .fileNotFound(l, _), let .noMatch(l, _):
            return l
        }
    }

    public var description: String {
        switch self {
        case let .cannotRead(file, reason):
            return "\(file): cannot read the job file: \(reason); check the path"
        case let .syntax(file, line, column, problem):
            let place = line.map { ":\($0)" } ?? ""
            let col = column.map { " (column \($0))" } ?? ""
            return "\(file)\(place): not valid YAML\(col): \(problem); check the indentation and quote values "
                + "that contain ': ' or start with a special character"
        case let .missing(l, expected):
            return "\(l): missing; expected \(expected)"
        case let .invalid(l, expected):
            return "\(l): expected \(expected)"
        case let .unknownKey(l, key, allowed):
            return "\(l): unknown key '\(key)'; expected one of: \(allowed.joined(separator: ", "))"
        case let .duplicate(l, value):
            return "\(l): \(value) appears twice; each must be unique"
        case let .needsDate(l, placeholder):
            return "\(l): uses {\(placeholder)} but no date was given; give the run date (YYYY-MM-DD, "
                + "e.g. with --date) or write the date into the path"
        case let .unknownPlaceholder(l, placeholder):
            return "\(l): unknown placeholder {\(placeholder)}; the date placeholders are {date} (YYYY-MM-DD), "
                + "{yyyy}, {mm} and {dd}"
        case let .fileNotFound(l, path):
            return "\(l): file \(path) does not exist; check the path (relative paths are taken from the job "
                + "file's directory) and the date"
        case let .noMatch(l, pattern):
            return "\(l): pattern \(pattern) matches no file; check the path (relative paths are taken from the "
                + "job file's directory) and the date"
        }
    }
}

/// Where in a job a problem is: the file and line when the job came from a file, and the
/// field as a path (`sources[1].updates[0]`).
public struct JobFileLocation: Hashable, Sendable, CustomStringConvertible {
    public var file: String?
    public var line: Int?
    public var field: String

    public init(file: String?, line: Int?, field: String) {
        self.file = file
        self.line = line
        self.field = field
    }

    /// `job.yaml:12: sources[1].updates`, `job.yaml: policy`, or just the field.
    public var description: String {
        switch (file, line) {
        case let (file?, line?): return "\(file):\(line): \(field)"
        case let (file?, nil): return "\(file): \(field)"
        default: return field
        }
    }
}
