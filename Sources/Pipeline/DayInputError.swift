/// Why a day cannot be run: the job or policy is wrong, a required input is not usable, an
/// input is a directory or a device, or (with --strict) an input could not be used whole.
/// Each message is a sentence naming the file or field and what to do. All end the run with
/// exit 2 before anything is written.
public enum DayInputError: Error, CustomStringConvertible {
    /// The job file, a flag, the policy, the member list or the scenario is wrong.
    case configuration(String)
    /// An input that must be a file is a directory or a device.
    case notAFile(role: InputRole, path: String, kind: String)
    /// A required input (a RIB dump, the member list) cannot be used.
    case requiredInput(InputRecord)
    /// --strict: inputs that are not whole.
    case strict([InputRecord])
    /// No data at all: no job file and no MRT file.
    case noData
    /// --out cannot be claimed.
    case output(OutputError)

    public var description: String {
        switch self {
        case let .configuration(message):
            return message
        case let .notAFile(role, path, kind):
            return "\(role) \(path): is \(kind), not a file; give the file itself in \(role.whereGiven)"
        case let .requiredInput(record):
            let problem = record.problem ?? "\(record.role) \(record.path): \(record.state.label)"
            return "\(problem); the run needs it: fix or replace the file (nothing was written)"
        case let .strict(records):
            return (records.compactMap(\.problem) + ["--strict: \(records.count) input(s) not read whole; nothing was written"])
                .joined(separator: "\n")
        case let .output(error):
            return error.description
        case .noData:
            return "give a job file (--config job.yaml) or the data (--rib LABEL=FILE, --updates LABEL=GLOB)"
        }
    }
}
