import Foundation
import XCTest

/// `ixaudit dump` of a real file with two damaged spots: bytes inserted at two record
/// boundaries. Every record comes out, both ranges are reported, the exit status is 2.
final class DumpDamageEndToEndTests: XCTestCase {
    func testTwoDamagedSpotsCostNoRecordAndAreReported() throws {
        let name = "updates.20020722.2238.gz"
        let expected = Harness.lines(try Harness.expectedOutput(name))
        var plain = [UInt8](try Harness.gunzip(try Harness.mrtFile(name)))
        let starts = Harness.recordBoundaries(plain).starts
        XCTAssertGreaterThan(starts.count, 300)
        let junk = [UInt8](repeating: 0xEE, count: 9)
        plain.insert(contentsOf: junk, at: starts[200])
        plain.insert(contentsOf: junk, at: starts[20])

        let directory = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let damaged = directory.appendingPathComponent("damaged.mrt")
        try Data(plain).write(to: damaged)

        let result = try Harness.ixaudit(["dump", damaged.path])
        XCTAssertEqual(result.status, 2, "damage is reported by the exit status; stderr:\n\(result.stderr)")
        XCTAssertEqual(result.stdoutLines, expected, "no record was lost")
        XCTAssert(result.stderr.contains("damaged: \(damaged.path): 9 bytes skipped at offset \(starts[20])-\(starts[20] + 8)"), result.stderr)
        XCTAssert(result.stderr.contains("9 bytes skipped at offset \(starts[200] + 9)-\(starts[200] + 17)"), result.stderr)

        let json = try Harness.ixaudit(["dump", "--json", damaged.path])
        XCTAssertEqual(json.status, 2)
        let ranges = json.stdoutLines.filter { $0.hasPrefix("{\"type\":\"skipped_bytes\"") }
        XCTAssertEqual(ranges.count, 2)
        XCTAssert(ranges.first?.contains("\"offset\":\(starts[20]),\"length\":9") ?? false, "\(ranges)")
    }
}
