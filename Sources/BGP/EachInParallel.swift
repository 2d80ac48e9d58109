import Foundation

/// Calls `body` once for every index of `0..<count`, on up to `width` threads at once (the
/// caller's among them), and returns when every call has returned. Indexes are handed out in
/// order, one at a time, to whichever thread is free: a large part and a small one keep both
/// cores busy. `body` must make each index's result depend on that index alone (write only
/// what belongs to it), so the outcome is the same whatever the scheduling. Index 0 runs on
/// the caller's thread, so callbacks it makes come from where they always did. Threads, not a
/// dispatch queue's workers, for the reason `sideBySide` gives.
public func eachInParallel(_ count: Int, width: Int = ProcessInfo.processInfo.activeProcessorCount, _ body: (Int) -> Void) {
    let threads = max(1, min(width, count))
    guard threads > 1 else {
        for index in 0..<count { body(index) }
        return
    }
    withoutActuallyEscaping(body) { body in
        let work = SharedIndexes(count: count, body: body)
        let first = work.take()
        for _ in 1..<threads {
            Thread { work.drain(); work.finished.signal() }.start()
        }
        if let first { body(first) }
        work.drain()
        for _ in 1..<threads { work.finished.wait() }
        // The threads may not have ended yet, and each holds `work`: `body` must not
        // outlive this call.
        work.letGo()
    }
}

/// The results of `tasks`, in the order given, the tasks run as `eachInParallel` runs them:
/// give the longest first.
public func inParallel<T>(_ tasks: [() -> T], width: Int = ProcessInfo.processInfo.activeProcessorCount) -> [T] {
    let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: tasks.count)
    results.initialize(repeating: nil)
    defer {
        results.deinitialize()
        results.deallocate()
    }
    eachInParallel(tasks.count, width: width) { results[$0] = tasks[$0]() }
    return results.map { $0! }
}

/// The indexes not yet handed out, behind a lock; the threads draining them signal
/// `finished` when none is left for them. `body` is let go once every thread has signalled.
private final class SharedIndexes: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private let count: Int
    private var body: ((Int) -> Void)?
    let finished = DispatchSemaphore(value: 0)

    init(count: Int, body: @escaping (Int) -> Void) {
        self.count = count
        self.body = body
    }

    func drain() {
        while let index = take() { body!(index) }
    }

    func letGo() { body = nil }

    func take() -> Int? {
        lock.withLock {
            guard next < count else { return nil }
            defer { next += 1 }
            return next
        }
    }
}
