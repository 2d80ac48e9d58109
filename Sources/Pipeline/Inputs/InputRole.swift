/// What an input file is to the day's run. The MRT dumps of a source and the member list are
/// required: without them there is no day to analyse. The others feed some checks only.
public enum InputRole: Hashable, Sendable, CustomStringConvertible {
    case job
    case members
    case rib(source: String)
    case updates(source: String)
    case flows
    case relationships
    case rpki
    case irr
    case scenario

    /// A required input that is missing, empty, unreadable or malformed ends the run (exit 2).
    public var isRequired: Bool {
        switch self {
        case .job, .members, .rib, .scenario: return true
        case .updates, .flows, .relationships, .rpki, .irr: return false
        }
    }

    /// The role as run.json and the Data-quality section name it: `rib rs1`, `flows`.
    public var description: String {
        switch self {
        case .job: return "job"
        case .members: return "members"
        case let .rib(source): return "rib \(source)"
        case let .updates(source): return "updates \(source)"
        case .flows: return "flows"
        case .relationships: return "relationships"
        case .rpki: return "rpki"
        case .irr: return "irr"
        case .scenario: return "scenario"
        }
    }

    /// Where a user gives it: the job-file field and the flag.
    public var whereGiven: String {
        switch self {
        case .job: return "--config"
        case .members: return "members.ixf in the job file, --ixf or --member"
        case .rib: return "sources[].rib in the job file or --rib LABEL=FILE"
        case .updates: return "sources[].updates in the job file or --updates LABEL=GLOB"
        case .flows: return "flows: in the job file or --flows"
        case .relationships: return "relationships: in the job file or --relationships"
        case .rpki: return "rpki: in the job file or --rpki"
        case .irr: return "irr: in the job file or --irr"
        case .scenario: return "--scenario"
        }
    }
}
