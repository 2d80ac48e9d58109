import Foundation
import MRT
import Pipeline
import XCTest

/// A day's RIB dump with a damaged spot: read around it, marked partial with the range, so
/// run.json and the data-quality page say what was skipped.
final class DamagedMRTInputTests: XCTestCase {
    var day: SampleDay!

    override func setUpWithError() throws { day = try SampleDay() }
    override func tearDown() { day.remove() }

    func testADamagedRIBDumpIsPartialWithTheSkippedRange() throws {
        let input = try MRTInput(path: day.ribRS1)
        var plain: [UInt8] = []
        var block = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = try block.withUnsafeMutableBytes { try input.read(into: $0) }
            if n == 0 { break }
            plain += block[0..<n]
        }
        // The second record starts after the first (PEER_INDEX_TABLE): 12 + its length.
        let second = 12 + (Int(plain[8]) << 24 | Int(plain[9]) << 16 | Int(plain[10]) << 8 | Int(plain[11]))
        plain.insert(contentsOf: [UInt8](repeating: 0xEE, count: 9), at: second)
        try FileManager.default.removeItem(atPath: day.ribRS1)
        let file = try MRTFileWriter(path: day.ribRS1, compression: .gzip)
        try file.append(contentsOf: [plain])
        try file.finish()

        let run = try DayRun.run(try DayInputs.load(day.request(), for: .members), to: .members)
        let record = try XCTUnwrap(run.inputs.ledger.record(of: .rib(source: "rs1")).first)
        guard case let .partial(reason) = record.state else { return XCTFail("partial: \(record.state)") }
        XCTAssertTrue(reason.contains("damaged: 1 byte range(s) skipped"), reason)
        XCTAssertTrue(reason.contains("9 bytes at offset \(second)"), reason)
        XCTAssertGreaterThan(run.reconstruction.summary.ribEntries, 0)
    }
}
