import Foundation

/// Takes the batches of route changes a reconstruction reads and applies them to its RIB,
/// either at once on the reading thread or on a thread of its own. One route server's night
/// is read by one thread: decoding and interning on one core, applying on the other, make its
/// reconstruction about as long as the longer half instead of both. When route servers are
/// read side by side (one per core already) the changes are applied where they are read.
final class RouteChangePipe {
    private let applier: RouteChangeApplier
    private let worker: Worker?

    init(rib: AdjRIBIn, aside: Bool) {
        applier = RouteChangeApplier(rib: rib)
        if aside {
            let worker = Worker(applier: applier)
            self.worker = worker
            Thread { worker.run() }.start()
        } else {
            worker = nil
        }
    }

    /// Batches that may wait for the applying thread: a few milliseconds of decoding, so that
    /// neither half stops when the other waits a time slice for a core (about half a megabyte
    /// a batch).
    private static let depth = 8

    /// Applies `batch` now, or hands it over (waiting while `depth` batches already wait).
    func send(_ batch: RouteChanges) {
        if let worker { worker.submit(batch) } else { applier.apply(batch) }
    }

    /// Returns once every batch sent is applied; the RIB is then the reading thread's again.
    func finish() {
        worker?.finish()
    }

    private final class Worker: @unchecked Sendable {
        private let condition = NSCondition()
        private var waiting: [RouteChanges] = []
        private var closed = false
        private var done = false
        private let applier: RouteChangeApplier

        init(applier: RouteChangeApplier) { self.applier = applier }

        func submit(_ batch: RouteChanges) {
            condition.withLock {
                while waiting.count >= RouteChangePipe.depth { condition.wait() }
                waiting.append(batch)
                condition.broadcast()
            }
        }

        func finish() {
            condition.withLock {
                closed = true
                condition.broadcast()
                while !done { condition.wait() }
            }
        }

        func run() {
            while true {
                let next: RouteChanges? = condition.withLock {
                    while waiting.isEmpty && !closed { condition.wait() }
                    guard !waiting.isEmpty else {
                        done = true
                        condition.broadcast()
                        return nil
                    }
                    let next = waiting.removeFirst()
                    condition.broadcast()
                    return next
                }
                guard let next else { return }
                applier.apply(next)
            }
        }
    }
}
