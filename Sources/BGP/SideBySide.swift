import Foundation

/// Runs `first` on the calling thread and `second` on a thread of its own at the same time,
/// and returns both results once both are done: how a day's independent phases use the second
/// core (the reconstruction beside the reference files, the BGP checks beside the flows, the
/// route table beside the pages). The two may read the same values (the reconstructed RIB,
/// the inputs), never write what the other reads; each result depends only on its closure, so
/// the output is the same whichever finishes first. `first` stays on the caller's thread so
/// that callbacks it makes (progress, data problems on stderr) come from where they always
/// did. A thread rather than a dispatch queue's worker: the caller may itself be one, and a
/// pool waiting on its own work would never give `second` a turn.
public func sideBySide<A, B, E: Error>(_ first: () throws(E) -> A, _ second: () throws(E) -> B) throws(E) -> (A, B) {
    let results: (Result<A, E>, Result<B, E>) = withoutActuallyEscaping(second) { second in
        let aside = Aside(second)
        let thread = Thread { aside.run() }
        thread.start()
        let mine = Result { () throws(E) -> A in try first() }
        aside.done.wait()
        return (mine, aside.result!)
    }
    return (try results.0.get(), try results.1.get())
}

/// The closure run on the other thread and its result. The thread owns it until `done` is
/// signalled; the caller reads the result only after waiting for that.
private final class Aside<B, E: Error>: @unchecked Sendable {
    /// Let go as soon as it has run: the closure must not outlive `sideBySide`.
    private var work: (() throws(E) -> B)?
    let done = DispatchSemaphore(value: 0)
    private(set) var result: Result<B, E>?

    init(_ work: @escaping () throws(E) -> B) { self.work = work }

    func run() {
        result = Result { () throws(E) -> B in try work!() }
        work = nil
        done.signal()
    }
}
