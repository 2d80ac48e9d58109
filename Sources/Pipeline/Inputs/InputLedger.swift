import Foundation
import MRT

/// Every input of one run and what became of it, in the order the run met them. Shared by
/// the loading, the reconstruction (through the taps that digest each file as it is read) and
/// the report, so it is one object. The reference files are read beside the simulation,
/// so it is used from two threads at once: every access goes through the lock.
public final class InputLedger: @unchecked Sendable {
    private var entries: [InputRecord] = []
    private var digests: [String: InputDigest] = [:]
    private let lock = NSLock()

    init() {}

    public var records: [InputRecord] { lock.withLock { entries } }

    /// The digest that sees `path`'s bytes during the pass that analyses it.
    func tap(_ path: String) -> InputDigest {
        lock.withLock {
            if let digest = digests[path] { return digest }
            let digest = InputDigest()
            digests[path] = digest
            return digest
        }
    }

    /// Records `role`'s file in `state`, with the size and digest of what its tap saw.
    @discardableResult
    func record(_ role: InputRole, path: String, state: InputState, records count: Int? = nil, skipped: Int? = nil) -> InputRecord {
        lock.withLock {
            var entry = InputRecord(role: role, path: path, state: state.naming(path), records: count, skipped: skipped)
            if let digest = digests[path], state != .missing, state != .matchedNoFile {
                entry.bytes = digest.bytes
                entry.sha256 = digest.hex
            }
            if let index = entries.firstIndex(where: { $0.role == role && $0.path == path }) {
                entries[index] = entry
            } else {
                entries.append(entry)
            }
            return entry
        }
    }

    public func record(of role: InputRole) -> [InputRecord] { records.filter { $0.role == role } }

    /// Inputs that were not used whole: what stderr and the Data-quality section list.
    public var problems: [InputRecord] { records.filter { $0.problem != nil } }

    /// What --strict refuses: anything not read whole, and patterns that matched nothing.
    var notWhole: [InputRecord] {
        records.filter { record in
            switch record.state {
            case .read: return false
            case .partial, .missing, .empty, .unreadable, .malformed, .matchedNoFile: return true
            }
        }
    }
}
