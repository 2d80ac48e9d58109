import BGP
import MRT
import XCTest

/// TABLE_DUMP (v1) records of the first RIS RIB dumps: many entries behind one view and
/// sequence, the length field 4 bytes short. Each entry must come out as the reference
/// decoder prints the same entry in a record of its own (which is how it can read them).
final class BatchedTableDumpTests: XCTestCase {
    static let t: UInt32 = 946_684_800 // 2000-01-01
    static let peers: [(asn: UInt16, ip: String)] = [(3333, "193.0.0.56"), (1103, "195.69.144.34"), (8447, "195.69.144.9")]

    static func attributes(_ i: Int) -> [UInt8] {
        let peer = peers[i % 3]
        var a = Attr.origin(UInt8(i % 3)) + Attr.asPath([UInt32(peer.asn), 701, UInt32(1000 + i)], asnSize: 2) + Attr.nextHop(peer.ip)
        if i % 2 == 0 { a += Attr.med(UInt32(i)) + Attr.communities([0x0D05_0000 + UInt32(i)]) }
        return a
    }

    /// 3 records of 4, 1 and 7 entries (12 routes), every entry of a different prefix and peer.
    static func entries() -> [[[UInt8]]] {
        var i = 0
        return [4, 1, 7].map { count in
            (0..<count).map { _ in
                defer { i += 1 }
                return HistoricalMRT.entry(prefix: "10.\(i).0.0/16", originated: t - UInt32(i), peer: peers[i % 3], attributes: attributes(i))
            }
        }
    }

    func testEntriesComeOutAsTheReferencePrintsThemOneByOne() throws {
        try ReferenceDecoder.require()
        let records = Self.entries()
        let batched = records.enumerated().flatMap { HistoricalMRT.batchedTableDump(timestamp: Self.t, sequence: UInt16($0), entries: $1) }
        // The same entries one per record, each with its own view and sequence and the true length.
        let single = records.flatMap { $0 }.enumerated().flatMap { n, entry in
            HistoricalMRT.batchedTableDump(timestamp: Self.t, sequence: UInt16(n), entries: [entry], shortLength: false)
        }
        let reference = try ReferenceDecoder.lines(of: single, in: try scratchDirectory(self), name: "bview.20000101.0000")
        XCTAssertEqual(reference.count, 12)
        let result = try decode(batched)
        XCTAssertEqual(result.lines, reference)
        XCTAssertEqual(result.summary.recordsRead, 3)
        XCTAssertEqual(result.summary.tableDumpShortLengthRecovered, 3)
        XCTAssertEqual(result.summary.tableDumpBatchedEntries, 9)
        XCTAssertEqual(result.summary.recordsMalformed, 0)
        XCTAssert(result.summary.report.joined().contains("3 TABLE_DUMP record(s) with a short length, recovered"), "\(result.summary.report)")
        // What the reference makes of the batched file: the first entry, then a bogus length.
        let theirs = try ReferenceDecoder.lines(of: batched, in: try scratchDirectory(self), name: "bview.20000101.0001")
        XCTAssertEqual(theirs, Array(reference.prefix(1)))
    }

    func testATrueLengthWithSeveralEntriesIsReadWhole() throws {
        let records = Self.entries()
        let bytes = HistoricalMRT.batchedTableDump(timestamp: Self.t, sequence: 0, entries: records[2], shortLength: false)
        let result = try decode(bytes)
        XCTAssertEqual(result.lines.count, 7)
        XCTAssertEqual(result.summary.tableDumpShortLengthRecovered, 0)
        XCTAssertEqual(result.summary.tableDumpBatchedEntries, 6)
        XCTAssert(result.summary.clean)
    }

    func testTheShortLengthIsTakenOnlyWhenTheEntriesProveIt() throws {
        // The last entry's attribute length is one more than its attributes: the entries no
        // longer fill the 4 bytes more, so the record is read as RFC 6396 frames it, and what
        // follows is damage the search passes over to the next record.
        var entries = Self.entries()[0]
        let last = entries.count - 1
        let lengthAt = 4 + 1 + 1 + 4 + 4 + 2
        entries[last][lengthAt + 1] += 1
        let bad = HistoricalMRT.batchedTableDump(timestamp: Self.t, sequence: 0, entries: entries)
        let good = HistoricalMRT.batchedTableDump(timestamp: Self.t, sequence: 1, entries: Self.entries()[2])
        let result = try decode(bad + good)
        XCTAssertEqual(result.summary.tableDumpShortLengthRecovered, 1, "only the good record")
        XCTAssertEqual(result.lines.count, 1 + 7, "the bad record's first entry, framed as RFC 6396 says, and the good record")
        XCTAssertEqual(result.summary.skippedRanges.count, 1)
        XCTAssertEqual(result.summary.skippedRanges.first?.offset, Int64(bad.count - 4), "from where the short length ended the record")
        XCTAssertEqual(result.summary.skippedRanges.first?.length, 4)
    }
}
