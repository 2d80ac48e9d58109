import CSystem
import Foundation

/// A directory ixaudit owns and replaces as a whole. `--out` must be absent (it is created),
/// empty, or hold an earlier output of the same kind (the marker file `.ixaudit-output`,
/// written last). Anything else is refused before any work: a file, another directory, the
/// job's directory or one holding an input, `/`, the working or home directory.
///
/// The new output is written into a staging directory beside the target and published in one
/// step, renameat2(RENAME_EXCHANGE) on Linux, so at every instant the target is the whole old
/// or the whole new output; the old one is removed after. Where the file system cannot
/// exchange, two renames are the fallback (a crash between them leaves the old output under
/// the staging name, removed by the next run). One run at a time holds a directory (flock on
/// `.NAME.lock` beside it); SIGINT and SIGTERM remove the staging directory; a later run
/// removes staging directories a killed run left.
///
/// A class: it holds the lock for its lifetime.
public final class OutputDirectory {
    public static let markerName = ".ixaudit-output"

    /// The path as given, for messages and what the command prints.
    public let shown: String
    /// The directory replaced: `--out`, or the target of `--out` when it is a symbolic link
    /// (the link is kept).
    public let target: String
    public let kind: OutputRequest.Kind
    private let lockDescriptor: Int32
    public private(set) var staging: String?
    private var published = false

    var parent: String { (target as NSString).deletingLastPathComponent }
    var name: String { (target as NSString).lastPathComponent }

    /// Claims `request.path`: checks it may be replaced, takes the lock (waiting with
    /// `request.wait`) and removes staging directories that earlier runs left. `inputs` are
    /// the files the run reads; a directory holding one is refused.
    public init(claiming request: OutputRequest, inputs: [String]) throws(OutputError) {
        shown = request.path
        kind = request.kind
        target = try Self.target(of: request.path)
        try Self.refuseSpecialPlaces(target, shown: shown, inputs: inputs)
        // Checked before anything is created, and again under the lock: a run that held it
        // may have published meanwhile.
        try Self.checkOwned(target, shown: shown, kind: kind)
        try Self.createParent(of: target, shown: shown)
        lockDescriptor = try Self.lock((target as NSString).deletingLastPathComponent + "/." + (target as NSString).lastPathComponent + ".lock",
                                       shown: shown, wait: request.wait)
        do {
            try Self.checkOwned(target, shown: shown, kind: kind)
        } catch {
            close(lockDescriptor)
            throw error
        }
        removeLeftovers()
    }

    deinit {
        if !published { discard() }
        close(lockDescriptor)
    }

    /// Creates the staging directory the output is written into; the same one when called
    /// again (a table may be started into it before the rest is written).
    public func stage() throws(OutputError) -> String {
        if let staging { return staging }
        let path = "\(parent)/.\(name).staging-\(getpid())"
        try? FileManager.default.removeItem(atPath: path)
        guard mkdir(path, 0o755) == 0 else { throw .cannotWrite(path: path, reason: OutputError.errnoText()) }
        staging = path
        StagingCleanup.shared.watch(path)
        return path
    }

    /// Writes the marker last, then puts the staging directory in the target's place in one
    /// step and removes the old output.
    public func publish(version: String) throws(OutputError) {
        guard let staging else { return }
        let marker = "ixaudit \(version)\n\(kind.rawValue)\n"
        guard FileManager.default.createFile(atPath: staging + "/" + Self.markerName, contents: Data(marker.utf8)) else {
            throw .cannotWrite(path: staging + "/" + Self.markerName, reason: "cannot create the marker file")
        }
        TestHook.at(.beforePublish)
        let outcome: Result<Bool, OutputError> = StagingCleanup.shared.publishing(staging) {
            do throws(OutputError) {
                if FileManager.default.fileExists(atPath: target) {
                    if csystem_rename_exchange(staging, target) != 0 {
                        guard errno == EINVAL || errno == ENOSYS else { throw .cannotWrite(path: target, reason: OutputError.errnoText()) }
                        try twoRenames(staging)
                    }
                    return .success(true)
                } else if csystem_rename_noreplace(staging, target) != 0 {
                    guard errno == EINVAL || errno == ENOSYS, rename(staging, target) == 0 else {
                        throw .cannotWrite(path: target, reason: OutputError.errnoText())
                    }
                }
                return .success(false)
            } catch {
                return .failure(error)
            }
        }
        let exchanged = try outcome.get()
        if exchanged {
            TestHook.at(.afterExchange)
            try? FileManager.default.removeItem(atPath: staging)
        }
        published = true
        self.staging = nil
    }

    /// The fallback where the file system cannot exchange: the old output moves to the
    /// staging name, then the new one into place.
    private func twoRenames(_ staging: String) throws(OutputError) {
        let aside = staging + ".old"
        guard rename(target, aside) == 0 else { throw .cannotWrite(path: target, reason: OutputError.errnoText()) }
        guard rename(staging, target) == 0 else {
            let reason = OutputError.errnoText()
            _ = rename(aside, target)
            throw .cannotWrite(path: target, reason: reason)
        }
        _ = rename(aside, staging)
    }

    /// Removes the staging directory of this run, if any.
    public func discard() {
        guard let staging else { return }
        try? FileManager.default.removeItem(atPath: staging)
        StagingCleanup.shared.forget(staging)
        self.staging = nil
    }

    /// Staging directories of earlier runs on this target. The lock is held, so no live run is
    /// writing one; `NAME.partial-PID` is what versions before 0.2 left.
    private func removeLeftovers() {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: parent) else { return }
        for entry in entries where entry.hasPrefix(".\(name).staging-") || entry.hasPrefix("\(name).partial-") {
            let pid = entry.split(separator: "-").last.flatMap { Int32($0.prefix { $0.isNumber }) }
            if let pid, pid != getpid(), kill(pid, 0) == 0, entry.hasPrefix("\(name).partial-") { continue }
            try? FileManager.default.removeItem(atPath: parent + "/" + entry)
        }
    }
}
