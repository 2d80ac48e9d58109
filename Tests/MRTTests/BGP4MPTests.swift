import BGP
import MRT
import XCTest

/// BGP4MP and BGP4MP_ET records (RFC 6396 4.4, RFC 8050): the MESSAGE subtypes and state changes.
final class BGP4MPTests: XCTestCase {
    static let v4Session2 = MRTBuilder.Session(peerAS: 64496, localAS: 64511, peer: "192.0.2.1", local: "192.0.2.254")
    static let v4Session4 = MRTBuilder.Session(peerAS: 4_200_000_001, localAS: 64511, peer: "192.0.2.1", local: "192.0.2.254")

    func testMessageWithTwoByteASPath() throws {
        let update = BGPBuilder.update(
            withdrawn: BGPBuilder.nlri(["203.0.113.0/24"]),
            attributes: Attr.origin(0) + Attr.asPath([64496, 3356, 15169], asnSize: 2) + Attr.nextHop("192.0.2.1")
                + Attr.localPref(100) + Attr.med(5),
            nlri: BGPBuilder.nlri(["8.8.8.0/24", "8.8.4.0/24"]))
        let bytes = MRTBuilder.message(subtype: 1, timestamp: 1_300_000_000, session: Self.v4Session2, bgp: update)
        XCTAssertEqual(bytes, [
            0x4D, 0x7C, 0x6D, 0x00,  0x00, 0x10,  0x00, 0x01,  0x00, 0x00, 0x00, 0x57, // 1300000000, BGP4MP, MESSAGE, 87 bytes
            0xFB, 0xF0,  0xFB, 0xFF,  0x00, 0x00,  0x00, 0x01,  // peer AS 64496, local AS 64511, ifindex 0, AFI 1
            0xC0, 0x00, 0x02, 0x01,  0xC0, 0x00, 0x02, 0xFE,    // peer 192.0.2.1, local 192.0.2.254
            0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, // marker
            0x00, 0x47,  0x02,                                  // BGP length 71, type 2 UPDATE
            0x00, 0x04,  0x18, 0xCB, 0x00, 0x71,                // 4 withdrawn bytes: 203.0.113.0/24
            0x00, 0x24,                                         // 36 attribute bytes
            0x40, 0x01, 0x01, 0x00,                             // ORIGIN IGP
            0x40, 0x02, 0x08, 0x02, 0x03, 0xFB, 0xF0, 0x0D, 0x1C, 0x3B, 0x41, // AS_SEQUENCE 64496 3356 15169 (2-byte)
            0x40, 0x03, 0x04, 0xC0, 0x00, 0x02, 0x01,           // NEXT_HOP 192.0.2.1
            0x40, 0x05, 0x04, 0x00, 0x00, 0x00, 0x64,           // LOCAL_PREF 100
            0x80, 0x04, 0x04, 0x00, 0x00, 0x00, 0x05,           // MED 5
            0x18, 0x08, 0x08, 0x08,  0x18, 0x08, 0x08, 0x04,    // NLRI 8.8.8.0/24, 8.8.4.0/24
        ])
        var seen: (peer: ASN, local: ASN, peerAddress: IPAddress, localAddress: IPAddress, asnSize: Int, isLocal: Bool, addPath: Bool)?
        var prefixes: (withdrawn: [Prefix], announced: [Prefix])?
        let result = try decode(bytes) { _, record in
            guard case let .message(m) = record, case let .update(u) = m.message else { return XCTFail("not an UPDATE") }
            seen = (m.peerASN, m.localASN, m.peerAddress, m.localAddress, m.asnSize, m.isLocal, m.addPath)
            prefixes = (u.withdrawn.map(\.prefix), u.announced.map(\.prefix))
        }
        XCTAssertEqual(result.lines, [
            "BGP4MP|1300000000|W|192.0.2.1|64496|203.0.113.0/24",
            "BGP4MP|1300000000|A|192.0.2.1|64496|8.8.8.0/24|64496 3356 15169|IGP|192.0.2.1|100|5||NAG||",
            "BGP4MP|1300000000|A|192.0.2.1|64496|8.8.4.0/24|64496 3356 15169|IGP|192.0.2.1|100|5||NAG||",
        ])
        XCTAssertEqual(seen?.peer, ASN(64496))
        XCTAssertEqual(seen?.local, ASN(64511))
        XCTAssertEqual(seen?.peerAddress, IPAddress("192.0.2.1"))
        XCTAssertEqual(seen?.localAddress, IPAddress("192.0.2.254"))
        XCTAssertEqual(seen?.asnSize, 2)
        XCTAssertEqual(seen?.isLocal, false)
        XCTAssertEqual(seen?.addPath, false)
        XCTAssertEqual(prefixes?.withdrawn, [Prefix("203.0.113.0/24")!])
        XCTAssertEqual(prefixes?.announced, [Prefix("8.8.8.0/24")!, Prefix("8.8.4.0/24")!])
    }

