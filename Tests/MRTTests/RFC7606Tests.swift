import BGP
import MRT
import XCTest

/// RFC 7606 in UPDATE and RIB attribute decoding: "treat-as-withdraw" turns the routes into
/// withdrawals, "attribute discard" drops the attribute and keeps the route, and neither
/// skips the record or stops the file. Every case is counted in the summary and shown in
/// `--json`. Bytes are built field by field (MRTBuilder, Attr).
final class RFC7606Tests: XCTestCase {
    static let session = MRTBuilder.Session(peerAS: 64496, localAS: 64511, peer: "192.0.2.1", local: "192.0.2.254")
    /// In a MESSAGE_AS4 record the session header is 4+4+2+2+4+4 = 20 bytes, the BGP header
    /// 19, withdrawn length and attribute length 2 each: the attribute block starts at body byte 43.
    static let attributesStart = 20 + 19 + 4
    static let rest = Attr.asPath([64496]) + Attr.nextHop("192.0.2.1")

    func update(_ attributes: [UInt8], nlri: [String] = ["10.0.0.0/8"], withdrawn: [String] = [], subtype: UInt16 = 4) -> [UInt8] {
        MRTBuilder.message(subtype: subtype, timestamp: 7, session: Self.session,
                           bgp: BGPBuilder.update(withdrawn: BGPBuilder.nlri(withdrawn), attributes: attributes, nlri: BGPBuilder.nlri(nlri)))
    }

    /// Decodes one UPDATE whose attributes call for treat-as-withdraw and checks it was
    /// decoded (not skipped), its route withdrawn and the cause counted and reported.
    func assertWithdrawn(_ attributes: [UInt8], attribute: String, problem: String, line: UInt = #line) throws {
        let result = try decode(update(attributes))
        XCTAssertEqual(result.lines, ["BGP4MP|7|W|192.0.2.1|64496|10.0.0.0/8"], line: line)
        XCTAssertEqual(result.summary.recordsDecoded, 1, line: line)
        XCTAssertEqual(result.summary.recordsMalformed, 0, line: line)
        XCTAssertEqual(result.summary.routesTreatedAsWithdrawn, 1, line: line)
        XCTAssertEqual(result.summary.treatAsWithdrawByAttribute, [attribute: 1], line: line)
        XCTAssertTrue(result.summary.clean, "treat-as-withdraw is RFC 7606 handling, not damage to the file", line: line)
        let issue = try XCTUnwrap(result.issues.first, line: line)
        XCTAssertEqual(result.issues.count, 1, line: line)
        XCTAssertFalse(issue.skipped, line: line)
        XCTAssertEqual(issue.error.field, attribute, line: line)
        XCTAssert(issue.error.problem.contains(problem), issue.description, line: line)
        XCTAssert(issue.description.contains("routes treated as withdrawn (RFC 7606)"), issue.description, line: line)
        XCTAssert(result.summary.report.joined().contains("1 route(s) treated as withdrawn"), line: line)
    }

    func testOriginOfLengthTwoIsTreatAsWithdraw() throws {
        // RFC 7606 7.1: ORIGIN 40 01 02 00 00.
        try assertWithdrawn(Attr.make(0x40, 1, [0, 0]) + Self.rest, attribute: "ORIGIN", problem: "length 2, expected 1")
        let result = try decode(update(Attr.make(0x40, 1, [0, 0]) + Self.rest))
        XCTAssertEqual(result.issues.first?.error.offset, Self.attributesStart, "the ORIGIN attribute's first byte")
    }

    func testUndefinedOriginIsTreatAsWithdraw() throws {
        // RFC 7606 7.1: ORIGIN 3 is undefined.
        try assertWithdrawn(Attr.origin(3) + Self.rest, attribute: "ORIGIN", problem: "undefined value 3")
    }

    func testBadASPathSegmentIsTreatAsWithdraw() throws {
        // RFC 7606 7.2: AS_SEQUENCE of 1 (02 01 + 4-byte ASN), then segment type 7.
        let path = Attr.make(0x40, 2, [2, 1, 0, 0, 0xFB, 0xF0,  7, 1, 0, 0, 0xFB, 0xF0])
        try assertWithdrawn(Attr.origin(0) + path + Attr.nextHop("192.0.2.1"), attribute: "AS_PATH", problem: "unknown segment type 7")
    }

