import Audit
import Job
import MRT
import Routing

/// The reference files of the audit stage, each nil when absent or unusable.
struct References {
    var relationships: ASRelationships?
    var rpki: ROASet?
    var irr: RouteObjectSet?
}

extension DayInputsLoader {
    /// Reads each reference file the job names. One that is missing, empty, unreadable or
    /// malformed is recorded, and the checks that need it will say so instead of running.
    mutating func loadReferences(_ job: JobFile) -> References {
        var references = References()
        if let path = job.inputs.relationships {
            references.relationships = read(.relationships, path: path, input: .relationships) { bytes throws(ReferenceFileError) in
                let table = try ASRelationships(bytes: bytes, file: path)
                return (table, table.count)
            }
        }
        if let path = job.inputs.rpki {
            references.rpki = read(.rpki, path: path, input: .rpki) { bytes throws(ReferenceFileError) in
                let set = try ROASet(bytes: bytes, file: path)
                return (set, set.count)
            }
        }
        if let path = job.inputs.irr {
            references.irr = read(.irr, path: path, input: .irr) { bytes throws(ReferenceFileError) in
                let set = try RouteObjectSet(bytes: bytes, file: path)
                return (set, set.count)
            }
        }
        return references
    }

    private mutating func read<T>(_ role: InputRole, path: String, input: AuditInput,
                                  parse: ([UInt8]) throws(ReferenceFileError) -> (T, Int)) -> T? {
        if let earlier = ledger.record(of: role).first(where: { $0.path == path }), !earlier.state.isUsable {
            unavailable[input] = earlier.problem
            return nil
        }
        let state: InputState
        switch Self.readWhole(path, tap: ledger.tap(path)) {
        case let .failure(error):
            state = .unreadable(reason: error.description)
        case let .success(bytes) where bytes.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }):
            state = .empty(reason: "the file holds no entries")
        case let .success(bytes):
            do {
                let (value, count) = try parse(bytes)
                if count > 0 {
                    ledger.record(role, path: path, state: .read, records: count)
                    return value
                }
                state = .empty(reason: "the file holds only comments, no entries")
            } catch {
                state = .malformed(reason: error.description)
            }
        }
        unavailable[input] = ledger.record(role, path: path, state: state).problem
        return nil
    }

    /// Opens each flow file and reads its first line (the format). A file that cannot be
    /// opened, is empty or is not a flow file is recorded; the traffic checks then do not run.
    mutating func openFlows(_ job: JobFile) -> [FlowReader] {
        guard let path = job.inputs.flows else { return [] }
        if let earlier = ledger.record(of: .flows).first(where: { $0.path == path }), !earlier.state.isUsable {
            unavailable[.flows] = earlier.problem
            return []
        }
        let state: InputState
        do {
            return [try FlowReader(path: path, tap: ledger.tap(path))]
        } catch {
            switch error {
            case let .cannotOpen(_, reason): state = .unreadable(reason: reason)
            case .empty: state = .empty(reason: "the file holds no lines")
            case .unknownFormat, .missingColumns: state = .malformed(reason: error.description)
            }
        }
        unavailable[.flows] = ledger.record(.flows, path: path, state: state).problem
        return []
    }
}
