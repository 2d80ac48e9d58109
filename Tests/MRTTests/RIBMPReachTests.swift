import BGP
import MRT
import XCTest

/// MP_REACH_NLRI in TABLE_DUMP_V2 RIB entries, plain and ADD-PATH (RFC 8050 subtypes 8-11):
/// the abbreviated form RFC 6396 section 4.3.4 specifies (next-hop length, next hop) and the
/// full attribute FRR and GoBGP write (AFI, SAFI, next-hop length, next hop, reserved octet,
/// NLRI). The next hop is taken from either; the full form's NLRI must be the entry's prefix.
final class RIBMPReachTests: XCTestCase {
    static let peers = MRTBuilder.peerIndexTable(timestamp: 1, collectorID: "192.0.2.100", peers: [
        MRTBuilder.Peer(bgpID: "192.0.2.1", address: "2001:db8:ffff::1", asn: 64496),
    ])
    static let base = Attr.origin(0) + Attr.asPath([64496])

    func rib(subtype: UInt16, prefix: String = "2001:db8::/32", pathID: UInt32 = 7, mpReach: [UInt8]) -> [UInt8] {
        MRTBuilder.rib(subtype: subtype, timestamp: 2, prefix: prefix, entries: [
            MRTBuilder.RIBEntry(peerIndex: 0, originated: 0, pathID: pathID, attributes: Self.base + mpReach),
        ])
    }

    func testAbbreviatedAndFullFormsGiveTheSameRoute() throws {
        // Abbreviated: 80 0E 11, next-hop length 16, 2001:db8::1.
        let abbreviated = Attr.mpReachAbbreviated(nextHops: ["2001:db8::1"])
        XCTAssertEqual(Array(abbreviated.prefix(4)), [0x80, 0x0E, 17, 16])
        // Full, as FRR writes it: 80 0E 19, AFI 0002, SAFI 01, length 16, 2001:db8::1,
        // reserved 00, NLRI 20 20010DB8 (2001:db8::/32, no path id).
        let full = Attr.mpReach(afi: 2, nextHops: ["2001:db8::1"], nlri: BGPBuilder.nlri(["2001:db8::/32"]))
        XCTAssertEqual(Array(full.suffix(6)), [0x00, 0x20, 0x20, 0x01, 0x0D, 0xB8])
        // Full with a path id before the prefix (00000007): read as well.
        let fullWithID = Attr.mpReach(afi: 2, nextHops: ["2001:db8::1"], nlri: BGPBuilder.nlri(["2001:db8::/32"], pathIDs: [7]))
        for (subtype, head) in [(UInt16(4), "TABLE_DUMP2|2|B|2001:db8:ffff::1|64496|2001:db8::/32|"),
                                (10, "TABLE_DUMP2_AP|2|B|2001:db8:ffff::1|64496|2001:db8::/32|7|")] {
            for form in [abbreviated, full, fullWithID] {
                let result = try decode(Self.peers + rib(subtype: subtype, mpReach: form))
                XCTAssertEqual(result.lines, [head + "64496|IGP|2001:db8::1|0|0||NAG||"], "subtype \(subtype)")
                XCTAssertEqual(result.issues.count, 0, "\(result.issues)")
                XCTAssertTrue(result.summary.clean)
            }
        }
    }

    func testFullFormNamingAnotherPrefixIsReportedAndTheEntryKept() throws {
        let other = Attr.mpReach(afi: 2, nextHops: ["2001:db8::1"], nlri: BGPBuilder.nlri(["2001:db8:1::/48"]))
        var json: [UInt8] = []
        let result = try decode(Self.peers + rib(subtype: 10, mpReach: other)) { header, record in
            JSONLineWriter().write(record, header: header, to: &json)
        }
        XCTAssertEqual(result.lines, ["TABLE_DUMP2_AP|2|B|2001:db8:ffff::1|64496|2001:db8::/32|7|64496|IGP|2001:db8::1|0|0||NAG||"])
        XCTAssertEqual(result.summary.partlyMalformedByField, ["RIB entry MP_REACH_NLRI NLRI": 1])
        let issue = try XCTUnwrap(result.issues.first)
        XCTAssert(issue.error.problem.contains("names 2001:db8:1::/48, not the prefix of its RIB entry"), issue.description)
        // Entry at body byte 4 + 5 (prefix /32) + 2 (count) = 11; attributes after peer index,
        // time, path id and length (12): 23; MP_REACH after ORIGIN (4) and AS_PATH (9): 36;
        // its value 3 bytes on, the NLRI 21 bytes into the value: 60.
        XCTAssertEqual(issue.error.offset, 60)
        XCTAssert(String(decoding: json, as: UTF8.self).contains("\"attribute_problem\":\"MP_REACH_NLRI NLRI: names 2001:db8:1::/48"))
    }
}