    func testWrongLengthsOfFixedAttributesAreTreatAsWithdraw() throws {
        // RFC 7606 7.3 NEXT_HOP, 7.4 MED, 7.5 LOCAL_PREF, 7.9 ORIGINATOR_ID, RFC 9234 OTC: 4 bytes each.
        for (type, flags, name) in [(3, 0x40, "NEXT_HOP"), (4, 0x80, "MULTI_EXIT_DISC"), (5, 0x40, "LOCAL_PREF"),
                                    (9, 0x80, "ORIGINATOR_ID"), (35, 0xC0, "ONLY_TO_CUSTOMER")] as [(UInt8, UInt8, String)] {
            let base = type == 3 ? Attr.origin(0) + Attr.asPath([64496]) : Attr.origin(0) + Self.rest
            try assertWithdrawn(base + Attr.make(flags, type, [1, 2, 3]), attribute: name, problem: "length 3, expected 4")
        }
        // 7.8 COMMUNITIES, 7.10 CLUSTER_LIST (optional non-transitive), 7.14 extended, RFC 8092
        // large: non-zero multiples.
        for (type, flags, size, name) in [(8, 0xC0, 4, "COMMUNITIES"), (10, 0x80, 4, "CLUSTER_LIST"),
                                          (16, 0xC0, 8, "EXTENDED_COMMUNITIES"), (32, 0xC0, 12, "LARGE_COMMUNITY")] as [(UInt8, UInt8, Int, String)] {
            try assertWithdrawn(Attr.origin(0) + Self.rest + Attr.make(flags, type, [UInt8](repeating: 1, count: size + 1)),
                                attribute: name, problem: "expected a non-zero multiple of \(size)")
            try assertWithdrawn(Attr.origin(0) + Self.rest + Attr.make(flags, type, []),
                                attribute: name, problem: "length 0, expected a non-zero multiple of \(size)")
        }
    }

    func testMPReachRoutesOfATreatAsWithdrawUpdateBecomeWithdrawals() throws {
        // An IPv6 announcement (MP_REACH_NLRI: AFI 2, SAFI 1, next hop 2001:db8::1, NLRI
        // 2001:db8::/32) with COMMUNITIES of 3 bytes.
        let attributes = Attr.origin(0) + Attr.asPath([64496]) + Attr.make(0xC0, 8, [1, 2, 3])
            + Attr.mpReach(afi: 2, nextHops: ["2001:db8::1"], nlri: BGPBuilder.nlri(["2001:db8::/32"]))
        var json: [UInt8] = []
        let result = try decode(update(attributes, nlri: [])) { header, record in
            JSONLineWriter().write(record, header: header, to: &json)
        }
        XCTAssertEqual(result.lines, ["BGP4MP|7|W|192.0.2.1|64496|2001:db8::/32"])
        XCTAssertEqual(result.summary.routesTreatedAsWithdrawn, 1)
        let object = String(decoding: json, as: UTF8.self)
        XCTAssert(object.contains("\"type\":\"withdraw\""), object)
        XCTAssert(object.contains("\"treat_as_withdraw\":\"COMMUNITIES: length 3, expected a non-zero multiple of 4\""), object)
    }

    /// Decodes with the `--json` writer too; returns the JSON lines.
    func decodeWithJSON(_ bytes: [UInt8]) throws -> (Decoded, [String]) {
        var json: [UInt8] = []
        let result = try decode(bytes) { header, record in JSONLineWriter().write(record, header: header, to: &json) }
        return (result, String(decoding: json, as: UTF8.self).split(separator: "\n").map(String.init))
    }

