import Foundation
import MRT
import XCTest

/// What decoding some bytes produced: the `bgpdump -m` lines, the summary and the issues.
struct Decoded {
    var lines: [String]
    var summary: DecodeSummary
    var issues: [DecodeIssue]

    var skipped: [DecodeIssue] { issues.filter(\.skipped) }
}

/// Decodes in-memory bytes (plain, gzip or bzip2) the way `ixaudit dump` does: every record
/// through `decodeRecords`, every line through `BgpdumpLineWriter`. `inspect` sees each
/// decoded record while its bytes are still valid.
///
/// Cross-checking against the reference decoder: with MRTTESTS_FIXTURE_DIR=/some/dir set,
/// each input is also written there as `<test>-<n>.mrt` with our lines beside it as
/// `<test>-<n>.ours`, so `bgpdump -m <file>.mrt | diff - <file>.ours` compares the two.
func decode(_ bytes: [UInt8], writer: BgpdumpLineWriter = BgpdumpLineWriter(), fixture: String = #function,
            inspect: (RecordHeader, MRTRecord) -> Void = { _, _ in }) throws -> Decoded {
    let input = try MRTInput(bytes: bytes)
    var summary = DecodeSummary()
    var issues: [DecodeIssue] = []
    var output: [UInt8] = []
    decodeRecords(of: input, summary: &summary, onIssue: { issues.append($0) }) { header, record in
        writer.write(record, header: header, to: &output)
        inspect(header, record)
    }
    FixtureExport.save(bytes, output: output, name: fixture)
    return Decoded(lines: splitLines(output), summary: summary, issues: issues)
}

/// Lines of writer output; every line must end in a newline.
func splitLines(_ output: [UInt8]) -> [String] {
    guard !output.isEmpty else { return [] }
    XCTAssertEqual(output.last, UInt8(ascii: "\n"), "writer output must end with a newline")
    return String(decoding: output.dropLast(), as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
}

/// Every byte `MRTInput` hands out, read `chunk(n)` bytes at a time (n counts the calls).
func readAll(_ input: MRTInput, chunk: (Int) -> Int = { _ in 1 << 16 }) throws -> [UInt8] {
    var result: [UInt8] = []
    var calls = 0
    while true {
        var block = [UInt8](repeating: 0, count: chunk(calls))
        calls += 1
        let n = try block.withUnsafeMutableBytes { try input.read(into: $0) }
        if n == 0 { return result }
        result += block[0..<n]
    }
}

enum FixtureExport {
    nonisolated(unsafe) static var counter = 0
    static let directory = ProcessInfo.processInfo.environment["MRTTESTS_FIXTURE_DIR"]

    static func save(_ bytes: [UInt8], output: [UInt8], name: String) {
        guard let directory else { return }
        counter += 1
        let base = name.filter { $0.isLetter || $0.isNumber } + "-\(counter)"
        let url = URL(fileURLWithPath: directory)
        try? Data(bytes).write(to: url.appendingPathComponent(base + ".mrt"))
        try? Data(output).write(to: url.appendingPathComponent(base + ".ours"))
    }
}