    func testMessageAS4WithFourByteASPath() throws {
        // Subtype 4: 4-byte peer and local AS in the header, 4-byte ASNs in AS_PATH
        // (40 02 0A 02 02 FA56EA01 00000D1C: AS_SEQUENCE 4200000001 3356).
        let path = Attr.asPath([4_200_000_001, 3356])
        XCTAssertEqual(path, [0x40, 0x02, 0x0A, 0x02, 0x02, 0xFA, 0x56, 0xEA, 0x01, 0x00, 0x00, 0x0D, 0x1C])
        let update = BGPBuilder.update(attributes: Attr.origin(0) + path + Attr.nextHop("192.0.2.1"),
                                       nlri: BGPBuilder.nlri(["10.0.0.0/8"]))
        let bytes = MRTBuilder.message(subtype: 4, timestamp: 1_300_000_000, session: Self.v4Session4, bgp: update)
        XCTAssertEqual(Array(bytes[12..<20]), [0xFA, 0x56, 0xEA, 0x01,  0x00, 0x00, 0xFB, 0xFF])
        var asPath: ASPath?
        let result = try decode(bytes) { _, record in
            guard case let .message(m) = record, case let .update(u) = m.message else { return }
            XCTAssertEqual(m.asnSize, 4)
            asPath = PathAttributes(u.attributes).asPath
        }
        XCTAssertEqual(result.lines, ["BGP4MP|1300000000|A|192.0.2.1|4200000001|10.0.0.0/8|4200000001 3356|IGP|192.0.2.1|0|0||NAG||"])
        XCTAssertEqual(asPath, ASPath(sequence: [4_200_000_001, 3356]))
    }

    func testMessageLocalSubtypes() throws {
        // Subtype 6 (MESSAGE_LOCAL, 2-byte) and 7 (MESSAGE_AS4_LOCAL): messages the collector
        // sent. The header is laid out as for received messages (peer AS, local AS, ..., peer
        // address, local address) and the line names the peer, as bgpdump's does.
        let update = BGPBuilder.update(attributes: Attr.origin(0) + Attr.asPath([64511], asnSize: 2) + Attr.nextHop("192.0.2.254"),
                                       nlri: BGPBuilder.nlri(["10.0.0.0/8"]))
        let update4 = BGPBuilder.update(attributes: Attr.origin(0) + Attr.asPath([64511]) + Attr.nextHop("192.0.2.254"),
                                        nlri: BGPBuilder.nlri(["10.0.0.0/8"]))
        let bytes = MRTBuilder.message(subtype: 6, timestamp: 1, session: Self.v4Session2, bgp: update)
            + MRTBuilder.message(subtype: 7, timestamp: 2, session: Self.v4Session4, bgp: update4)
        var flags: [(Bool, Int)] = []
        let result = try decode(bytes) { _, record in
            guard case let .message(m) = record else { return }
            flags.append((m.isLocal, m.asnSize))
        }
        XCTAssertEqual(result.lines, [
            "BGP4MP_LOCAL|1|A|192.0.2.1|64496|10.0.0.0/8|64511|IGP|192.0.2.254|0|0||NAG||",
            "BGP4MP_LOCAL|2|A|192.0.2.1|4200000001|10.0.0.0/8|64511|IGP|192.0.2.254|0|0||NAG||",
        ])
        XCTAssertEqual(flags.map(\.0), [true, true])
        XCTAssertEqual(flags.map(\.1), [2, 4])
    }