    func testTreatAsWithdrawBesideTheUpdatesOwnWithdrawalsMergesThem() throws {
        // Withdrawn routes 192.0.2.0/24 (18 C0 00 02), ORIGIN 9 (undefined), NLRI 10.0.0.0/8:
        // the UPDATE withdraws 192.0.2.0/24 itself and 10.0.0.0/8 by treat-as-withdraw.
        let (result, json) = try decodeWithJSON(update(Attr.origin(9) + Self.rest, withdrawn: ["192.0.2.0/24"]))
        XCTAssertEqual(result.lines, ["BGP4MP|7|W|192.0.2.1|64496|192.0.2.0/24", "BGP4MP|7|W|192.0.2.1|64496|10.0.0.0/8"])
        XCTAssertEqual(result.summary.recordsMalformed, 0)
        XCTAssertEqual(result.summary.routesTreatedAsWithdrawn, 1, "only the announced route")
        XCTAssertEqual(result.summary.treatAsWithdrawByAttribute, ["ORIGIN": 1])
        XCTAssertEqual(json.count, 2)
        XCTAssertFalse(json[0].contains("treat_as_withdraw"), json[0])
        XCTAssert(json[0].contains("\"prefix\":\"192.0.2.0/24\""), json[0])
        XCTAssert(json[1].contains("\"treat_as_withdraw\":\"ORIGIN: undefined value 9"), json[1])
    }

    func testMPReachTreatedAsWithdrawnMergesWithMPUnreachOfTheSameFamily() throws {
        // MP_UNREACH_NLRI (80 0F): AFI 2, SAFI 1, 2001:db8:1::/48. MP_REACH_NLRI (80 0E): AFI 2,
        // SAFI 1, next hop 2001:db8::1, 2001:db8::/32. COMMUNITIES of 3 bytes.
        let attributes = Attr.origin(0) + Attr.asPath([64496]) + Attr.make(0xC0, 8, [1, 2, 3])
            + Attr.mpUnreach(afi: 2, nlri: BGPBuilder.nlri(["2001:db8:1::/48"]))
            + Attr.mpReach(afi: 2, nextHops: ["2001:db8::1"], nlri: BGPBuilder.nlri(["2001:db8::/32"]))
        let (result, json) = try decodeWithJSON(update(attributes, nlri: []))
        XCTAssertEqual(result.lines, ["BGP4MP|7|W|192.0.2.1|64496|2001:db8:1::/48", "BGP4MP|7|W|192.0.2.1|64496|2001:db8::/32"])
        XCTAssertEqual(result.summary.routesTreatedAsWithdrawn, 1)
        XCTAssertEqual(json.map { $0.contains("treat_as_withdraw") }, [false, true])
        // MP_REACH_NLRI before MP_UNREACH_NLRI in the block: the UPDATE's own withdrawal still first.
        let reversed = Attr.origin(0) + Attr.asPath([64496]) + Attr.make(0xC0, 8, [1, 2, 3])
            + Attr.mpReach(afi: 2, nextHops: ["2001:db8::1"], nlri: BGPBuilder.nlri(["2001:db8::/32"]))
            + Attr.mpUnreach(afi: 2, nlri: BGPBuilder.nlri(["2001:db8:1::/48"]))
        let (second, secondJSON) = try decodeWithJSON(update(reversed, nlri: []))
        XCTAssertEqual(second.lines, result.lines)
        XCTAssertEqual(secondJSON.map { $0.contains("treat_as_withdraw") }, [false, true])
    }

    func testAListWithASecondRunStaysAsNarrowAsBefore() {
        // A record holds four lists and is copied on the hot path: 16 bytes of buffer pointer,
        // then family, flags, count, second run's length and distance.
        XCTAssertEqual(MemoryLayout<NLRIList>.size, 24)
    }

