import Foundation
import Pipeline
import XCTest

/// A RIB dump or the member list that cannot be used ends the run before anything is
/// written; directories and devices are refused before any work; a FIFO is read once.
final class RequiredInputTests: XCTestCase {
    var day: SampleDay!

    override func setUpWithError() throws { day = try SampleDay() }
    override func tearDown() { day.remove() }

    func assertRequired(_ role: InputRole, _ label: String, file: StaticString = #filePath, line: UInt = #line,
                        _ body: () throws -> Void) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            guard case let DayInputError.requiredInput(record) = error else {
                return XCTFail("expected a required-input error, got \(error)", file: file, line: line)
            }
            XCTAssertEqual(record.role, role, file: file, line: line)
            XCTAssertEqual(record.state.label, label, "\(error)", file: file, line: line)
            XCTAssertTrue("\(error)".contains("nothing was written"), file: file, line: line)
        }
    }

    func testAZeroByteRIBDumpEndsTheRun() throws {
        try day.write([], to: day.ribRS1)
        assertRequired(.rib(source: "rs1"), "empty") { _ = try DayInputs.load(day.request(), for: .members) }
    }

    func testAMissingRIBDumpEndsTheRun() throws {
        try FileManager.default.removeItem(atPath: day.ribRS1)
        assertRequired(.rib(source: "rs1"), "missing") { _ = try DayInputs.load(day.request(), for: .members) }
    }

    func testAPNGAsRIBDumpEndsTheRunOnceRead() throws {
        try day.write(SampleDay.pngHead + [UInt8](repeating: 0x42, count: 4000), to: day.ribRS1)
        let inputs = try DayInputs.load(day.request(), for: .members)
        assertRequired(.rib(source: "rs1"), "malformed") { _ = try DayRun.run(inputs, to: .members) }
    }

    /// A report's run reads the reference files beside the simulation and records the MRT
    /// files after them; an unusable RIB dump still ends it as soon as the reconstruction is
    /// over: before the simulation and before the report would start its route table.
    func testAPNGAsRIBDumpEndsAnAuditRunBeforeTheSimulation() throws {
        try day.write(SampleDay.pngHead + [UInt8](repeating: 0x42, count: 4000), to: day.ribRS1)
        var reconstructed = false
        assertRequired(.rib(source: "rs1"), "malformed") {
            _ = try DayRun.run(day.request(), to: .audit) { _, _ in reconstructed = true }
        }
        XCTAssertFalse(reconstructed, "nothing is started for a run that ends")
    }

    func testATruncatedRIBDumpIsUsedAndMarkedPartial() throws {
        let whole = try Data(contentsOf: URL(fileURLWithPath: day.ribRS1))
        try day.write(Array(whole.prefix(whole.count / 2)), to: day.ribRS1)
        let run = try DayRun.run(try DayInputs.load(day.request(), for: .members), to: .members)
        let record = try XCTUnwrap(run.inputs.ledger.record(of: .rib(source: "rs1")).first)
        guard case .partial = record.state else { return XCTFail("partial: \(record.state)") }
        XCTAssertGreaterThan(run.reconstruction.summary.ribEntries, 0)
        XCTAssertThrowsError(try DayRun.run(try DayInputs.load(day.request(strict: true), for: .members), to: .members),
                             "--strict refuses a partial source")
    }

    func testAnEmptyMemberListEndsTheRun() throws {
        try day.write([], to: day.directory + "/ixf-members.json")
        assertRequired(.members, "empty") { _ = try DayInputs.load(day.request(), for: .members) }
    }

    func testADirectoryAsRIBIsRefusedBeforeAnyWork() throws {
        try FileManager.default.removeItem(atPath: day.ribRS1)
        try FileManager.default.createDirectory(atPath: day.ribRS1, withIntermediateDirectories: false)
        XCTAssertThrowsError(try DayInputs.load(day.request(), for: .members)) { error in
            guard case DayInputError.notAFile(.rib(source: "rs1"), _, "a directory") = error else { return XCTFail("\(error)") }
        }
    }

    func testAnUpdateGlobMatchingNothingIsAWarningAndFailsStrict() throws {
        try day.editJob("updates.{yyyy}{mm}{dd}.*.gz\n  - label: rs2", "updates.{yyyy}{mm}{dd}.*.bz2\n  - label: rs2")
        let inputs = try DayInputs.load(day.request(), for: .members)
        let record = try XCTUnwrap(inputs.ledger.record(of: .updates(source: "rs1")).first)
        XCTAssertEqual(record.state, .matchedNoFile)
        XCTAssertTrue(record.problem?.contains("matched no file") ?? false)
        XCTAssertThrowsError(try DayInputs.load(day.request(strict: true), for: .members)) { error in
            guard case DayInputError.strict = error else { return XCTFail("\(error)") }
        }
    }

    func testAFIFOIsReadOnceAndDigestedAsRead() throws {
        let copy = day.directory + "/rib-copy.gz"
        try FileManager.default.copyItem(atPath: day.ribRS1, toPath: copy)
        try FileManager.default.removeItem(atPath: day.ribRS1)
        XCTAssertEqual(mkfifo(day.ribRS1, 0o600), 0)
        let writer = Process()
        writer.executableURL = URL(fileURLWithPath: "/bin/sh")
        writer.arguments = ["-c", "cat '\(copy)' > '\(day.ribRS1)'"]
        try writer.run()
        let started = Date()
        let run = try DayRun.run(try DayInputs.load(day.request(), for: .members), to: .members)
        writer.waitUntilExit()
        XCTAssertLessThan(Date().timeIntervalSince(started), 10, "a FIFO must not hang the run")
        let record = try XCTUnwrap(run.inputs.ledger.record(of: .rib(source: "rs1")).first)
        XCTAssertEqual(record.state, .read)
        XCTAssertEqual(record.sha256, try SampleDay.sha256sum(copy))
        XCTAssertGreaterThan(run.reconstruction.summary.ribEntries, 1000)
    }

    func testAFIFONobodyWritesToIsUnreadableAfterTheWait() throws {
        try FileManager.default.removeItem(atPath: day.ribRS1)
        XCTAssertEqual(mkfifo(day.ribRS1, 0o600), 0)
        setenv("IXAUDIT_FIFO_WAIT_SECONDS", "1", 1)
        defer { unsetenv("IXAUDIT_FIFO_WAIT_SECONDS") }
        let inputs = try DayInputs.load(day.request(), for: .members)
        let started = Date()
        assertRequired(.rib(source: "rs1"), "unreadable") { _ = try DayRun.run(inputs, to: .members) }
        XCTAssertLessThan(Date().timeIntervalSince(started), 10)
    }
}