    /// An ADD-PATH UPDATE: every NLRI (withdrawn, announced, MP_UNREACH, MP_REACH) starts
    /// with a 4-byte path id (RFC 7911 3).
    static func addPathUpdate(asnSize: Int) -> [UInt8] {
        BGPBuilder.update(
            withdrawn: BGPBuilder.nlri(["203.0.113.0/24"], pathIDs: [7]),
            attributes: Attr.origin(0) + Attr.asPath([64496, 3356], asnSize: asnSize) + Attr.nextHop("192.0.2.1")
                + Attr.mpUnreach(afi: 2, nlri: BGPBuilder.nlri(["2001:db8:dead::/48"], pathIDs: [8]))
                + Attr.mpReach(afi: 2, nextHops: ["2001:db8::1"], nlri: BGPBuilder.nlri(["2001:db8:beef::/48"], pathIDs: [9])),
            nlri: BGPBuilder.nlri(["198.51.100.0/24"], pathIDs: [10]))
    }

    func testAddPathMessages() throws {
        XCTAssertEqual(BGPBuilder.nlri(["203.0.113.0/24"], pathIDs: [7]), [0, 0, 0, 7,  24, 203, 0, 113])
        let session = MRTBuilder.Session(peerAS: 64496, localAS: 64511, peer: "192.0.2.1", local: "192.0.2.254")
        var bytes: [UInt8] = []
        for (subtype, timestamp) in [(8, 8), (9, 9)] as [(UInt16, UInt32)] {
            let update = Self.addPathUpdate(asnSize: MRTBuilder.asnSize(subtype: subtype))
            bytes += MRTBuilder.message(subtype: subtype, timestamp: timestamp, session: session, bgp: update)
        }
        var pathIDs: [[UInt32]] = []
        let result = try decode(bytes) { _, record in
            guard case let .message(m) = record, case let .update(u) = m.message else { return }
            XCTAssertTrue(m.addPath)
            pathIDs.append(u.withdrawn.map(\.pathID) + (u.attributes.mpUnreach?.nlri?.map(\.pathID) ?? [])
                + u.announced.map(\.pathID) + (u.attributes.mpReach?.nlri?.map(\.pathID) ?? []))
        }
        let expected = { (ts: Int) in [
            "BGP4MP_AP|\(ts)|W|192.0.2.1|64496|203.0.113.0/24|7",
            "BGP4MP_AP|\(ts)|W|192.0.2.1|64496|2001:db8:dead::/48|8",
            "BGP4MP_AP|\(ts)|A|192.0.2.1|64496|198.51.100.0/24|10|64496 3356|IGP|192.0.2.1|0|0||NAG||",
            "BGP4MP_AP|\(ts)|A|192.0.2.1|64496|2001:db8:beef::/48|9|64496 3356|IGP|2001:db8::1|0|0||NAG||",
        ] }
        XCTAssertEqual(result.lines, expected(8) + expected(9))
        XCTAssertEqual(pathIDs, [[7, 8, 10, 9], [7, 8, 10, 9]])
    }

