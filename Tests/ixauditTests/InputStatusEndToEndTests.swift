import Foundation
import XCTest

/// The night's inputs as a nightly job meets them, through the binary: a failed download, a
/// missing or junk reference file, a pattern matching nothing, a process substitution.
final class InputStatusEndToEndTests: XCTestCase {
    var directory: URL!
    var sample: String { directory.appendingPathComponent("sample").path }
    var job: String { sample + "/job.yaml" }
    var out: String { directory.appendingPathComponent("report").path }

    override func setUpWithError() throws {
        directory = try Harness.temporaryDirectory()
        try FileManager.default.copyItem(atPath: Harness.packageRoot.appendingPathComponent("data/sample").path, toPath: sample)
    }

    override func tearDown() { try? FileManager.default.removeItem(at: directory) }

    func report(_ extra: [String] = []) throws -> RunResult {
        try Harness.ixaudit(["report", "--config", job, "--date", "2026-11-21", "--out", out, "--quiet"] + extra)
    }

    func checks() throws -> [String: String] {
        let text = try String(contentsOfFile: out + "/checks.csv", encoding: .utf8)
        var status: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline).dropFirst() {
            let id = String(line.prefix { $0 != "," })
            status[id] = line.contains(",not run,") ? "not run" : "ran"
        }
        return status
    }

    func testAZeroByteRIBExitsTwoAndLeavesThePreviousReport() throws {
        XCTAssertEqual(try report().status, 0)
        let before = try FileManager.default.subpathsOfDirectory(atPath: out).sorted().map { FileManager.default.contents(atPath: out + "/" + $0) }
        let rib = sample + "/mrt/rs2/2026.11/bview.20261121.0000.gz"
        try Data().write(to: URL(fileURLWithPath: rib))
        let failed = try report()
        XCTAssertEqual(failed.status, 2)
        XCTAssertTrue(failed.stderr.contains("rib rs2 \(rib): empty"), failed.stderr)
        let after = try FileManager.default.subpathsOfDirectory(atPath: out).sorted().map { FileManager.default.contents(atPath: out + "/" + $0) }
        XCTAssertEqual(before, after, "the previous report is untouched")
    }

    func testMissingFlowsAreNotRunInChecksIndexAndReviewsAndSaidEvenWithQuiet() throws {
        try FileManager.default.removeItem(atPath: sample + "/flows/flows.2026-11-21.csv.gz")
        let result = try report()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("flows") && result.stderr.contains("missing"), "said with --quiet: \(result.stderr)")
        let status = try checks()
        for id in ["traffic-unannounced", "traffic-filtered", "traffic-few-routes", "traffic-source-outside", "traffic-ratio"] {
            XCTAssertEqual(status[id], "not run", id)
        }
        let index = try String(contentsOfFile: out + "/index.md", encoding: .utf8)
        XCTAssertTrue(index.contains("flows.2026-11-21.csv.gz: missing"), "Data quality names the input")
        let review = try String(contentsOfFile: out + "/reviews/AS19782.md", encoding: .utf8)
        XCTAssertTrue(review.contains("`traffic-unannounced` | flows"), "the review page says why")
    }

    func testJunkIRRIsMalformedAndItsCheckIsNotRun() throws {
        try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x1B, 0x5B, 0x32, 0x4A]).write(to: URL(fileURLWithPath: sample + "/irr/route-objects.txt"))
        let result = try report()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try checks()["irr-unregistered"], "not run")
        let findings = try String(contentsOfFile: out + "/findings.csv", encoding: .utf8)
        XCTAssertFalse(findings.contains("irr-unregistered"))
    }

    func testAPatternMatchingNothingWarnsAndStrictExitsTwoWritingNothing() throws {
        let members = directory.appendingPathComponent("members").path
        let rib = sample + "/mrt/rs1/2026.11/bview.20261121.0000.gz"
        let loose = try Harness.ixaudit(["members", "--rib", "rs1=" + rib, "--updates", "rs1=" + sample + "/mrt/rs1/nothing.*.gz",
                                         "--out", members, "--quiet"])
        XCTAssertEqual(loose.status, 0, loose.stderr)
        XCTAssertTrue(loose.stderr.contains("matched no file"), loose.stderr)
        let strictOut = directory.appendingPathComponent("strict").path
        let strict = try Harness.ixaudit(["members", "--rib", "rs1=" + rib, "--updates", "rs1=" + sample + "/mrt/rs1/nothing.*.gz",
                                          "--out", strictOut, "--quiet", "--strict"])
        XCTAssertEqual(strict.status, 2)
        XCTAssertTrue(strict.stderr.contains("--strict"), strict.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: strictOut))
    }

    func testAProcessSubstitutionIsDigestedAsTheFileItReads() throws {
        let flows = sample + "/flows/flows.2026-11-21.csv.gz"
        let binary = try Harness.binary().path
        let command = "'\(binary)' report --config '\(job)' --date 2026-11-21 --out '\(out)' --quiet --flows <(cat '\(flows)')"
        let result = try Harness.run(executable: URL(fileURLWithPath: "/bin/bash"), arguments: ["-c", command], timeout: 60)
        XCTAssertEqual(result.status, 0, result.stderr)
        let run = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/run.json"))) as? [String: Any]
        let inputs = try XCTUnwrap(run?["inputs"] as? [[String: Any]])
        let entry = try XCTUnwrap(inputs.first { $0["role"] as? String == "flows" })
        XCTAssertEqual(entry["sha256"] as? String, try sha256sum(flows))
        XCTAssertEqual(entry["state"] as? String, "read")
        XCTAssertTrue(try checks()["traffic-ratio"] == "ran")
    }

    func testADirectoryAndAFIFOAsRIBNeitherCrashNorHang() throws {
        let rib = sample + "/mrt/rs1/2026.11/bview.20261121.0000.gz"
        let saved = directory.appendingPathComponent("rib.gz").path
        try FileManager.default.moveItem(atPath: rib, toPath: saved)
        try FileManager.default.createDirectory(atPath: rib, withIntermediateDirectories: false)
        let asDirectory = try Harness.run(executable: Harness.binary(), arguments: ["report", "--config", job, "--date", "2026-11-21",
                                                                                   "--out", out, "--quiet"], timeout: 10)
        XCTAssertEqual(asDirectory.status, 2)
        XCTAssertTrue(asDirectory.stderr.contains("is a directory"), asDirectory.stderr)
        try FileManager.default.removeItem(atPath: rib)
        XCTAssertEqual(mkfifo(rib, 0o600), 0)
        let writer = Process()
        writer.executableURL = URL(fileURLWithPath: "/bin/sh")
        writer.arguments = ["-c", "cat '\(saved)' > '\(rib)'"]
        try writer.run()
        let asFIFO = try Harness.run(executable: Harness.binary(), arguments: ["report", "--config", job, "--date", "2026-11-21",
                                                                              "--out", out, "--quiet"], timeout: 10)
        writer.waitUntilExit()
        XCTAssertEqual(asFIFO.status, 0, asFIFO.stderr)
        let run = try String(contentsOfFile: out + "/run.json", encoding: .utf8)
        XCTAssertTrue(run.contains(try sha256sum(saved)), "the FIFO's digest is of the bytes that went through it")
    }

    func sha256sum(_ path: String) throws -> String {
        let result = try Harness.run(executable: URL(fileURLWithPath: "/usr/bin/sha256sum"), arguments: [path])
        return String(String(decoding: result.stdout, as: UTF8.self).prefix(64))
    }
}