    func testMPReachTreatedAsWithdrawnBesideMPUnreachOfAnotherFamilyIsReported() throws {
        // MP_UNREACH_NLRI of IPv4 unicast (AFI 1, SAFI 1, 192.0.2.0/24) and MP_REACH_NLRI of
        // IPv6: one MP_UNREACH_NLRI cannot hold both families' withdrawals.
        let attributes = Attr.origin(0) + Attr.asPath([64496]) + Attr.make(0xC0, 8, [1, 2, 3])
            + Attr.mpUnreach(afi: 1, nlri: BGPBuilder.nlri(["192.0.2.0/24"]))
            + Attr.mpReach(afi: 2, nextHops: ["2001:db8::1"], nlri: BGPBuilder.nlri(["2001:db8::/32"]))
        let result = try decode(update(attributes, nlri: []))
        XCTAssertEqual(result.lines, [])
        XCTAssertEqual(result.summary.recordsMalformed, 1)
        XCTAssertEqual(result.summary.malformedByField, ["UPDATE treat-as-withdraw": 1])
        XCTAssert(result.issues.first?.error.problem.contains("of another family") == true, "\(result.issues)")
    }

    func testMissingMandatoryAttributesAreTreatAsWithdraw() throws {
        // RFC 7606 3(d). ORIGIN missing (AS_PATH 64496, NEXT_HOP 192.0.2.1 present).
        try assertWithdrawn(Self.rest, attribute: "missing ORIGIN", problem: "RFC 7606 3(d)")
        // Only ORIGIN: AS_PATH and NEXT_HOP missing, named together.
        try assertWithdrawn(Attr.origin(0), attribute: "missing AS_PATH, NEXT_HOP", problem: "must carry ORIGIN and AS_PATH")
        // No attributes at all beside routes in the NLRI field.
        try assertWithdrawn([], attribute: "missing ORIGIN, AS_PATH, NEXT_HOP", problem: "RFC 7606 3(d)")
        let result = try decode(update(Self.rest))
        XCTAssertEqual(result.issues.first?.error.offset, Self.attributesStart, "the attribute block")
    }

    func testWhatRFC7606SectionThreeDDoesNotRequire() throws {
        // An MP_REACH_NLRI-only UPDATE needs no NEXT_HOP (RFC 4760); a withdrawal-only UPDATE
        // (and End-of-RIB) needs no attributes.
        let mp = Attr.origin(0) + Attr.asPath([64496]) + Attr.mpReach(afi: 2, nextHops: ["2001:db8::1"], nlri: BGPBuilder.nlri(["2001:db8::/32"]))
        let withdrawal = update([], nlri: [], withdrawn: ["192.0.2.0/24"])
        let endOfRIB = update([], nlri: [])
        let result = try decode(update(mp, nlri: []) + withdrawal + endOfRIB)
        XCTAssertEqual(result.lines, ["BGP4MP|7|A|192.0.2.1|64496|2001:db8::/32|64496|IGP|2001:db8::1|0|0||NAG||",
                                      "BGP4MP|7|W|192.0.2.1|64496|192.0.2.0/24"])
        XCTAssertEqual(result.issues.count, 0)
        XCTAssertEqual(result.summary.routesTreatedAsWithdrawn, 0)
    }

    func testAttributeFlagsInConflictAreTreatAsWithdraw() throws {
        // RFC 7606 3(c). ORIGIN C0 01 01 00: optional transitive, but ORIGIN is well-known.
        try assertWithdrawn(Attr.make(0xC0, 1, [0]) + Self.rest, attribute: "ORIGIN",
                            problem: "attribute flags 0xC0 say optional transitive (optional 1, transitive 1), but it is well-known")
        // MED 40 04 04 00000005: well-known flags on an optional non-transitive attribute.
        try assertWithdrawn(Attr.origin(0) + Self.rest + Attr.make(0x40, 4, [0, 0, 0, 5]), attribute: "MULTI_EXIT_DISC",
                            problem: "but it is optional non-transitive")
        // COMMUNITIES 80 08 04 FDE80001: the transitive bit is missing.
        try assertWithdrawn(Attr.origin(0) + Self.rest + Attr.make(0x80, 8, [0xFD, 0xE8, 0, 1]), attribute: "COMMUNITIES",
                            problem: "but it is optional transitive")
        // AGGREGATOR 40 07 08 ...: a flag conflict is treat-as-withdraw even where a wrong
        // length is attribute discard (7.7 says nothing of the flags).
        try assertWithdrawn(Attr.origin(0) + Self.rest + Attr.make(0x40, 7, [0, 0, 0xFB, 0xF0, 192, 0, 2, 9]), attribute: "AGGREGATOR",
                            problem: "attribute flags 0x40")
    }

