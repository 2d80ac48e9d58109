import Foundation
import MRT

/// Compresses and writes a table's bytes on a thread of its own while the caller renders the
/// next rows: on a large day, rendering `announcements.csv.gz` and deflating it each take
/// seconds, and one after the other they were the longest part of the writing. At most two
/// buffers wait, so memory stays bounded however large the table. The first failure (disk
/// full, a compressor error) is kept and reported by `finish`; what comes after it is dropped.
final class BackgroundCompression {
    private let worker: Worker

    /// Nil when the descriptor cannot be duplicated: the writer then compresses as it goes.
    /// The thread writes through a descriptor of its own, so a writer dropped while the
    /// thread is still writing can never have it write into a file opened after it.
    init?(_ compressor: OutputCompressor, descriptor: Int32) {
        let own = dup(descriptor)
        guard own >= 0 else { return nil }
        worker = Worker(compressor: compressor, descriptor: own)
        let worker = worker
        Thread { worker.run() }.start()
    }

    /// Hands `bytes` over; waits while two buffers are already waiting.
    func submit(_ bytes: [UInt8]) { worker.submit(bytes, last: false) }

    /// Hands the last bytes over, waits until everything is written, and returns the first
    /// failure, if any.
    func finish(_ bytes: [UInt8]) -> String? {
        worker.submit(bytes, last: true)
        return worker.waitUntilDone()
    }

    /// A writer dropped without `finish` (its run failed elsewhere) still ends the thread.
    deinit { worker.abandon() }

    private final class Worker: @unchecked Sendable {
        private let condition = NSCondition()
        private var waiting: [(bytes: [UInt8], last: Bool)] = []
        private var done = false
        private var failure: String?
        private let compressor: OutputCompressor
        private let descriptor: Int32

        init(compressor: OutputCompressor, descriptor: Int32) {
            self.compressor = compressor
            self.descriptor = descriptor
        }

        func submit(_ bytes: [UInt8], last: Bool) {
            condition.withLock {
                while waiting.count >= 2 && !done { condition.wait() }
                waiting.append((bytes, last))
                condition.broadcast()
            }
        }

        func waitUntilDone() -> String? {
            condition.withLock {
                while !done { condition.wait() }
                return failure
            }
        }

        func abandon() {
            condition.withLock {
                guard !done else { return }
                failure = failure ?? "abandoned"
                waiting.append(([], true))
                condition.broadcast()
            }
        }

        func run() {
            while true {
                let next: (bytes: [UInt8], last: Bool) = condition.withLock {
                    while waiting.isEmpty { condition.wait() }
                    let next = waiting.removeFirst()
                    condition.broadcast()
                    return next
                }
                if failure == nil {
                    do {
                        let compressed = try compressor.compress(next.bytes, finish: next.last)
                        if let problem = CSVWriter.writeAll(compressed, to: descriptor) { fail(problem) }
                    } catch {
                        fail("compression failed: \(error.detail)")
                    }
                }
                if next.last {
                    if close(descriptor) != 0 { fail(String(cString: strerror(errno))) }
                    condition.withLock {
                        done = true
                        condition.broadcast()
                    }
                    return
                }
            }
        }

        private func fail(_ problem: String) {
            condition.withLock { failure = failure ?? problem }
        }
    }
}
