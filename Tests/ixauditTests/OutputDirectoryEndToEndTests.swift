import Foundation
import XCTest

/// `--out` as a clumsy nightly job and an attacker would give it: what ixaudit refuses, what it
/// replaces, and what is left after a crash, a signal or a second run at the same time.
final class OutputDirectoryEndToEndTests: XCTestCase {
    var directory: URL!
    let job = Harness.packageRoot.appendingPathComponent("data/sample/job.yaml").path
    var out: String { directory.appendingPathComponent("report").path }

    override func setUpWithError() throws { directory = try Harness.temporaryDirectory() }
    override func tearDown() { try? FileManager.default.removeItem(at: directory) }

    func report(_ out: String, _ extra: [String] = [], environment: [String: String] = [:]) throws -> RunResult {
        try Harness.ixaudit(["report", "--config", job, "--date", "2026-11-21", "--out", out, "--quiet"] + extra, environment: environment)
    }

    /// Every file under `path` and its bytes: "unchanged" means this is equal.
    func snapshot(_ path: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for file in try FileManager.default.subpathsOfDirectory(atPath: path) {
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: path + "/" + file, isDirectory: &isDirectory)
            if !isDirectory.boolValue { files[file] = FileManager.default.contents(atPath: path + "/" + file) }
        }
        return files
    }

    func entries() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() }

    func testAFileIsRefusedAndKept() throws {
        let notes = directory.appendingPathComponent("notes.txt").path
        try Data("my notes\n".utf8).write(to: URL(fileURLWithPath: notes))
        let result = try report(notes)
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("is a file"), result.stderr)
        XCTAssertEqual(FileManager.default.contents(atPath: notes), Data("my notes\n".utf8))
        XCTAssertEqual(try entries(), ["notes.txt"], "nothing created beside it")
    }

    func testADirectoryThatIsNotAReportIsRefusedAndKept() throws {
        let mine = directory.appendingPathComponent("mine").path
        try FileManager.default.createDirectory(atPath: mine, withIntermediateDirectories: false)
        try Data("x".utf8).write(to: URL(fileURLWithPath: mine + "/keep.txt"))
        let result = try report(mine)
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("does not hold an ixaudit output"), result.stderr)
        XCTAssertEqual(try snapshot(mine), ["keep.txt": Data("x".utf8)])
    }

    func testTheJobsDirectoryTheWorkingDirectoryAndNothingAreRefused() throws {
        let sample = Harness.packageRoot.appendingPathComponent("data/sample").path
        let before = try snapshot(sample)
        let jobDirectory = try report(sample)
        XCTAssertEqual(jobDirectory.status, 2)
        XCTAssertTrue(jobDirectory.stderr.contains("holds an input"), jobDirectory.stderr)
        XCTAssertEqual(try snapshot(sample), before)
        for path in [".", "", "/"] {
            let result = try report(path)
            XCTAssertEqual(result.status, 2, path)
            XCTAssertFalse(result.stderr.contains("NSError") || result.stderr.contains("Domain="), result.stderr)
        }
    }

    func testASymbolicLinkIsKeptAndItsTargetReplaced() throws {
        let real = directory.appendingPathComponent("real").path
        let latest = directory.appendingPathComponent("latest").path
        try FileManager.default.createSymbolicLink(atPath: latest, withDestinationPath: "real")
        XCTAssertEqual(try report(latest).status, 0, "a link to nothing yet names the directory to create")
        XCTAssertEqual(try report(latest).status, 0, "and the second night replaces it")
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: latest), "real")
        XCTAssertTrue(FileManager.default.fileExists(atPath: real + "/index.md"))
        XCTAssertEqual(try entries().filter { !$0.hasPrefix(".") }, ["latest", "real"])
        XCTAssertEqual(try entries().filter { $0.contains("staging") }, [])
    }

    func testAFailedNightLeavesThePreviousReportByteForByte() throws {
        XCTAssertEqual(try report(out).status, 0)
        let before = try snapshot(out)
        let failed = try Harness.ixaudit(["report", "--config", job, "--date", "2026-11-22", "--out", out, "--quiet"])
        XCTAssertEqual(failed.status, 2, "a day without files")
        XCTAssertEqual(try snapshot(out), before)
        XCTAssertEqual(try entries().filter { $0.contains("staging") || $0.contains("partial") }, [])
    }

    func testAKillBeforePublicationLeavesTheOldReportAndTheNextRunCleansUp() throws {
        XCTAssertEqual(try report(out).status, 0)
        let before = try snapshot(out)
        XCTAssertEqual(try killedRun("kill-before-publish"), SIGKILL)
        XCTAssertEqual(try snapshot(out), before, "the old report is whole")
        XCTAssertEqual(try entries().filter { $0.contains("staging") }.count, 1, "kill -9 leaves the staging directory")
        XCTAssertEqual(try killedRun("kill-after-exchange"), SIGKILL)
        XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/.ixaudit-output"), "the new report is in place")
        XCTAssertEqual(try report(out).status, 0)
        XCTAssertEqual(try entries().filter { $0.contains("staging") }, [], "the next run removed what the killed ones left")
    }

    func testSIGTERMWhileWritingRemovesTheStagingDirectory() throws {
        XCTAssertEqual(try report(out).status, 0)
        let before = try snapshot(out)
        let process = try Harness.start(["report", "--config", job, "--date", "2026-11-21", "--out", out, "--quiet"],
                                        environment: ["IXAUDIT_TEST_HOOK": "hold-before-publish"])
        try waitFor { try self.entries().contains { $0.contains("staging") } }
        Thread.sleep(forTimeInterval: 0.5)
        process.terminate()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 128 + SIGTERM)
        XCTAssertEqual(try entries().filter { $0.contains("staging") }, [])
        XCTAssertEqual(try snapshot(out), before)
    }

    func testTwoRunsAtOnceAreSerialised() throws {
        let first = try Harness.start(["report", "--config", job, "--date", "2026-11-21", "--out", out, "--quiet"],
                                      environment: ["IXAUDIT_TEST_HOOK": "pause-before-publish"])
        try waitFor { try self.entries().contains { $0.contains("staging") } }
        let refused = try report(out)
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stderr.contains("another ixaudit run"), refused.stderr)
        let waited = try report(out, ["--wait"])
        first.waitUntilExit()
        XCTAssertEqual(first.terminationStatus, 0)
        XCTAssertEqual(waited.status, 0, waited.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/index.md"))
    }

    func testAFullDiskIsExitTwoNamingThePathAndLeavesNothing() throws {
        guard getuid() == 0 else { throw XCTSkip("mounting a small tmpfs needs root") }
        let small = directory.appendingPathComponent("small").path
        try FileManager.default.createDirectory(atPath: small, withIntermediateDirectories: false)
        let mount = try Harness.run(executable: URL(fileURLWithPath: "/bin/mount"), arguments: ["-t", "tmpfs", "-o", "size=256k", "tmpfs", small])
        guard mount.status == 0 else { throw XCTSkip("cannot mount a tmpfs here: \(mount.stderr)") }
        defer { _ = try? Harness.run(executable: URL(fileURLWithPath: "/bin/umount"), arguments: [small]) }
        let result = try report(small + "/report")
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("No space left on device"), result.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: small).filter { !$0.hasSuffix(".lock") }, [])
    }

    /// A report run that the test hook kills with SIGKILL; the signal that ended it.
    func killedRun(_ hook: String) throws -> Int32 {
        let process = try Harness.start(["report", "--config", job, "--date", "2026-11-21", "--out", out, "--quiet"],
                                        environment: ["IXAUDIT_TEST_HOOK": hook])
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal ? process.terminationStatus : 0
    }

    func waitFor(_ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(60)
        while try !condition() {
            guard Date() < deadline else { throw HarnessError("timed out waiting") }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }
}
