import Dispatch
import Foundation

/// Removes the staging directories of this process when SIGINT or SIGTERM ends it, so an
/// interrupted run leaves nothing behind. The signals are handled on a dispatch queue, not in
/// a signal handler, because removing a tree is not async-signal-safe.
final class StagingCleanup: @unchecked Sendable {
    static let shared = StagingCleanup()
    private let queue = DispatchQueue(label: "ixaudit.staging-cleanup")
    private var paths: Set<String> = []
    private var sources: [DispatchSourceSignal] = []

    private init() {}

    func watch(_ path: String) {
        queue.sync {
            paths.insert(path)
            guard sources.isEmpty else { return }
            for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
                signal(signalNumber, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
                source.setEventHandler { [unowned self] in self.end(by: signalNumber) }
                source.resume()
                sources.append(source)
            }
        }
    }

    func forget(_ path: String) {
        queue.sync { _ = paths.remove(path) }
    }

    /// Runs on the queue: removes every staging directory (again if a file appeared meanwhile)
    /// and exits as the signal would have.
    private func end(by signalNumber: Int32) {
        for path in paths {
            for _ in 0..<5 where FileManager.default.fileExists(atPath: path) {
                try? FileManager.default.removeItem(atPath: path)
            }
        }
        fputs("ixaudit: stopped by signal \(signalNumber); the staging directory was removed and the previous output is unchanged\n", stderr)
        _exit(128 + signalNumber)
    }
}
