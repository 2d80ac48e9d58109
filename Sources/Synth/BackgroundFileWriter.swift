import Foundation
import MRT

/// Compresses and writes blocks on a thread of its own while the caller makes the next ones:
/// for the flows, where gzip takes as long as making the lines. The blocks go out in the
/// order given, so the file is the same as one written in line; at most `depth` blocks wait.
final class BackgroundFileWriter: @unchecked Sendable {
    let path: String
    private let file: MRTFileWriter
    private let condition = NSCondition()
    private var pending: [[UInt8]] = []
    private var closing = false
    private var done = false
    private var failure: SynthError?
    static let depth = 4

    init(path: String, compression: Compression, level: Int32?) throws(SynthError) {
        self.path = path
        do {
            file = try MRTFileWriter(path: path, compression: compression, level: level)
        } catch {
            throw SynthError.wrap(error, path: path)
        }
        let thread = Thread { [self] in run() }
        thread.name = "synth-writer"
        thread.start()
    }

    /// Hands a block over; waits while `depth` blocks are still waiting.
    func write(_ block: [UInt8]) throws(SynthError) {
        condition.lock()
        defer { condition.unlock() }
        while pending.count >= Self.depth && failure == nil { condition.wait() }
        if let failure { throw failure }
        pending.append(block)
        condition.broadcast()
    }

    /// Waits for every block to be written and closes the file: its size on disk and before
    /// compression.
    func finish() throws(SynthError) -> (fileBytes: Int64, uncompressedBytes: Int64) {
        condition.lock()
        closing = true
        condition.broadcast()
        while !done { condition.wait() }
        let failure = self.failure
        condition.unlock()
        if let failure { throw failure }
        return (file.fileBytes, file.uncompressedBytes)
    }

    private func run() {
        while true {
            condition.lock()
            while pending.isEmpty && !closing && failure == nil { condition.wait() }
            guard !pending.isEmpty, failure == nil else {
                condition.unlock()
                break
            }
            let block = pending.removeFirst()
            condition.broadcast()
            condition.unlock()
            do {
                try file.append(block)
            } catch {
                fail(error)
            }
        }
        if failure == nil {
            do {
                try file.finish()
            } catch {
                fail(error)
            }
        }
        condition.lock()
        done = true
        condition.broadcast()
        condition.unlock()
    }

    private func fail(_ error: Error) {
        condition.lock()
        failure = SynthError.wrap(error, path: path)
        pending.removeAll()
        condition.broadcast()
        condition.unlock()
    }
}