    func testAddPathLocalMessages() throws {
        // Subtypes 10 (LOCAL_ADDPATH) and 11 (AS4_LOCAL_ADDPATH): BGP4MP_LOCAL_AP lines naming
        // the peer, like subtypes 6 and 7. (bgpdump 1.6 prints these as "BGP4MP_AP" with the
        // local address and AS instead: its direction test leaves out subtypes 10 and 11.)
        var bytes: [UInt8] = []
        for subtype: UInt16 in [10, 11] {
            bytes += MRTBuilder.message(subtype: subtype, timestamp: UInt32(subtype), session: Self.v4Session2,
                                        bgp: Self.addPathUpdate(asnSize: MRTBuilder.asnSize(subtype: subtype)))
        }
        var flags: [(Bool, Bool, Int)] = []
        let result = try decode(bytes) { _, record in
            guard case let .message(m) = record else { return }
            flags.append((m.isLocal, m.addPath, m.asnSize))
        }
        XCTAssertEqual(result.lines.count, 8)
        XCTAssertEqual(result.lines.first, "BGP4MP_LOCAL_AP|10|W|192.0.2.1|64496|203.0.113.0/24|7")
        XCTAssertEqual(result.lines.last, "BGP4MP_LOCAL_AP|11|A|192.0.2.1|64496|2001:db8:beef::/48|9|64496 3356|IGP|2001:db8::1|0|0||NAG||")
        XCTAssertEqual(flags.map(\.0), [true, true])
        XCTAssertEqual(flags.map(\.1), [true, true])
        XCTAssertEqual(flags.map(\.2), [2, 4])
    }

    func testExtendedTimestampHeader() throws {
        // BGP4MP_ET (type 17): after the common header, 4 bytes of microseconds, which the
        // length field counts. A plain record follows to prove the framing stays aligned.
        let update = BGPBuilder.update(attributes: Attr.origin(0) + Attr.asPath([4_200_000_001]) + Attr.nextHop("192.0.2.1"),
                                       nlri: BGPBuilder.nlri(["10.0.0.0/8"]))
        let body = MRTBuilder.sessionHeader(Self.v4Session4, asnSize: 4) + update
        let et = MRTBuilder.message(subtype: 4, timestamp: 1_300_000_000, microseconds: 42, session: Self.v4Session4, bgp: update)
        XCTAssertEqual(Array(et[0..<16]), [0x4D, 0x7C, 0x6D, 0x00,  0x00, 0x11,  0x00, 0x04]
            + BE.u32(UInt32(body.count + 4)) + [0x00, 0x00, 0x00, 0x2A])
        let state = MRTBuilder.stateChange(as4: true, timestamp: 1_300_000_001, microseconds: 999_999, session: Self.v4Session4, old: 5, new: 6)
        let plain = MRTBuilder.message(subtype: 4, timestamp: 1_300_000_002, session: Self.v4Session4, bgp: update)
        var headers: [RecordHeader] = []
        let result = try decode(et + state + plain) { header, _ in headers.append(header) }
        XCTAssertEqual(result.lines, [
            "BGP4MP_ET|1300000000.000042|A|192.0.2.1|4200000001|10.0.0.0/8|4200000001|IGP|192.0.2.1|0|0||NAG||",
            "BGP4MP_ET|1300000001.999999|STATE|192.0.2.1|4200000001|5|6",
            "BGP4MP|1300000002|A|192.0.2.1|4200000001|10.0.0.0/8|4200000001|IGP|192.0.2.1|0|0||NAG||",
        ])
        XCTAssertEqual(headers.map(\.microseconds), [42, 999_999, nil])
        XCTAssertEqual(headers.map(\.length), [UInt32(body.count), 24, UInt32(body.count)], "length without the microseconds")
        XCTAssertEqual(headers.map(\.offset), [0, Int64(et.count), Int64(et.count + state.count)])
    }

