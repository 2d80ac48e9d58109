import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failure with a message meant for a person (what is missing and how to fix it).
struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// What a run of the `ixaudit` binary produced.
struct RunResult {
    var status: Int32
    var stdout: Data
    var stderr: String

    var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    /// stdout split into lines, without the final empty piece after the last newline.
    var stdoutLines: [Substring] { Harness.lines(stdout) }
}

/// Runs the built `ixaudit` executable as a subprocess and finds the real corpus.
enum Harness {
    /// The package root: this file is Tests/ixauditTests/Support/Harness.swift.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The `ixaudit` binary of the same build as this test bundle.
    static func binary() throws -> URL {
        var directories: [URL] = []
        #if os(macOS)
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            directories.append(bundle.bundleURL.deletingLastPathComponent())
        }
        #endif
        directories.append(Bundle.main.bundleURL)
        directories.append(Bundle.main.bundleURL.deletingLastPathComponent())
        if let first = ProcessInfo.processInfo.arguments.first {
            directories.append(URL(fileURLWithPath: first).deletingLastPathComponent())
        }
        var seen = Set<String>()
        directories = directories.filter { seen.insert($0.standardizedFileURL.path).inserted }
        var isDirectory: ObjCBool = false
        for directory in directories {
            let candidate = directory.appendingPathComponent("ixaudit")
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue,
               FileManager.default.isExecutableFile(atPath: candidate.path) {
                return candidate
            }
        }
        let message = "the ixaudit executable is not next to the test bundle (looked in "
            + directories.map(\.path).joined(separator: ", ")
            + "); build it first with `swift build -c release --product ixaudit` (same configuration and scratch path as the tests)"
        throw HarnessError(message)
    }

    /// The real MRT corpus ($IXAUDIT_CORPUS, else ../shared/corpus beside the package), or a skip.
    static func corpus() throws -> URL {
        let environment = ProcessInfo.processInfo.environment["IXAUDIT_CORPUS"].flatMap { $0.isEmpty ? nil : $0 }
        let candidate = environment.map { URL(fileURLWithPath: $0) }
            ?? packageRoot.appendingPathComponent("../shared/corpus").standardized
        var isDirectory: ObjCBool = false
        for sub in ["mrt", "bgpdump-m"] {
            guard FileManager.default.fileExists(atPath: candidate.appendingPathComponent(sub).path, isDirectory: &isDirectory),
                  isDirectory.boolValue else {
                throw XCTSkip("the real MRT corpus is not here: \(candidate.path)/\(sub) does not exist; put the corpus at "
                    + "../shared/corpus beside the project or set IXAUDIT_CORPUS=/path/to/corpus (with mrt/ and bgpdump-m/ inside)")
            }
        }
        return candidate
    }

    static func mrtFile(_ name: String) throws -> URL {
        let url = try corpus().appendingPathComponent("mrt").appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw XCTSkip("corpus file \(url.path) is missing")
        }
        return url
    }

    /// The reference decoder's `-m` output for an MRT file of the corpus, decompressed.
    static func expectedOutput(_ name: String) throws -> Data {
        let url = try corpus().appendingPathComponent("bgpdump-m").appendingPathComponent(name + ".txt.gz")
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw XCTSkip("corpus file \(url.path) is missing")
        }
        return try gunzip(url)
    }

    /// The decompressed bytes of a gzip file, by `/bin/gzip -dc` (independent of the code under test).
    static func gunzip(_ url: URL) throws -> Data {
        let gzip = ["/bin/gzip", "/usr/bin/gzip"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let gzip else { throw XCTSkip("gzip is not installed (looked for /bin/gzip and /usr/bin/gzip)") }
        let result = try run(executable: URL(fileURLWithPath: gzip), arguments: ["-dc", url.path])
        guard result.status == 0 else { throw HarnessError("gzip -dc \(url.path) failed (\(result.status)): \(result.stderr)") }
        return result.stdout
    }

    /// Runs `ixaudit` with `arguments`; `stdin` (if any) is written into a pipe to its standard input.
    static func ixaudit(_ arguments: [String], stdin: Data? = nil, environment: [String: String] = [:]) throws -> RunResult {
        try run(executable: binary(), arguments: arguments, stdin: stdin, environment: environment)
    }

    /// Starts `ixaudit` without waiting (its output discarded), for tests that signal it.
    static func start(_ arguments: [String], environment: [String: String] = [:]) throws -> Process {
        let process = Process()
        process.executableURL = try binary()
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Runs a program to completion. Its output goes to temporary files (so nothing can block
    /// on a full pipe); a run longer than `timeout` seconds is killed and fails the test.
    static func run(executable: URL, arguments: [String], stdin: Data? = nil, timeout: Double = 300,
                    environment: [String: String] = [:]) throws -> RunResult {
        signal(SIGPIPE, SIG_IGN)  // a child that exits early must not kill the test process
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let outURL = directory.appendingPathComponent("stdout")
        let errURL = directory.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: outURL)
        let errHandle = try FileHandle(forWritingTo: errURL)

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        process.standardOutput = outHandle
        process.standardError = errHandle
        let inputPipe = stdin.map { _ in Pipe() }
        process.standardInput = inputPipe ?? FileHandle.nullDevice
        try process.run()

        let killer = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: killer)
        if let inputPipe, let stdin {
            let writer = inputPipe.fileHandleForWriting
            // The child may stop reading early (that is allowed): a failed write is not an error here.
            try? writer.write(contentsOf: stdin)
            try? writer.close()
        }
        process.waitUntilExit()
        killer.cancel()
        try outHandle.close()
        try errHandle.close()
        if process.terminationReason == .uncaughtSignal {
            throw HarnessError("\(executable.lastPathComponent) \(arguments.joined(separator: " ")) was killed by signal "
                + "\(process.terminationStatus) (timeout \(timeout) s?)")
        }
        return RunResult(status: process.terminationStatus,
                         stdout: try Data(contentsOf: outURL),
                         stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ixauditTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func lines(_ data: Data) -> [Substring] {
        var lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// "line N differs" for the first difference of two outputs, for failure messages.
    static func firstDifference(_ ours: Data, _ reference: Data) -> String {
        let a = lines(ours), b = lines(reference)
        for (i, (x, y)) in zip(a, b).enumerated() where x != y {
            return "line \(i + 1) differs:\n  ours:      \(x)\n  reference: \(y)"
        }
        return "ours has \(a.count) lines, the reference \(b.count)"
    }

    /// MRT record boundaries of plain MRT bytes (RFC 6396 section 2: the 12-byte common header
    /// has the length of what follows at offset 8; an _ET record's microseconds are part of
    /// that length). Returns the start offsets of the complete records and the offset where
    /// the first incomplete record starts (the end of the data when there is none).
    static func recordBoundaries(_ bytes: [UInt8]) -> (starts: [Int], end: Int) {
        var starts: [Int] = []
        var offset = 0
        while offset + 12 <= bytes.count {
            let length = Int(bytes[offset + 8]) << 24 | Int(bytes[offset + 9]) << 16
                | Int(bytes[offset + 10]) << 8 | Int(bytes[offset + 11])
            guard offset + 12 + length <= bytes.count else { break }
            starts.append(offset)
            offset += 12 + length
        }
        return (starts, offset)
    }
}
