import Foundation
import MRT
import XCTest

/// Real files of the RIPE RIS archive from 1999-2000 (and two of 2010), kept byte for byte in
/// Fixtures/ris-archive (README.md there names each file's source and SHA-256). Where the
/// reference decoder reads a file right, our lines must equal its lines; where it does not
/// (the batched RIB dump, the damaged file), the expected routes are worked out here from the
/// bytes, field by field, or from the reference decoder run on the parts that are intact.
final class RISArchiveTests: XCTestCase {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/ris-archive")

    func archive(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: Self.directory.appendingPathComponent(name)))
    }

    func reference(_ bytes: [UInt8], name: String) throws -> [String] {
        try ReferenceDecoder.require()
        let scratch = NSTemporaryDirectory() + "ris-archive-\(getpid())-\(name)"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        return try ReferenceDecoder.lines(of: bytes, in: scratch, name: name)
    }

    func testType5UpdateFilesOf1999And2000PrintWhatBgpdumpPrints() throws {
        // Type 5 (BGP) UPDATEs, STATE_CHANGEs, and in December one OPEN and one NOTIFY.
        let expected = ["rrc00-1999.09-updates.19990903.1041.gz": 65_315,
                        "rrc00-1999.12-updates.19991214.1621.gz": 55_516,
                        "rrc00-2000.01-updates.20000102.2014.gz": 6_359]
        for (name, count) in expected.sorted(by: { $0.key < $1.key }) {
            let bytes = try archive(name)
            let ours = try decode(bytes)
            XCTAssertTrue(ours.summary.clean, "\(name): \(ours.summary.report)")
            XCTAssertEqual(ours.summary.recordsUnsupported, 0, name)
            XCTAssertEqual(ours.lines.count, count, name)
            let theirs = try reference(bytes, name: name)
            XCTAssertEqual(ours.lines.count, theirs.count, name)
            XCTAssertEqual(ours.lines.enumerated().first { $0.element != theirs[$0.offset] }?.offset, nil,
                           "\(name): first line that differs from bgpdump's")
        }
    }

    func testJanuary2000RIBDumpGivesEveryEntryItsBytesHold() throws {
        let bytes = try archive("rrc00-2000.01-bview.20000111.0032.gz")
        let ours = try decode(bytes)
        XCTAssertTrue(ours.summary.clean, "\(ours.summary.report)")
        XCTAssertEqual(ours.lines.count, 452_018)
        XCTAssertEqual(ours.summary.tableDumpShortLengthRecovered, 2_490)
        XCTAssertEqual(ours.summary.tableDumpBatchedEntries, 452_018 - ours.summary.recordsDecoded)
        XCTAssert(ours.lines.allSatisfy { $0.hasPrefix("TABLE_DUMP|947550") && $0.contains("|B|") })
        // The entries counted straight from the bytes: a 12-byte MRT header (type 12, subtype
        // 1, AFI_IPv4), view and sequence (4 bytes, the ones the length field leaves out),
        // then entries of prefix (4), length (1), status (1), originated time (4), peer
        // address (4), peer AS (2), attribute length (2) and the attributes, to the record's end.
        let mrt = try readAll(try MRTInput(bytes: bytes))
        var offset = 0, records = 0, entries = 0
        func u16(_ at: Int) -> Int { Int(mrt[at]) << 8 | Int(mrt[at + 1]) }
        while offset < mrt.count {
            XCTAssertEqual(u16(offset + 4), 12, "type at \(offset)")
            XCTAssertEqual(u16(offset + 6), 1, "subtype at \(offset)")
            let declared = u16(offset + 8) << 16 | u16(offset + 10)
            let end = offset + 12 + declared + 4
            var entry = offset + 12 + 4
            while entry < end {
                entry += 18 + u16(entry + 16)
                entries += 1
            }
            XCTAssertEqual(entry, end, "entries of the record at \(offset) end where its body does")
            offset = end
            records += 1
        }
        XCTAssertEqual(records, ours.summary.recordsDecoded)
        XCTAssertEqual(entries, ours.lines.count)
        // The reference decoder stops at the second record (its length is 4 bytes short).
        let theirs = try reference(bytes, name: "bview.20000111.0032.gz")
        XCTAssertLessThanOrEqual(theirs.count, 1)
        XCTAssertEqual(theirs.first, ours.lines.first)
    }

    func testMarch2000FileWithTwoDamagedSpotsGivesEveryRecordOutsideThem() throws {
        let bytes = try archive("rrc00-2000.03-updates.20000325.0345.gz")
        let ours = try decode(bytes)
        XCTAssertEqual(ours.summary.skippedRanges.map { [$0.offset, $0.length] }, [[188, 10], [4554, 14]],
                       ours.summary.skippedRanges.map(\.description).joined(separator: "\n"))
        XCTAssertEqual(ours.lines.count, 5_685)
        // bgpdump reads past the first spot as if nothing happened and prints 0.5.0.3/117;
        // run on the three intact stretches alone, it prints exactly our lines.
        let mrt = try readAll(try MRTInput(bytes: bytes))
        var pieces: [String] = []
        for (index, range) in [0..<188, 198..<4554, 4568..<mrt.count].enumerated() {
            pieces += try reference(Array(mrt[range]), name: "piece\(index)")
        }
        XCTAssertEqual(ours.lines, pieces)
        XCTAssertGreaterThan(try reference(bytes, name: "damaged.gz").filter { $0.contains("0.5.0.3/") }.count, 0,
                             "the reference decoder prints junk past the damage (what this test guards against)")
    }

    func testZebraShortenedStateChangesOf2000AreRead() throws {
        let bytes = try archive("rrc01-2000.11-updates.20001104.0124.gz")
        let ours = try decode(bytes)
        XCTAssertEqual(ours.summary.shortRecordsRecovered["BGP4MP_STATE_CHANGE of 8 bytes (Zebra: no interface, family or addresses)"], 42)
        // And 21 OPENs written with the two ASNs and no interface, family or addresses.
        XCTAssertEqual(ours.summary.shortRecordsRecovered["BGP4MP message without interface, family or addresses (Zebra)"], 21)
        XCTAssertEqual(ours.summary.recordsMalformed, 0)
        let states = ours.lines.filter { $0.contains("|STATE|") }
        XCTAssertGreaterThanOrEqual(states.count, 42)
        XCTAssertEqual(ours.lines, try reference(bytes, name: "updates.20001104.0124.gz"))
    }

    func testQuaggaClearingAndDeletedStatesOf2010PrintWhatBgpdumpPrints() throws {
        for name in ["rrc03-2010.02-updates.20100227.1600.first-796-records.gz",
                     "rrc15-2010.02-updates.20100227.1600.gz", "rrc15-2010.02-updates.20100227.1610.gz"] {
            let bytes = try archive(name)
            let ours = try decode(bytes)
            XCTAssertTrue(ours.summary.clean, "\(name): \(ours.summary.report)")
            XCTAssertEqual(ours.lines, try reference(bytes, name: name), name)
        }
    }
}
