#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MRT

/// Streams the samples of one flow file (docs/flows.md): gzip, bzip2 or plain (detected from
/// the bytes, by `MRTInput`), CSV with a header row or `sflowtool -l` lines (detected from the
/// first line). Lines are cut and parsed in place in one reused buffer: nothing is allocated
/// per line. A bad line is skipped, counted by reason in `summary` and, for the first few of
/// each reason, reported with its line number; a file that breaks part-way keeps what was read
/// before and says where it stopped.
public final class FlowReader {
    public let name: String
    public private(set) var format = FlowFormat.csv
    /// What was read so far; complete once `read` has returned 0 (or `next` false).
    public private(set) var summary = FlowReadSummary()

    /// The columns a CSV header must name; `timestamp` and `packets` are optional.
    public static let requiredColumns = ["src_mac", "dst_mac", "src_ip", "dst_ip", "bytes", "sampling_rate"]
    /// Longest line kept; longer ones are skipped whole.
    public static let bufferSize = 1 << 20
    /// Lines reported per skip reason; the rest are counted, and their number reported at the end.
    static let issuesPerReason = 5

    private let input: MRTInput
    private let buffer: UnsafeMutablePointer<UInt8>
    private var position = 0
    private var filled = 0
    private var inputEnded = false
    private var stoppedBy: InputError?
    private var discardingLongLine = false
    private var lineNumber = 0
    private var layout = FlowLineLayout.sflowtool
    /// The first line of an sflowtool file, read to detect the format and not yet parsed.
    private var firstDataLine: (offset: Int, count: Int)?
    private var skipCounts = [Int](repeating: 0, count: FlowSkipReason.allCases.count)
    private var finished = false

    /// `tap` sees the file's raw bytes as they are read (a digest of what was analysed).
    public convenience init(path: String, tap: ByteTap? = nil) throws(FlowReadError) {
        let input: MRTInput
        do { input = try MRTInput(path: path, tap: tap) } catch { throw .cannotOpen(file: path, reason: error.description) }
        try self.init(input: input)
    }

    /// Flow text already in memory, compressed or not (tests, benchmarks).
    public convenience init(bytes: [UInt8], name: String = "<memory>") throws(FlowReadError) {
        let input: MRTInput
        do { input = try MRTInput(bytes: bytes, name: name) } catch { throw .cannotOpen(file: name, reason: error.description) }
        try self.init(input: input)
    }

    private init(input: MRTInput) throws(FlowReadError) {
        self.input = input
        name = input.name
        buffer = .allocate(capacity: Self.bufferSize)
        summary.files = 1
        var detected: FlowFormat?
        while detected == nil, let line = nextLine() {
            summary.lines += 1
            guard line.kind == .whole else {
                skip(line.kind == .tooLong ? .tooLong : .truncated, line, onIssue: { _ in })
                continue
            }
            var (p, n) = (line.start, line.count)
            if n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF { (p, n) = (p + 3, n - 3) }  // a UTF-8 byte order mark
            if Self.isBlank(p, n) {
                summary.blankLines += 1
            } else if Self.startsWith(p, n, "FLOW,") || Self.startsWith(p, n, "CNTR,") {
                detected = .sflowtool
                layout = .sflowtool
                firstDataLine = (p - UnsafePointer(buffer), n)
                summary.lines -= 1  // counted again when parsed
                lineNumber -= 1
            } else {
                let header = String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
                layout = try FlowLineLayout(header: header, file: name, line: lineNumber)
                summary.headerLines += 1
                detected = .csv
            }
        }
        guard let detected else { throw .empty(file: name) }
        format = detected
    }

    deinit { buffer.deallocate() }

    /// Fills `sample` with the next sample; false at the end of the file. Skipped lines and
    /// where the file broke are reported to `onIssue`.
    public func next(into sample: inout FlowSample, onIssue: (FlowIssue) -> Void) -> Bool {
        withUnsafeMutablePointer(to: &sample) { read(into: UnsafeMutableBufferPointer(start: $0, count: 1), onIssue: onIssue) == 1 }
    }