    func testStateChanges() throws {
        // STATE_CHANGE (2-byte ASNs) and STATE_CHANGE_AS4, each for an IPv4 and an IPv6 peer:
        // session header, then old and new FSM state (2 bytes each).
        let v6Session4 = MRTBuilder.Session(peerAS: 4_200_000_001, localAS: 64511, interfaceIndex: 3, peer: "2001:db8::1", local: "2001:db8::fe")
        let v6Session2 = MRTBuilder.Session(peerAS: 64497, localAS: 64511, peer: "2001:db8::2", local: "2001:db8::fe")
        let v4 = MRTBuilder.stateChange(as4: false, timestamp: 1, session: Self.v4Session2, old: 6, new: 1)
        XCTAssertEqual(v4, [0, 0, 0, 1,  0x00, 0x10,  0x00, 0x00,  0, 0, 0, 20,   // BGP4MP STATE_CHANGE, 20 bytes
                            0xFB, 0xF0, 0xFB, 0xFF,  0, 0,  0, 1,                  // AS 64496, AS 64511, ifindex 0, AFI 1
                            192, 0, 2, 1,  192, 0, 2, 254,  0, 6,  0, 1])         // peer, local, Established -> Idle
        let bytes = v4
            + MRTBuilder.stateChange(as4: false, timestamp: 2, session: v6Session2, old: 1, new: 2)
            + MRTBuilder.stateChange(as4: true, timestamp: 3, session: Self.v4Session4, old: 3, new: 4)
            + MRTBuilder.stateChange(as4: true, timestamp: 4, session: v6Session4, old: 5, new: 6)
        var changes: [StateChange] = []
        let result = try decode(bytes) { _, record in
            guard case let .stateChange(change) = record else { return XCTFail("not a state change") }
            changes.append(change)
        }
        XCTAssertEqual(result.lines, [
            "BGP4MP|1|STATE|192.0.2.1|64496|6|1",
            "BGP4MP|2|STATE|2001:db8::2|64497|1|2",
            "BGP4MP|3|STATE|192.0.2.1|4200000001|3|4",
            "BGP4MP|4|STATE|2001:db8::1|4200000001|5|6",
        ])
        let last = try XCTUnwrap(changes.last)
        XCTAssertEqual(last.peerASN, ASN(4_200_000_001))
        XCTAssertEqual(last.localASN, ASN(64511))
        XCTAssertEqual(last.interfaceIndex, 3)
        XCTAssertEqual(last.peerAddress, IPAddress("2001:db8::1"))
        XCTAssertEqual(last.localAddress, IPAddress("2001:db8::fe"))
        XCTAssertEqual(last.newState, .established)
        XCTAssertEqual(changes.map(\.oldState), [.established, .idle, .active, .openConfirm])
    }

    func testStateCodesOutsideTheFSMAreKept() throws {
        // RFC 4271 defines states 1 to 6; 0 and 65535 are damage or a newer writer. The record
        // still decodes, keeps the codes, and prints them as read.
        let bytes = MRTBuilder.stateChange(as4: true, timestamp: 1, session: Self.v4Session4, old: 0, new: 65535)
        var changes: [StateChange] = []
        let result = try decode(bytes) { _, record in
            guard case let .stateChange(change) = record else { return XCTFail("not a state change") }
            changes.append(change)
        }
        XCTAssertEqual(result.lines, ["BGP4MP|1|STATE|192.0.2.1|4200000001|0|65535"])
        XCTAssertEqual(changes.map(\.oldState), [.unknown(0)])
        XCTAssertEqual(changes.map(\.newState), [.unknown(65535)])
    }

    func testNonUpdateMessagesDecodeWithoutLines() throws {
        // OPEN: version 4, AS 64496, hold time 180, BGP id 192.0.2.1, no optional parameters.
        let open = BGPBuilder.message(type: 1, body: [4, 0xFB, 0xF0, 0x00, 0xB4, 192, 0, 2, 1, 0])
        let bytes = MRTBuilder.message(subtype: 1, timestamp: 1, session: Self.v4Session2, bgp: open)
            + MRTBuilder.message(subtype: 1, timestamp: 2, session: Self.v4Session2, bgp: BGPBuilder.keepalive)
            + MRTBuilder.message(subtype: 1, timestamp: 3, session: Self.v4Session2, bgp: BGPBuilder.message(type: 3, body: [6, 2]))
        var kinds: [String] = []
        let result = try decode(bytes) { _, record in
            guard case let .message(m) = record else { return }
            switch m.message {
            case let .open(version, asn, hold, id): kinds.append("open \(version) \(asn) \(hold) \(id)")
            case .keepalive: kinds.append("keepalive")
            case let .notification(code, subcode): kinds.append("notification \(code)/\(subcode)")
            default: kinds.append("other")
            }
        }
        XCTAssertEqual(kinds, ["open 4 64496 180 3221225985", "keepalive", "notification 6/2"])
        XCTAssertEqual(result.lines, [])
        XCTAssertEqual(result.summary.recordsDecoded, 3)
    }
}
