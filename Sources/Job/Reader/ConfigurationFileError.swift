/// Why a configuration file — a job, a policy, a scenario — or a job built from flags cannot
/// be used. Each names the file, the line, the field as a path (`sources[1].updates`), what is
/// expected and, where it is not plain, what to do:
/// `job.yaml:12: sources[1].updates: expected a list of file patterns`.
public enum ConfigurationFileError: Error, Hashable, Sendable, CustomStringConvertible {
    /// `kind` names the file in the message: "job file", "policy file".
    case cannotRead(file: String, kind: String, reason: String)
    /// The text is not YAML; `problem` says what the parser found and what to do.
    case syntax(file: String, line: Int?, column: Int?, problem: String)
    /// Nothing but blanks and comments.
    case empty(file: String, expected: String)
    /// A required field is absent, null or an empty list.
    case missing(Location, expected: String)
    /// A field has the wrong shape or value.
    case invalid(Location, expected: String)
    /// A key the format does not have (often a typo).
    case unknownKey(Location, key: String, allowed: [String])
    /// Two entries share what must be unique (a source label, an address).
    case duplicate(Location, value: String)
    /// A well-formed value that cannot stand with the others (min above max, a route of a
    /// family the member has no address in).
    case rejected(Location, reason: String)
    /// A path uses a date placeholder and no date was given.
    case needsDate(Location, placeholder: String)
    /// A path uses a `{...}` placeholder the job format does not have.
    case unknownPlaceholder(Location, placeholder: String)
    /// A file the job names does not exist (checked only when files are required).
    case fileNotFound(Location, path: String)
    /// An update-file pattern matches no file (checked only when files are required).
    case noMatch(Location, pattern: String)

    /// Where in a configuration a problem is: the file and line when it came from a file,
    /// and the field as a path (`sources[1].updates[0]`; empty for the file as a whole).
    public struct Location: Hashable, Sendable, CustomStringConvertible {
        public var file: String?
        public var line: Int?
        public var field: String

        public init(file: String?, line: Int?, field: String) {
            self.file = file
            self.line = line
            self.field = field
        }

        /// `job.yaml:12: sources[1].updates`, `job.yaml: policy`, `job.yaml:1`, or the field.
        public var description: String {
            let place = file.map { name in line.map { "\(name):\($0)" } ?? name }
            return [place, field.isEmpty ? nil : field].compactMap { $0 }.joined(separator: ": ")
        }
    }

    public var location: Location {
        switch self {
        case let .cannotRead(file, _, _): return Location(file: file, line: nil, field: "")
        case let .syntax(file, line, _, _): return Location(file: file, line: line, field: "")
        case let .empty(file, _): return Location(file: file, line: 1, field: "")
        case let .missing(l, _), let .invalid(l, _), let .unknownKey(l, _, _), let .duplicate(l, _), let .rejected(l, _),
             let .needsDate(l, _), let .unknownPlaceholder(l, _), let .fileNotFound(l, _), let .noMatch(l, _):
            return l
        }
    }

    public var file: String? { location.file }
    public var line: Int? { location.line }

    public var description: String {
        let place = location.description
        return place.isEmpty ? problem : "\(place): \(problem)"
    }

    private var problem: String {
        switch self {
        case let .cannotRead(_, kind, reason):
            return "cannot read the \(kind): \(reason); check the path"
        case let .syntax(_, _, column, problem):
            return "not valid YAML\(column.map { " (column \($0))" } ?? ""): \(problem)"
        case let .empty(_, expected):
            return "the file is empty; expected \(expected)"
        case let .missing(_, expected):
            return "missing; expected \(expected)"
        case let .invalid(_, expected):
            return "expected \(expected)"
        case let .unknownKey(_, key, allowed):
            return "unknown key '\(key)'; expected one of: \(allowed.joined(separator: ", "))"
        case let .duplicate(_, value):
            return "\(value) appears twice; each must be unique"
        case let .rejected(_, reason):
            return reason
        case let .needsDate(_, placeholder):
            return "uses {\(placeholder)} but no date was given; give the run date (YYYY-MM-DD, e.g. with --date) or write "
                + "the date into the path"
        case let .unknownPlaceholder(_, placeholder):
            return "unknown placeholder {\(placeholder)}; the date placeholders are {date} (YYYY-MM-DD), {yyyy}, {mm} and {dd}"
        case let .fileNotFound(_, path):
            return "file \(path) does not exist; check the path (relative paths are taken from the job file's directory) "
                + "and the date"
        case let .noMatch(_, pattern):
            return "pattern \(pattern) matches no file; check the path (relative paths are taken from the job file's "
                + "directory) and the date"
        }
    }
}
