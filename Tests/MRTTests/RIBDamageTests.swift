import BGP
import MRT
import XCTest

/// TABLE_DUMP_V2 RIB records whose entry count disagrees with the entries present, and bytes
/// after the RIB entries or after a BGP message: every complete entry is kept and the damage
/// is reported as malformed with its offset (never silently dropped).
final class RIBDamageTests: XCTestCase {
    static let peers = MRTBuilder.peerIndexTable(timestamp: 1, collectorID: "192.0.2.100", peers: [
        MRTBuilder.Peer(bgpID: "192.0.2.1", address: "192.0.2.1", asn: 64496),
        MRTBuilder.Peer(bgpID: "192.0.2.2", address: "192.0.2.2", asn: 64497),
    ])
    static let entries = [
        MRTBuilder.RIBEntry(peerIndex: 0, originated: 0, attributes: Attr.origin(0) + Attr.asPath([64496])),
        MRTBuilder.RIBEntry(peerIndex: 1, originated: 0, attributes: Attr.origin(0) + Attr.asPath([64497])),
    ]
    static let lines = [
        "TABLE_DUMP2|2|B|192.0.2.1|64496|10.0.0.0/8|64496|IGP|255.255.255.255|0|0||NAG||",
        "TABLE_DUMP2|2|B|192.0.2.2|64497|10.0.0.0/8|64497|IGP|255.255.255.255|0|0||NAG||",
    ]
    /// Body of a RIB_IPV4_UNICAST record for 10.0.0.0/8: sequence (4), prefix length and one
    /// octet (2), entry count (2) at body byte 6, the first entry at body byte 8. Each entry
    /// here is peer index (2) + time (4) + attribute length (2) + ORIGIN (4) + AS_PATH (9) = 21.
    static let countAt = 6, firstEntryAt = 8, entryLength = 21

    /// The record with its entry count set to `count` and `extra` bytes appended to its body.
    func rib(count: UInt16, extra: [UInt8] = []) -> [UInt8] {
        var record = MRTBuilder.rib(subtype: 2, timestamp: 2, prefix: "10.0.0.0/8", entries: Self.entries) + extra
        record.replaceSubrange((12 + Self.countAt)..<(12 + Self.countAt + 2), with: BE.u16(count))
        record.replaceSubrange(8..<12, with: BE.u32(UInt32(record.count - 12)))
        return record
    }

    func testACountOneShortKeepsTheLastEntryAndReportsTheCount() throws {
        let result = try decode(Self.peers + rib(count: 1))
        XCTAssertEqual(result.lines, Self.lines, "the entry past the count is kept")
        XCTAssertEqual(result.summary.recordsMalformed, 0)
        XCTAssertEqual(result.summary.partlyMalformed, 1)
        XCTAssertEqual(result.summary.partlyMalformedByField, ["entry count": 1])
        XCTAssertFalse(result.summary.clean, "a malformed record makes `dump` exit 2")
        let issue = try XCTUnwrap(result.issues.first)
        XCTAssertEqual(issue.error.offset, Self.countAt)
        XCTAssertEqual(issue.recordOffset, Int64(Self.peers.count))
        XCTAssert(issue.description.contains("partly decoded: entry count: the record announces 1 entries but holds 2"), issue.description)
    }

    func testACountOneTooManyKeepsTheEntriesPresent() throws {
        let result = try decode(Self.peers + rib(count: 3))
        XCTAssertEqual(result.lines, Self.lines)
        XCTAssertEqual(result.summary.partlyMalformed, 1)
        let issue = try XCTUnwrap(result.issues.first)
        XCTAssertEqual(issue.error.field, "entry count")
        XCTAssertEqual(issue.error.offset, Self.countAt)
        XCTAssert(issue.error.problem.contains("the record announces 3 entries but holds 2"), issue.description)
        // An entry cut off inside: the complete one before it is kept, the cut reported where it starts.
        var cut = rib(count: 2)
        cut.removeLast(5)
        cut.replaceSubrange(8..<12, with: BE.u32(UInt32(cut.count - 12)))
        let partial = try decode(Self.peers + cut)
        XCTAssertEqual(partial.lines, [Self.lines[0]])
        XCTAssertEqual(partial.issues.count, 1)
        XCTAssertEqual(partial.issues.first?.error.field, "RIB entry 1")
        XCTAssertEqual(partial.issues.first?.error.offset, Self.firstEntryAt + Self.entryLength)
        XCTAssert(partial.issues.first?.error.problem.contains("cut short: 16 bytes left (the record announces 2 entries)") == true,
                  "\(partial.issues)")
    }

    func testBytesAfterTheEntriesAreReportedWithTheirOffset() throws {
        let result = try decode(Self.peers + rib(count: 2, extra: [0xDE, 0xAD, 0xBE]))
        XCTAssertEqual(result.lines, Self.lines)
        XCTAssertEqual(result.summary.partlyMalformedByField, ["RIB entries": 1])
        let issue = try XCTUnwrap(result.issues.first)
        XCTAssertEqual(issue.error.offset, Self.firstEntryAt + 2 * Self.entryLength)
        XCTAssert(issue.error.problem.contains("3 bytes after the 2 entries are not a complete entry"), issue.description)
    }

    func testBytesAfterABGPMessageAreReportedAndTheMessageKept() throws {
        // MESSAGE (subtype 1): session header 16 bytes, then a 23-byte UPDATE that withdraws
        // 10.0.0.0/8 (19 header + 2 withdrawn length + 2 prefix bytes + 2 attribute length =
        // 25), then 4 bytes that belong to no message: at body byte 16 + 25 = 41.
        let session = MRTBuilder.Session(peerAS: 64496, localAS: 64511, peer: "192.0.2.1", local: "192.0.2.254")
        let update = BGPBuilder.update(withdrawn: BGPBuilder.nlri(["10.0.0.0/8"]))
        XCTAssertEqual(update.count, 25)
        let record = MRTBuilder.message(subtype: 1, timestamp: 3, session: session, bgp: update + [1, 2, 3, 4])
        let result = try decode(record)
        XCTAssertEqual(result.lines, ["BGP4MP|3|W|192.0.2.1|64496|10.0.0.0/8"])
        XCTAssertEqual(result.summary.partlyMalformedByField, ["BGP message": 1])
        let issue = try XCTUnwrap(result.issues.first)
        XCTAssertEqual(issue.error.offset, 41)
        XCTAssert(issue.error.problem.contains("4 bytes follow the 25-byte message"), issue.description)
    }
}