    func testFlagBitsRFC7606DoesNotNameAndRIBEntriesAreNotChecked() throws {
        // COMMUNITIES E0 08 04 FDE80001: the Partial bit (0x20) set: RFC 7606 3(c) names only
        // the Optional and Transitive bits.
        let partial = try decode(update(Attr.origin(0) + Self.rest + Attr.make(0xE0, 8, [0xFD, 0xE8, 0, 1])))
        XCTAssertEqual(partial.lines, ["BGP4MP|7|A|192.0.2.1|64496|10.0.0.0/8|64496|IGP|192.0.2.1|0|0|65000:1|NAG||"])
        // A RIB entry whose NEXT_HOP has flags 00 (as BIRD 2.0.12 writes its table dumps): kept.
        let peers = MRTBuilder.peerIndexTable(timestamp: 1, collectorID: "192.0.2.100",
                                              peers: [MRTBuilder.Peer(bgpID: "192.0.2.1", address: "192.0.2.1", asn: 64496)])
        let rib = MRTBuilder.rib(subtype: 2, timestamp: 2, prefix: "10.0.0.0/8", entries: [
            MRTBuilder.RIBEntry(peerIndex: 0, originated: 0, attributes: Attr.origin(0) + Attr.asPath([64496]) + Attr.make(0x00, 3, [192, 0, 2, 1])),
        ])
        let table = try decode(peers + rib)
        XCTAssertEqual(table.lines, ["TABLE_DUMP2|2|B|192.0.2.1|64496|10.0.0.0/8|64496|IGP|192.0.2.1|0|0||NAG||"])
        XCTAssertEqual(table.issues.count, 0)
    }

    func testAtomicAggregateWithAValueIsDiscarded() throws {
        // RFC 7606 7.6: ATOMIC_AGGREGATE 40 06 01 00 has a length of 1: discarded, route kept.
        var json: [UInt8] = []
        let result = try decode(update(Attr.origin(0) + Self.rest + Attr.make(0x40, 6, [0]))) { header, record in
            JSONLineWriter().write(record, header: header, to: &json)
        }
        XCTAssertEqual(result.lines, ["BGP4MP|7|A|192.0.2.1|64496|10.0.0.0/8|64496|IGP|192.0.2.1|0|0||NAG||"])
        XCTAssertEqual(result.summary.attributesDiscarded, ["ATOMIC_AGGREGATE": 1])
        XCTAssertEqual(result.issues.count, 0)
        XCTAssert(result.summary.report.joined().contains("1 x ATOMIC_AGGREGATE"))
        XCTAssert(String(decoding: json, as: UTF8.self).contains("\"attributes_discarded\":[\"ATOMIC_AGGREGATE\"]"))
    }

    func testAggregatorOfAWrongLengthIsDiscarded() throws {
        // RFC 7606 7.7: a 4-byte-ASN record's AGGREGATOR must be 8 bytes; this one has 5.
        let result = try decode(update(Attr.origin(0) + Self.rest + Attr.make(0xC0, 7, [0, 0, 0xFB, 0xF0, 1])))
        XCTAssertEqual(result.lines, ["BGP4MP|7|A|192.0.2.1|64496|10.0.0.0/8|64496|IGP|192.0.2.1|0|0||NAG||"])
        XCTAssertEqual(result.summary.attributesDiscarded, ["AGGREGATOR": 1])
    }

