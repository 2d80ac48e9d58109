import Foundation
import MRT

/// A progress line on stderr — only when stderr is a terminal, so pipes, files and CI logs
/// get none of it.
final class ProgressLine {
    private let enabled: Bool
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false

    init(quiet: Bool) {
        enabled = !quiet && isatty(2) != 0
    }

    func update(_ input: MRTInput, recordsSoFar: Int) {
        guard enabled, Date().timeIntervalSince(lastDraw) > 0.25 else { return }
        lastDraw = Date()
        let elapsed = max(Date().timeIntervalSince(start), 0.001)
        var text = "\(input.name): "
        if let size = input.fileSize, size > 0 {
            text += "\(Int(Double(input.compressedOffset) * 100 / Double(size)))% of \(size / 1_000_000) MB, "
        } else {
            text += "\(input.compressedOffset / 1_000_000) MB read, "
        }
        text += "\(Int(Double(recordsSoFar) / elapsed / 1000))k records/s"
        FileHandle.standardError.write(("\r\u{1B}[K" + text).data(using: .utf8)!)
        drawn = true
    }

    /// The phase a long run is in, for commands whose phases do not report their own progress.
    func phase(_ name: String) {
        guard enabled else { return }
        let elapsed = Date().timeIntervalSince(start)
        FileHandle.standardError.write(("\r\u{1B}[K" + "\(name)... (\(Int(elapsed)) s)").data(using: .utf8)!)
        drawn = true
    }

    func finish() {
        if drawn { FileHandle.standardError.write("\r\u{1B}[K".data(using: .utf8)!) }
    }
}
