import Foundation
import MRT
import XCTest

/// Damage at known offsets of real files: the reader finds the next record after each spot,
/// every record outside the damaged ones comes out, and each skipped range is reported.
final class ResynchronisationTests: XCTestCase {
    struct Framed {
        var offset: Int
        var total: Int
        var lines: [String]
    }

    /// The records of intact bytes with where they are and the lines each prints.
    static func framed(_ bytes: [UInt8]) throws -> [Framed] {
        var records: [Framed] = []
        var summary = DecodeSummary()
        let writer = BgpdumpLineWriter()
        decodeRecords(of: try MRTInput(bytes: bytes), summary: &summary) { header, record in
            var out: [UInt8] = []
            writer.write(record, header: header, to: &out)
            let total = Int(header.length) + (header.microseconds == nil ? 12 : 16)
            records.append(Framed(offset: Int(header.offset), total: total, lines: splitLines(out)))
        }
        XCTAssert(summary.clean, "\(summary.report)")
        return records
    }

    func testThreeDamagedSpotsInARealUpdateFile() throws {
        let url = try Corpus.require().appendingPathComponent("mrt/updates.20020722.2238.gz")
        let intact = try Corpus.uncompressed(url)
        let records = try Self.framed(intact)
        XCTAssertGreaterThan(records.count, 100)
        let (removed, inserted, flipped) = (10, 40, 70)
        XCTAssertLessThan(records[flipped].total, 256, "the flipped bit adds 256 to the length")
        var damaged = intact
        // Last first, so the earlier offsets stay as they were.
        damaged[records[flipped].offset + 10] ^= 0x01
        damaged.insert(contentsOf: [UInt8](repeating: 0xAB, count: 7), at: records[inserted].offset)
        damaged.removeSubrange((records[removed].offset + 30)..<(records[removed].offset + 35))

        let result = try decode(damaged)
        let expected = records.enumerated().filter { $0.offset != removed && $0.offset != flipped }.flatMap { $0.element.lines }
        XCTAssertEqual(result.lines, expected)
        let ranges = result.summary.skippedRanges
        XCTAssertEqual(ranges.map(\.offset), [records[removed].offset, records[inserted].offset - 5, records[flipped].offset + 2].map(Int64.init))
        XCTAssertEqual(ranges.map(\.length), [records[removed].total - 5, 7, records[flipped].total].map(Int64.init))
        XCTAssert(ranges[0].reason.contains("runs into a record at offset \(records[removed + 1].offset - 5)"), ranges[0].reason)
        XCTAssert(ranges[1].reason.contains("the record header at offset \(records[inserted].offset - 5) is damaged"), ranges[1].reason)
        XCTAssertEqual(result.summary.stops, [])
        XCTAssertFalse(result.summary.clean, "damage makes the file not clean (exit status 2)")
        XCTAssertEqual(result.summary.recordsRead, records.count - 2)
    }

    func testRandomBytesAreSkippedInLinearTime() throws {
        // Random bytes hold no record: everything is one skipped range, read once. Four times
        // the bytes take about four times as long (a generous bound: the machine is shared).
        var generator = SystemRandomNumberGenerator()
        func random(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) } }
        func timed(_ bytes: [UInt8]) throws -> (Decoded, Double) {
            let clock = ContinuousClock.now
            let result = try decode(bytes)
            let elapsed = ContinuousClock.now - clock
            return (result, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
        let (small, smallTime) = try timed(random(1 << 20))
        let (large, largeTime) = try timed(random(4 << 20))
        for (result, size) in [(small, 1 << 20), (large, 4 << 20)] {
            let covered = result.summary.skippedRanges.reduce(0) { $0 + $1.length } + Int64(result.summary.recordsRead > 0 ? 1 : 0)
            XCTAssertGreaterThanOrEqual(covered + 12, Int64(size) - Int64(result.summary.recordsRead) * 1_100_000,
                                        "every byte is in a record or a skipped range: \(result.summary.report)")
        }
        XCTAssertLessThan(largeTime, 8 * smallTime + 1, "1 MiB: \(smallTime) s, 4 MiB: \(largeTime) s")
    }

    func testAHugeBogusLengthIsPassedOver() throws {
        // A good withdrawal, a header claiming 0xFFFFFFF0 bytes, 2 MiB of zeros, a good one.
        let t: UInt32 = 1_400_000_000
        func withdrawal(_ time: UInt32) -> [UInt8] {
            let body = BE.u16(64496) + BE.u16(64500) + BE.u16(0) + BE.u16(1) + addressBytes("192.0.2.1") + addressBytes("192.0.2.2")
                + BGPBuilder.update(withdrawn: BGPBuilder.nlri(["198.51.100.0/24"]))
            return MRTBuilder.record(type: 16, subtype: 1, timestamp: time, body: body)
        }
        let bogus = BE.u32(t) + BE.u16(16) + BE.u16(1) + BE.u32(0xFFFF_FFF0)
        let zeros = [UInt8](repeating: 0, count: 2 << 20)
        let first = withdrawal(t)
        let result = try decode(first + bogus + zeros + withdrawal(t + 1))
        XCTAssertEqual(result.lines, ["BGP4MP|1400000000|W|192.0.2.1|64496|198.51.100.0/24", "BGP4MP|1400000001|W|192.0.2.1|64496|198.51.100.0/24"])
        XCTAssertEqual(result.summary.skippedRanges.map(\.offset), [Int64(first.count)])
        XCTAssertEqual(result.summary.skippedRanges.map(\.length), [Int64(bogus.count + zeros.count)])
    }
}
