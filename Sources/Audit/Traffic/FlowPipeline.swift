import Dispatch
import Foundation

/// Reads a flow file on a thread of its own while the caller classifies on its thread:
/// decompressing and parsing a line costs about as much as classifying it, so on two cores the
/// two halves run side by side. Samples travel in a few fixed shelves handed back and forth
/// with two semaphores; nothing is allocated per sample, and batches arrive in file order.
enum FlowPipeline {
    static let shelfSize = 4096
    static let shelfCount = 4

    /// Hands every sample of `reader` to `body` in batches, on the calling thread; the reader's
    /// issues are reported to `onIssue` at the end, in the order it met them.
    static func run(_ reader: FlowReader, onIssue: (FlowIssue) -> Void, body: (UnsafeBufferPointer<FlowSample>) -> Void) {
        let shelves = Shelves(reader)
        // A thread of its own rather than a dispatch queue's: the caller may itself be a
        // queue's worker, and a pool waiting on its own work would never give the reader a turn.
        let thread = Thread {
            let reader = shelves.reader
            var shelf = 0
            while true {
                shelves.free.wait()
                let buffer = shelves.buffers[shelf]
                var count = 0
                while count < buffer.count {
                    let read = reader.read(into: UnsafeMutableBufferPointer(rebasing: buffer[count...])) { shelves.issues.append($0) }
                    if read == 0 { break }
                    count += read
                }
                shelves.counts[shelf] = count
                shelves.filled.signal()
                if count < buffer.count { break }
                shelf = (shelf + 1) % shelfCount
            }
            shelves.finished.signal()
        }
        thread.name = "flow reader"
        thread.start()
        var shelf = 0
        while true {
            shelves.filled.wait()
            let count = shelves.counts[shelf]
            body(UnsafeBufferPointer(rebasing: shelves.buffers[shelf][0..<count]))
            shelves.free.signal()
            if count < shelfSize { break }
            shelf = (shelf + 1) % shelfCount
        }
        shelves.finished.wait()
        for issue in shelves.issues { onIssue(issue) }
    }

    /// The reader, the buffers and the signals between the two threads. The reader belongs to
    /// the reading thread until it has finished; a shelf belongs to one thread at a time (the
    /// semaphores pass it on); the issues are read only after the reading thread has finished.
    private final class Shelves: @unchecked Sendable {
        let reader: FlowReader
        let buffers: [UnsafeMutableBufferPointer<FlowSample>]
        let counts: UnsafeMutablePointer<Int>
        let free = DispatchSemaphore(value: FlowPipeline.shelfCount)
        let filled = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        var issues: [FlowIssue] = []

        init(_ reader: FlowReader) {
            self.reader = reader
            buffers = (0..<FlowPipeline.shelfCount).map { _ in
                let buffer = UnsafeMutableBufferPointer<FlowSample>.allocate(capacity: FlowPipeline.shelfSize)
                buffer.initialize(repeating: .blank)
                return buffer
            }
            counts = .allocate(capacity: FlowPipeline.shelfCount)
            counts.initialize(repeating: 0, count: FlowPipeline.shelfCount)
        }

        deinit {
            for buffer in buffers { buffer.deallocate() }
            counts.deallocate()
        }
    }
}
