import Foundation
import MRT

/// Passes on the data problems of parts read at the same time as if the parts had been read
/// one after the other: the first unfinished part's problems go out as they come; a later
/// part's wait until every part before it has finished. What a run prints or counts then does
/// not depend on which thread was faster. One call at a time reaches `onIssue`.
final class OrderedIssues: @unchecked Sendable {
    private let lock = NSLock()
    private let onIssue: (DecodeIssue) -> Void
    private var waiting: [[DecodeIssue]]
    private var finished: [Bool]
    /// The part whose problems go out as they come.
    private var live = 0

    init(parts: Int, onIssue: @escaping (DecodeIssue) -> Void) {
        self.onIssue = onIssue
        waiting = Array(repeating: [], count: parts)
        finished = Array(repeating: false, count: parts)
    }

    func report(_ issue: DecodeIssue, part: Int) {
        lock.withLock {
            if part == live { onIssue(issue) } else { waiting[part].append(issue) }
        }
    }

    func finish(part: Int) {
        lock.withLock {
            finished[part] = true
            while live < finished.count && finished[live] {
                live += 1
                guard live < finished.count else { return }
                for issue in waiting[live] { onIssue(issue) }
                waiting[live] = []
            }
        }
    }
}