    /// Fills `samples` from the start with the next samples; returns how many, fewer than
    /// asked only at the end of the file (0 once it is over). Skipped lines and where the file
    /// broke are reported to `onIssue`.
    public func read(into samples: UnsafeMutableBufferPointer<FlowSample>, onIssue: (FlowIssue) -> Void) -> Int {
        // The layout and the counts live in locals for the loop: a class's stored properties
        // are checked for exclusive access on every use.
        let layout = self.layout, sflowtool = format == .sflowtool
        var count = 0, lines = 0, blank = 0, counters = 0
        defer {
            summary.lines += lines
            summary.blankLines += blank
            summary.counterLines += counters
            summary.samples += count
        }
        while count < samples.count {
            let line: Line
            if let first = firstDataLine {
                firstDataLine = nil
                lineNumber += 1
                line = Line(start: UnsafePointer(buffer) + first.offset, count: first.count, kind: .whole)
            } else if let read = nextLine() {
                line = read
            } else {
                finish(onIssue: onIssue)
                break
            }
            lines += 1
            guard line.kind == .whole else {
                skip(line.kind == .tooLong ? .tooLong : .truncated, line, onIssue: onIssue)
                continue
            }
            if Self.isBlank(line.start, line.count) {
                blank += 1
                continue
            }
            if sflowtool {
                if Self.startsWith(line.start, line.count, "CNTR,") {
                    counters += 1
                    continue
                }
                guard Self.startsWith(line.start, line.count, "FLOW,") else {
                    skip(.unknownLine, line, onIssue: onIssue)
                    continue
                }
            }
            if let reason = layout.parse(line.start, line.count, into: &samples[count]) {
                skip(reason, line, onIssue: onIssue)
                continue
            }
            count += 1
        }
        return count
    }

    // MARK: lines

    private struct Line {
        enum Kind { case whole, tooLong, cutOff }
        var start: UnsafePointer<UInt8>
        var count: Int
        var kind: Kind
    }

    /// The next line without its line ending, or nil at the end of the data.
    private func nextLine() -> Line? {
        while true {
            if position < filled {
                let rest = filled - position
                if let found = memchr(buffer + position, 0x0A, rest) {
                    let end = found.assumingMemoryBound(to: UInt8.self) - buffer
                    let start = position
                    position = end + 1
                    lineNumber += 1
                    if discardingLongLine {
                        discardingLongLine = false
                        return Line(start: UnsafePointer(buffer + start), count: 0, kind: .tooLong)
                    }
                    var count = end - start
                    if count > 0 && buffer[start + count - 1] == 0x0D { count -= 1 }
                    return Line(start: UnsafePointer(buffer + start), count: count, kind: .whole)
                }
                if inputEnded {
                    let start = position
                    position = filled
                    lineNumber += 1
                    if discardingLongLine {
                        discardingLongLine = false
                        return Line(start: UnsafePointer(buffer + start), count: 0, kind: .tooLong)
                    }
                    var count = rest
                    if buffer[start + count - 1] == 0x0D { count -= 1 }
                    return Line(start: UnsafePointer(buffer + start), count: count, kind: stoppedBy == nil ? .whole : .cutOff)
                }
                if position == 0 && filled == Self.bufferSize {
                    // No line ending in a full buffer: drop it and skip to the next line ending.
                    discardingLongLine = true
                    position = filled
                }
            } else if inputEnded {
                return nil
            }
            refill()
        }
    }

    private func refill() {
        if position > 0 {
            let rest = filled - position
            if rest > 0 { buffer.update(from: buffer + position, count: rest) }
            filled = rest
            position = 0
        }
        do {
            let count = try input.read(into: UnsafeMutableRawBufferPointer(start: buffer + filled, count: Self.bufferSize - filled))
            if count == 0 { inputEnded = true }
            filled += count
        } catch {
            stoppedBy = error
            inputEnded = true
        }
    }

    private func skip(_ reason: FlowSkipReason, _ line: Line, onIssue: (FlowIssue) -> Void) {
        skipCounts[reason.rawValue] += 1
        guard reason.isProblem, skipCounts[reason.rawValue] <= Self.issuesPerReason else { return }
        let shown = String(decoding: UnsafeBufferPointer(start: line.start, count: min(line.count, 120)), as: UTF8.self)
        let text = line.count == 0 ? "" : " in \"\(shown)\(line.count > 120 ? "..." : "")\""
        onIssue(FlowIssue(file: name, line: lineNumber, reason: reason, message: "line skipped: \(reason)\(text)"))
    }

    private func finish(onIssue: (FlowIssue) -> Void) {
        guard !finished else { return }
        finished = true
        for reason in FlowSkipReason.allCases where skipCounts[reason.rawValue] > 0 {
            summary.skipped[reason] = skipCounts[reason.rawValue]
            let more = skipCounts[reason.rawValue] - Self.issuesPerReason
            if reason.isProblem && more > 0 {
                onIssue(FlowIssue(file: name, line: 0, reason: reason, message: "\(more) more lines skipped: \(reason)"))
            }
        }
        if let stoppedBy {
            let message = "flow file stopped at line \(lineNumber): \(stoppedBy.description)"
            summary.stoppedFiles.append("\(name): \(message)")
            onIssue(FlowIssue(file: name, line: 0, reason: nil, message: message))
        }
    }

    private static func isBlank(_ p: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        for i in 0..<count where p[i] != 0x20 && p[i] != 0x09 { return false }
        return true
    }

    private static func startsWith(_ p: UnsafePointer<UInt8>, _ count: Int, _ text: StaticString) -> Bool {
        guard count >= text.utf8CodeUnitCount else { return false }
        let expected = text.utf8Start
        for i in 0..<text.utf8CodeUnitCount where p[i] != expected[i] { return false }
        return true
    }
}