extension InputStatusEndToEndTests {
    /// Nine bytes of junk after the first record of rs1's RIB dump: the report reads around
    /// them and run.json lists the range as data (file, offset, length, reason).
    func testADamagedRIBDumpsSkippedRangeIsInRunJSON() throws {
        let rib = sample + "/mrt/rs1/2026.11/bview.20261121.0000.gz"
        var plain = [UInt8](try Harness.run(executable: URL(fileURLWithPath: "/bin/gzip"), arguments: ["-dc", rib], timeout: 30).stdout)
        let second = 12 + (Int(plain[8]) << 24 | Int(plain[9]) << 16 | Int(plain[10]) << 8 | Int(plain[11]))
        plain.insert(contentsOf: [UInt8](repeating: 0xEE, count: 9), at: second)
        let damaged = directory.appendingPathComponent("bview.damaged")
        try Data(plain).write(to: damaged)
        try FileManager.default.removeItem(atPath: rib)
        _ = try Harness.run(executable: URL(fileURLWithPath: "/bin/bash"),
                            arguments: ["-c", "gzip -c '\(damaged.path)' > '\(rib)'"], timeout: 30)
        _ = try report()
        let run = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/run.json"))) as? [String: Any]
        let records = try XCTUnwrap(run?["records"] as? [String: Any])
        let skipped = try XCTUnwrap(records["skipped_bytes"] as? [[String: Any]])
        XCTAssertEqual(skipped.count, 1, "\(skipped)")
        XCTAssertEqual(skipped.first?["offset"] as? Int, second)
        XCTAssertEqual(skipped.first?["length"] as? Int, 9)
        XCTAssertEqual(skipped.first?["file"] as? String, "mrt/rs1/2026.11/bview.20261121.0000.gz")
        XCTAssertFalse((skipped.first?["reason"] as? String ?? "").isEmpty)
        let inputs = try XCTUnwrap(run?["inputs"] as? [[String: Any]])
        XCTAssertEqual(inputs.first { $0["path"] as? String == "mrt/rs1/2026.11/bview.20261121.0000.gz" }?["state"] as? String,
                       "partial", "\(inputs.prefix(3))")
    }
}
