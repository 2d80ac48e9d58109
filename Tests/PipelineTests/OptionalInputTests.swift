import Audit
import Foundation
import Pipeline
import XCTest

/// An optional input (flows, IRR, RPKI, relationships) that is missing, empty, unreadable or
/// malformed makes the checks that need it "not run" with the reason: never "ran, 0".
final class OptionalInputTests: XCTestCase {
    var day: SampleDay!

    override func setUpWithError() throws { day = try SampleDay() }
    override func tearDown() { day.remove() }

    /// The audit of the day, and the traffic checks' runs.
    func audit() throws -> (run: DayRun, traffic: [CheckRun]) {
        let inputs = try DayInputs.load(day.request(), for: .audit)
        let run = try DayRun.run(inputs, to: .audit)
        let audit = try XCTUnwrap(run.audit)
        return (run, audit.checks.filter { $0.check.id.description.hasPrefix("traffic-") })
    }

    func assertTrafficNotRun(_ traffic: [CheckRun], because words: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(traffic.count, 5, file: file, line: line)
        for run in traffic {
            guard case let .notRun(reason) = run.status else {
                XCTFail("\(run.check.id) ran on unusable flows", file: file, line: line)
                continue
            }
            XCTAssertTrue(reason.contains(words), "\(run.check.id): \(reason)", file: file, line: line)
        }
    }

    func testTheIntactSampleDayRunsEveryTrafficCheck() throws {
        let (run, traffic) = try audit()
        XCTAssertTrue(traffic.allSatisfy(\.ran))
        XCTAssertEqual(run.inputs.ledger.problems.map(\.path), [], "the sample day is read whole")
        let flows = try XCTUnwrap(run.inputs.ledger.record(of: .flows).first)
        XCTAssertEqual(flows.state, .read)
        XCTAssertEqual(flows.sha256, try SampleDay.sha256sum(day.flows), "the digest is of the bytes read")
    }

    func testMissingFlowsAreNotRunNeverClean() throws {
        try FileManager.default.removeItem(atPath: day.flows)
        let (run, traffic) = try audit()
        assertTrafficNotRun(traffic, because: "missing")
        XCTAssertEqual(run.inputs.ledger.record(of: .flows).first?.state, .missing)
    }

    func testAZeroByteFlowFileIsEmpty() throws {
        try day.write([], to: day.flows)
        let (_, traffic) = try audit()
        assertTrafficNotRun(traffic, because: "0 bytes")
    }

    func testAPNGGivenAsFlowsIsMalformed() throws {
        try day.write(SampleDay.pngHead, to: day.flows)
        let (run, traffic) = try audit()
        assertTrafficNotRun(traffic, because: "not a flow file")
        guard case .malformed = run.inputs.ledger.record(of: .flows).first?.state else { return XCTFail("malformed") }
    }

    func testAHeaderlessCSVIsMalformed() throws {
        try day.write(Array("1763683200,02:00:00:00:32:16,02:00:00:00:83:59,81.21.0.9,99.1.1.1,100,1,1000\n".utf8), to: day.flows)
        let (_, traffic) = try audit()
        assertTrafficNotRun(traffic, because: "header")
    }

    func testAHeaderWithoutSamplesIsNotRun() throws {
        try day.write(Array("timestamp,src_mac,dst_mac,src_ip,dst_ip,bytes,packets,sampling_rate\n".utf8), to: day.flows)
        let (run, traffic) = try audit()
        assertTrafficNotRun(traffic, because: "no usable sample")
        guard case .empty = run.inputs.ledger.record(of: .flows).first?.state else { return XCTFail("empty") }
    }

    func testATruncatedFlowFileIsUsedAndMarkedPartial() throws {
        let whole = try Data(contentsOf: URL(fileURLWithPath: day.flows))
        try day.write(Array(whole.prefix(whole.count / 2)), to: day.flows)
        let (run, traffic) = try audit()
        XCTAssertTrue(traffic.allSatisfy(\.ran), "what was read before the damage is used")
        let record = try XCTUnwrap(run.inputs.ledger.record(of: .flows).first)
        guard case let .partial(reason) = record.state else { return XCTFail("partial: \(record.state)") }
        XCTAssertTrue(reason.contains("ends early"), reason)
        XCTAssertTrue(run.audit?.traffic.map { $0.read.samples > 0 } ?? false)
    }

    func testBinaryJunkAsIRRIsMalformedAndTheIRRCheckDoesNotRun() throws {
        var junk = SampleDay.pngHead
        junk += Array("\n\u{1}\u{2}garbage: yes\n".utf8)
        try day.write(junk, to: day.irr)
        let inputs = try DayInputs.load(day.request(), for: .audit)
        let record = try XCTUnwrap(inputs.ledger.record(of: .irr).first)
        guard case let .malformed(reason) = record.state else { return XCTFail("malformed: \(record.state)") }
        XCTAssertTrue(reason.contains("line 1"), reason)
        let audit = try XCTUnwrap(try DayRun.run(inputs, to: .audit).audit)
        let irr = try XCTUnwrap(audit.checks.first { $0.check.id == .irrUnregistered })
        guard case let .notRun(why) = irr.status else { return XCTFail("irr-unregistered ran on junk") }
        XCTAssertTrue(why.contains("malformed"), why)
        XCTAssertFalse(audit.findings.contains { $0.check.id == .irrUnregistered })
    }

    func testRPSLWithoutBlankLinesIsMalformedAtTheSecondObject() throws {
        try day.write(Array("route: 192.0.2.0/24\norigin: AS64500\nroute: 198.51.100.0/24\norigin: AS64501\n".utf8), to: day.irr)
        let inputs = try DayInputs.load(day.request(), for: .audit)
        guard case let .malformed(reason) = inputs.ledger.record(of: .irr).first?.state else { return XCTFail("malformed") }
        XCTAssertTrue(reason.contains("line 3"), reason)
        XCTAssertNotNil(inputs.unavailable[.irr])
    }

    func testStrictRefusesAnOptionalInputThatCannotBeUsed() throws {
        try day.write([], to: day.flows)
        XCTAssertThrowsError(try DayInputs.load(day.request(strict: true), for: .audit)) { error in
            guard case let DayInputError.strict(records) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(records.map(\.role), [.flows])
        }
    }
}

extension OptionalInputTests {
    /// The reference files read beside the simulation (`DayRun.run(request)`) give the
    /// same day as when they are read first: the same ledger, in the same order, and the same
    /// checks and findings.
    func testReadingTheReferenceFilesBesideTheSimulationChangesNothing() throws {
        try day.write(Array("route: 192.0.2.0/24\norigin: AS64500\nroute: 198.51.100.0/24\norigin: AS64501\n".utf8), to: day.irr)
        let first = try DayRun.run(DayInputs.load(day.request(), for: .audit), to: .audit)
        let aside = try DayRun.run(day.request(), to: .audit)
        XCTAssertEqual(aside.inputs.ledger.records, first.inputs.ledger.records)
        XCTAssertEqual(aside.inputs.unavailable, first.inputs.unavailable)
        XCTAssertNotNil(aside.inputs.rpki)
        XCTAssertNil(aside.inputs.irr, "the malformed IRR file is not used")
        let checks = { (run: DayRun) in run.audit?.checks.map { "\($0.check.id) \($0.status)" } ?? [] }
        XCTAssertEqual(checks(aside), checks(first))
        XCTAssertEqual(aside.audit?.findings.map(\.evidence), first.audit?.findings.map(\.evidence))
    }
}