    func testEightByteAggregatorInATwoByteRecordIsReadAsFourByte() throws {
        // MESSAGE (subtype 1, 2-byte ASNs) with AGGREGATOR C0 07 08 FA56EA01 C0000209: the
        // 4-byte form, AS4200000001 at 192.0.2.9 (OpenBGPD writes it so in TABLE_DUMP).
        let attributes = Attr.origin(0) + Attr.asPath([64496], asnSize: 2) + Attr.nextHop("192.0.2.1")
            + Attr.aggregator(asn: 4_200_000_001, address: "192.0.2.9", asnSize: 4)
        var json: [UInt8] = []
        let result = try decode(update(attributes, subtype: 1)) { header, record in
            JSONLineWriter().write(record, header: header, to: &json)
        }
        XCTAssertEqual(result.lines, ["BGP4MP|7|A|192.0.2.1|64496|10.0.0.0/8|64496|IGP|192.0.2.1|0|0||NAG|4200000001 192.0.2.9|"])
        XCTAssertEqual(result.summary.aggregatorsReadAsFourByte, 1)
        XCTAssertEqual(result.summary.attributesDiscarded, [:])
        XCTAssert(String(decoding: json, as: UTF8.self).contains("\"aggregator_read_as_4_byte\":true"))
    }

    func testMalformedAS4PathIsDiscardedAndASPathUsed() throws {
        // RFC 6793 section 6: AS4_PATH C0 11 03 02 01 00 is cut short: discarded.
        let attributes = Attr.origin(0) + Attr.asPath([64496, 23456], asnSize: 2) + Attr.nextHop("192.0.2.1") + Attr.make(0xC0, 17, [2, 1, 0])
        let result = try decode(update(attributes, subtype: 1))
        XCTAssertEqual(result.lines, ["BGP4MP|7|A|192.0.2.1|64496|10.0.0.0/8|64496 23456|IGP|192.0.2.1|0|0||NAG||"])
        XCTAssertEqual(result.summary.attributesDiscarded, ["AS4_PATH": 1])
    }

    func testRIBEntryWithMalformedAttributesIsWithdrawnAndTheOthersKept() throws {
        let peers = MRTBuilder.peerIndexTable(timestamp: 1, collectorID: "192.0.2.100", peers: [
            MRTBuilder.Peer(bgpID: "192.0.2.1", address: "192.0.2.1", asn: 64496),
            MRTBuilder.Peer(bgpID: "192.0.2.2", address: "192.0.2.2", asn: 64497),
        ])
        // Entry 0 has ORIGIN 7 (undefined), entry 1 is fine.
        let rib = MRTBuilder.rib(subtype: 2, timestamp: 2, prefix: "10.0.0.0/8", entries: [
            MRTBuilder.RIBEntry(peerIndex: 0, originated: 0, attributes: Attr.origin(7) + Attr.asPath([64496])),
            MRTBuilder.RIBEntry(peerIndex: 1, originated: 0, attributes: Attr.origin(0) + Attr.asPath([64497])),
        ])
        let result = try decode(peers + rib)
        XCTAssertEqual(result.lines, ["TABLE_DUMP2|2|B|192.0.2.2|64497|10.0.0.0/8|64497|IGP|255.255.255.255|0|0||NAG||"])
        XCTAssertEqual(result.summary.routesTreatedAsWithdrawn, 1)
        XCTAssertEqual(result.summary.treatAsWithdrawByAttribute, ["RIB entry ORIGIN": 1])
        // Entry 0 starts at body byte 4 (sequence) + 2 (prefix) + 2 (count) = 8; its
        // attributes after peer index (2), time (4) and length (2): byte 16.
        XCTAssertEqual(result.issues.first?.error.offset, 16)
        XCTAssertEqual(result.issues.first?.error.field, "RIB entry 0 ORIGIN")
    }

    func testTableDumpRouteWithMalformedAttributesIsWithdrawn() throws {
        let bad = MRTBuilder.tableDump(timestamp: 5, prefix: "10.0.0.0/8", originated: 0, peer: "192.0.2.1", peerAS: 64496,
                                       attributes: Attr.origin(0) + Attr.make(0x40, 3, [1]))
        let result = try decode(bad)
        XCTAssertEqual(result.lines, [])
        XCTAssertEqual(result.summary.recordsDecoded, 1)
        XCTAssertEqual(result.summary.routesTreatedAsWithdrawn, 1)
        XCTAssertEqual(result.summary.treatAsWithdrawByAttribute, ["NEXT_HOP": 1])
        XCTAssert(result.issues.first?.description.contains("routes treated as withdrawn") == true)
    }
}
