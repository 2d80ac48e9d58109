import Foundation
import Job
import Pipeline
import Routing
import XCTest

/// A copy of the shipped sample day (data/sample) in a temporary directory, to damage one
/// input at a time; removed when the test ends.
struct SampleDay {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    let directory: String

    init() throws {
        directory = NSTemporaryDirectory() + "ixaudit-pipeline-\(UUID().uuidString)"
        try FileManager.default.copyItem(atPath: Self.packageRoot.appendingPathComponent("data/sample").path, toPath: directory)
    }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }

    var job: String { directory + "/job.yaml" }
    var ribRS1: String { directory + "/mrt/rs1/2026.11/bview.20261121.0000.gz" }
    var flows: String { directory + "/flows/flows.2026-11-21.csv.gz" }
    var irr: String { directory + "/irr/route-objects.txt" }

    func request(strict: Bool = false) -> DayRequest {
        var request = DayRequest(jobFile: job, date: JobDate("2026-11-21"))
        request.policyDirectory = Self.packageRoot.appendingPathComponent("data/policies").path
        request.strict = strict
        return request
    }

    func write(_ bytes: [UInt8], to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// Replaces a line of job.yaml that contains `old`.
    func editJob(_ old: String, _ new: String) throws {
        let text = try String(contentsOfFile: job, encoding: .utf8)
        XCTAssertTrue(text.contains(old), "job.yaml has \(old)")
        try text.replacingOccurrences(of: old, with: new).write(toFile: job, atomically: true, encoding: .utf8)
    }

    /// The SHA-256 of a file as `sha256sum` prints it (independent of the code under test).
    static func sha256sum(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(String(decoding: output, as: UTF8.self).prefix(64))
    }

    /// The first bytes of a PNG file: signature and IHDR chunk (RFC 2083 section 3).
    static let pngHead: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
                                   0, 0, 0, 16, 0, 0, 0, 16, 8, 6, 0, 0, 0, 0x1F, 0xF3, 0xFF, 0x61]
}
