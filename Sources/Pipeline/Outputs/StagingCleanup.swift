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

    /// Runs `publish` (the exchange of `path` with the target) on the queue the signals are
    /// handled on, and forgets `path` in the same step: a signal is then handled wholly before
    /// it (the staging directory goes, the process ends, the target is untouched) or after
    /// it (nothing of the new output is removed). Without this, the removal could run while
    /// the exchange happens, and take part of the new output or the old one with it.
    func publishing<T>(_ path: String, _ publish: () -> T) -> T {
        queue.sync {
            let result = publish()
            paths.remove(path)
            return result
        }
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
