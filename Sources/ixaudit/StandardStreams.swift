import ArgumentParser
import MRT
#if canImport(Glibc)
import Glibc
#endif

/// Set when a write to standard error failed: the run then ends with exit 2, as a failed
/// write anywhere else does.
nonisolated(unsafe) var standardErrorFailed = false

/// A message on standard error, with control characters made visible (`\x1b`): file contents
/// quoted in a message must not drive the terminal.
func printError(_ text: String) {
    var bytes = Array(TerminalText.visible(text).utf8)
    bytes.append(0x0A)
    if writeAll(2, bytes) != 0 { standardErrorFailed = true }
}

/// A line (or, without `newline`, a page) on standard output, checked: a closed pipe ends the
/// run quietly with 141, as SIGPIPE would; any other failure (a full disk) is exit 2 naming it.
func emit(_ text: String, newline: Bool = true) throws {
    var bytes = Array(text.utf8)
    if newline { bytes.append(0x0A) }
    try checkStandardOutput(writeAll(1, bytes))
}

/// Turns a write failure on standard output into the exit the run should end with.
func checkStandardOutput(_ error: Int32) throws {
    guard error != 0 else { return }
    if error == EPIPE { throw ExitCode(141) }
    printError("cannot write to standard output: \(String(cString: strerror(error))); nothing after this point was written")
    throw ExitCode(2)
}

/// write(2) until done; 0, or the errno of the failure.
func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Int32 {
    bytes.withUnsafeBytes { writeFully(descriptor, $0) }
}

/// Text for a terminal: every control character but line feed and tab shown as `\xNN`
/// (`\u{NNNN}` for C1 controls), so ESC sequences, CR and NUL from a file never reach the
/// terminal raw.
enum TerminalText {
    static func visible(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                let hex = String(scalar.value, radix: 16)
                out.append(contentsOf: (scalar.value < 0x80 ? "\\x" + (hex.count < 2 ? "0" + hex : hex) : "\\u{\(hex)}").unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\n" && scalar != "\t") || (0x7F...0x9F).contains(scalar.value)
    }
}
