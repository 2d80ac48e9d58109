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

    /// An empty batch to fill. The reading half leaves the compact forms to the applying half
    /// (`RouteChanges`) only when that half has a core of its own.
    func emptyBatch() -> RouteChanges { RouteChanges(leavingCompactFormsToApplier: worker != nil) }

    /// Applies `batch` now, or hands it over (waiting while `depth` batches already wait); in
    /// both cases `batch` is then empty, with the memory of a batch applied before.
    func send(_ batch: inout RouteChanges) {
        guard let worker else {
            applier.apply(batch)
            batch.empty()
            return
        }
        var next = worker.applied() ?? emptyBatch()
        swap(&batch, &next)
        worker.submit(next)
    }

    /// Returns once every batch sent is applied; the RIB is then the reading thread's again.
    func finish() {
        worker?.finish()
    }

    private final class Worker: @unchecked Sendable {
        private let condition = NSCondition()
        private var waiting: [RouteChanges] = []
        /// Batches applied and emptied, for the reading half to fill again: a batch is about half
        /// a megabyte, and growing a new one each time cost both halves page faults and copies.
        private var emptied: [RouteChanges] = []
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

        func applied() -> RouteChanges? {
            condition.withLock { emptied.popLast() }
        }

        func finish() {
            condition.withLock {
                closed = true
                condition.broadcast()
                while !done { condition.wait() }
            }
        }

        func run() {
            while var batch = next() {
                applier.apply(batch)
                batch.empty()
                condition.withLock {
                    // No more batches than before: those waiting and those emptied together.
                    if emptied.count + waiting.count < RouteChangePipe.depth { emptied.append(batch) }
                }
            }
        }

        /// The next batch to apply; nil once the reading half has finished and none waits.
        private func next() -> RouteChanges? {
            condition.withLock {
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
        }
    }
}
