import BGP
import MRT
import XCTest

/// Damaged records are skipped and reported with where they are (the record's offset in the
/// stream, the field, the body byte); the records after them still decode.
final class MalformedInputTests: XCTestCase {
    static let session = MRTBuilder.Session(peerAS: 64496, localAS: 64511, peer: "192.0.2.1", local: "192.0.2.254")
    /// Withdrawals before and after the damaged record, at timestamps 1 and 3.
    static let before = MRTBuilder.message(subtype: 1, timestamp: 1, session: session,
                                           bgp: BGPBuilder.update(withdrawn: BGPBuilder.nlri(["192.0.2.0/24"])))
    static let after = MRTBuilder.message(subtype: 1, timestamp: 3, session: session,
                                          bgp: BGPBuilder.update(withdrawn: BGPBuilder.nlri(["198.51.100.0/24"])))

    /// Body offsets in a MESSAGE (subtype 1) record: the session header is 16 bytes (2 + 2 +
    /// 2 + 2 + 4 + 4), the BGP header 19; an UPDATE with no withdrawals has its attribute
    /// block at UPDATE byte 4 (withdrawn length 2, attribute length 2).
    static let bgpStart = 16, attributesStart = 16 + 19 + 4

    /// Decodes before + (the damaged BGP message at timestamp 2) + after and checks the
    /// damaged record alone was skipped; returns its issue and the record's bytes.
    func skipped(_ bgp: [UInt8], field: String, problem: String,
                 line: UInt = #line, fixture: String = #function) throws -> (issue: DecodeIssue, record: [UInt8]) {
        let bad = MRTBuilder.message(subtype: 1, timestamp: 2, session: Self.session, bgp: bgp)
        let result = try decode(Self.before + bad + Self.after, fixture: fixture)
        XCTAssertEqual(result.lines, ["BGP4MP|1|W|192.0.2.1|64496|192.0.2.0/24", "BGP4MP|3|W|192.0.2.1|64496|198.51.100.0/24"],
                       "the records around the damaged one decode", line: line)
        XCTAssertEqual(result.summary.recordsRead, 3, line: line)
        XCTAssertEqual(result.summary.recordsDecoded, 2, line: line)
        XCTAssertEqual(result.summary.recordsMalformed, 1, line: line)
        XCTAssertEqual(result.summary.malformedByField, [field: 1], line: line)
        XCTAssertEqual(result.issues.count, 1, line: line)
        let issue = try XCTUnwrap(result.issues.first)
        XCTAssertTrue(issue.skipped, line: line)
        XCTAssertEqual(issue.recordOffset, Int64(Self.before.count), line: line)
        XCTAssertEqual(issue.recordKind, "BGP4MP subtype 1", line: line)
        XCTAssertEqual(issue.error.field, field, line: line)
        XCTAssert(issue.error.problem.contains(problem), "\(issue)", line: line)
        XCTAssert(issue.description.contains("record at offset \(Self.before.count) skipped"), issue.description, line: line)
        return (issue, bad)
    }

    /// The byte of `record` (header included) that a body offset names.
    func byte(_ record: [UInt8], atBody offset: Int) -> UInt8 { record[12 + offset] }

    func testBadMarker() throws {
        var marker = BGPBuilder.marker
        marker[5] = 0x00
        let (issue, record) = try skipped(BGPBuilder.message(type: 4, body: [], marker: marker),
                                          field: "BGP marker", problem: "byte 5 is 0, must be 255")
        XCTAssertEqual(issue.error.offset, Self.bgpStart + 5)
        XCTAssertEqual(byte(record, atBody: issue.error.offset), 0x00)
    }

    func testAttributeLengthPastTheBlock() throws {
        // ORIGIN (4 bytes), then AS_PATH flags 40 type 02 claiming 50 bytes; 4 remain in the block.
        let attributes = Attr.origin(0) + [0x40, 0x02, 50,  2, 1, 0xFB, 0xF0]
        let (issue, record) = try skipped(BGPBuilder.update(attributes: attributes, nlri: BGPBuilder.nlri(["10.0.0.0/8"])),
                                          field: "UPDATE AS_PATH", problem: "claims 50 bytes but only 4 remain")
        XCTAssertEqual(issue.error.offset, Self.attributesStart + 4, "the AS_PATH attribute's first byte")
        XCTAssertEqual(Array(record[(12 + issue.error.offset)...].prefix(3)), [0x40, 0x02, 50])
    }

    func testIPv4PrefixLength33() throws {
        // Attributes: ORIGIN (4) + AS_PATH 40 02 04 02 01 FBF0 (7) + NEXT_HOP (7) = 18 bytes,
        // then NLRI [33, 10, 0, 0, 0, 0].
        let attributes = Attr.origin(0) + Attr.asPath([64496], asnSize: 2) + Attr.nextHop("192.0.2.1")
        XCTAssertEqual(attributes.count, 18)
        let (issue, record) = try skipped(BGPBuilder.update(attributes: attributes, nlri: [33, 10, 0, 0, 0, 0]),
                                          field: "UPDATE NLRI", problem: "prefix length 33 is longer than 32 for ipv4")
        XCTAssertEqual(issue.error.offset, Self.attributesStart + 18)
        XCTAssertEqual(byte(record, atBody: issue.error.offset), 33)
    }

    func testIPv4PrefixLength33InWithdrawals() throws {
        let (issue, record) = try skipped(BGPBuilder.update(withdrawn: [33, 10, 0, 0, 0, 0]),
                                          field: "UPDATE withdrawn NLRI", problem: "prefix length 33")
        XCTAssertEqual(issue.error.offset, Self.bgpStart + 19 + 2, "right after the withdrawn routes length")
        XCTAssertEqual(byte(record, atBody: issue.error.offset), 33)
    }

    func testIPv6PrefixLength129InMPReach() throws {
        // MP_REACH_NLRI first in the block: 3 header bytes, then AFI (2) SAFI (1) next-hop
        // length (1) next hop (16) reserved (1): the NLRI starts at value byte 21.
        let attributes = Attr.mpReach(afi: 2, nextHops: ["2001:db8::1"], nlri: [129] + [UInt8](repeating: 0, count: 17))
        let (issue, record) = try skipped(BGPBuilder.update(attributes: attributes),
                                          field: "UPDATE MP_REACH_NLRI NLRI", problem: "prefix length 129 is longer than 128")
        XCTAssertEqual(issue.error.offset, Self.attributesStart + 3 + 21)
        XCTAssertEqual(byte(record, atBody: issue.error.offset), 129)
    }

    func testBGPLengthLongerThanTheRecord() throws {
        // A KEEPALIVE whose length field says 40 while the record holds 19 bytes of it.
        let keepalive = BGPBuilder.marker + BE.u16(40) + [4]
        let (issue, _) = try skipped(keepalive, field: "BGP length", problem: "40 but the record holds only 19 bytes")
        XCTAssertEqual(issue.error.offset, Self.bgpStart + 16)
    }
}
