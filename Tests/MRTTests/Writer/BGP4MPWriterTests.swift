import BGP
import MRT
import XCTest

/// BGP4MP and BGP4MP_ET records (RFC 6396 sections 3 and 4.4, RFC 8050) from `MRTWriter`,
/// read back: UPDATEs of both families, two- and four-octet sessions, ADD-PATH, state changes.
final class BGP4MPWriterTests: XCTestCase {
    let writer = MRTWriter()

    func testIPv4UpdateExactBytes() {
        var a = PathAttributes()
        a.origin = .igp
        a.asPath = ASPath(sequence: [64496])
        a.nextHop = Example.ip("192.0.2.1")
        let peer = BGPSpeaker(asn: ASN(64496), address: Example.ip("192.0.2.1"))
        let local = BGPSpeaker(asn: ASN(64511), address: Example.ip("192.0.2.254"))
        let record = writer.update(timestamp: 1_300_000_000, peer: peer, local: local,
                                   announce: Example.nlri(["8.8.8.0/24"]), withdraw: Example.nlri(["203.0.113.0/24"]),
                                   attributes: a, asnSize: 2)
        XCTAssertEqual(record, [
            0x4D, 0x7C, 0x6D, 0x00,  0x00, 0x10,  0x00, 0x01,  0x00, 0x00, 0x00, 0x41, // BGP4MP MESSAGE, 65 bytes
            0xFB, 0xF0,  0xFB, 0xFF,  0x00, 0x00,  0x00, 0x01,                        // ASNs, ifindex, AFI 1
            0xC0, 0x00, 0x02, 0x01,  0xC0, 0x00, 0x02, 0xFE,
            0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
            0x00, 0x31,  0x02,                                                        // 49 bytes, UPDATE
            0x00, 0x04,  0x18, 0xCB, 0x00, 0x71,                                      // withdrawn 203.0.113.0/24
            0x00, 0x12,                                                               // 18 attribute bytes
            0x40, 0x01, 0x01, 0x00,  0x40, 0x02, 0x04, 0x02, 0x01, 0xFB, 0xF0,  0x40, 0x03, 0x04, 0xC0, 0x00, 0x02, 0x01,
            0x18, 0x08, 0x08, 0x08,                                                   // NLRI 8.8.8.0/24
        ])
    }

    func testIPv4UpdateRoundTrips() throws {
        let attributes = Example.everyAttribute
        let announce = Example.nlri(["8.8.8.0/24", "8.8.4.0/24", "0.0.0.0/0", "192.0.2.255/32"])
        let withdraw = Example.nlri(["203.0.113.0/24"])
        let record = writer.update(timestamp: 1_763_683_201, peer: Example.member4, local: Example.routeServer4,
                                   announce: announce, withdraw: withdraw, attributes: withoutMPNextHop(attributes),
                                   interfaceIndex: 3)
        let read = try readBack(record)
        XCTAssertEqual(read.count, 1)
        XCTAssertEqual(read[0].header.type, 16)
        XCTAssertEqual(read[0].header.subtype, 4)
        XCTAssertEqual(read[0].header.timestamp, 1_763_683_201)
        XCTAssertNil(read[0].header.microseconds)
        XCTAssertEqual(read[0].record.update, ReadBackUpdate(
            peer: Example.member4, local: Example.routeServer4, interfaceIndex: 3, asnSize: 4, addPath: false,
            withdrawn: withdraw, announced: announce, attributes: withoutMPNextHop(attributes)))
    }

    /// IPv6 routes in full MP_REACH_NLRI / MP_UNREACH_NLRI (RFC 4760), with a link-local next hop.
    func testIPv6UpdateWithLinkLocalNextHop() throws {
        var attributes = Example.memberRoute6([4_200_000_123, 6939], nextHop: "2001:db8::a", linkLocal: "fe80::a")
        attributes.largeCommunities = [LargeCommunity(64500, 0, 6939)]
        let announce = Example.nlri(["2001:4860::/32", "2a00:1450::/29", "::/0"])
        let withdraw = Example.nlri(["2001:db8:dead::/48"])
        let record = writer.update(timestamp: 1, microseconds: 999_999, peer: Example.member6, local: Example.routeServer6,
                                   announce: announce, withdraw: withdraw, attributes: attributes)
        let read = try readBack(record)
        XCTAssertEqual(read[0].header.type, 17)
        XCTAssertEqual(read[0].header.microseconds, 999_999)
        let update = try XCTUnwrap(read[0].record.update)
        XCTAssertEqual(update, ReadBackUpdate(peer: Example.member6, local: Example.routeServer6, interfaceIndex: 0,
                                              asnSize: 4, addPath: false, withdrawn: withdraw, announced: announce,
                                              attributes: attributes))
        XCTAssertEqual(update.attributes.mpNextHop?.linkLocal, Example.ip("fe80::a"))
    }

    /// One UPDATE with both families: IPv4 in the classic fields, IPv6 in MP attributes.
    func testMixedFamilies() throws {
        var attributes = Example.memberRoute([64496, 3356])
        attributes.mpNextHop = MPNextHop(address: Example.ip("2001:db8::a"))
        let announce = Example.nlri(["8.8.8.0/24", "2001:4860::/32"])
        let withdraw = Example.nlri(["2001:db8:1::/48", "203.0.113.0/24"])
        let update = try XCTUnwrap(readBack(writer.update(timestamp: 5, peer: Example.member4, local: Example.routeServer4,
                                                          announce: announce, withdraw: withdraw,
                                                          attributes: attributes)).first?.record.update)
        XCTAssertEqual(update.announced, [announce[0], announce[1]])
        XCTAssertEqual(update.withdrawn, [withdraw[1], withdraw[0]], "classic withdrawals first, then MP_UNREACH")
        XCTAssertEqual(update.attributes, attributes)
    }

    func testWithdrawalOnlyUpdates() throws {
        for prefixes in [["203.0.113.0/24", "198.51.100.0/24"], ["2001:db8:1::/48"]] {
            let withdraw = Example.nlri(prefixes)
            let peer = prefixes[0].contains(":") ? Example.member6 : Example.member4
            let local = prefixes[0].contains(":") ? Example.routeServer6 : Example.routeServer4
            let update = try XCTUnwrap(readBack(writer.update(timestamp: 9, peer: peer, local: local, withdraw: withdraw))
                .first?.record.update)
            XCTAssertEqual(update.withdrawn, withdraw)
            XCTAssertEqual(update.announced, [])
            XCTAssertEqual(update.attributes, PathAttributes())
        }
    }

    /// BGP4MP_MESSAGE (two-octet): the decoder reads AS_PATH with two-octet ASNs, and a
    /// four-octet ASN comes back through AS4_PATH (RFC 6793).
    func testTwoOctetMessage() throws {
        var attributes = Example.memberRoute([64496, 4_200_000_000, 15169])
        attributes.aggregator = Aggregator(asn: ASN(4_200_000_000), address: Example.ip("192.0.2.99"))
        let peer = BGPSpeaker(asn: ASN(64496), address: Example.ip("192.0.2.10"))
        let record = writer.update(timestamp: 7, peer: peer, local: Example.routeServer4,
                                   announce: Example.nlri(["8.8.8.0/24"]), attributes: attributes, asnSize: 2)
        let read = try readBack(record)
        XCTAssertEqual(read[0].header.subtype, 1)
        let update = try XCTUnwrap(read[0].record.update)
        XCTAssertEqual(update.asnSize, 2)
        XCTAssertEqual(update.peer, peer)
        XCTAssertEqual(update.attributes, attributes)

        // A four-octet peer ASN in the two-octet header is AS_TRANS.
        let transPeer = try XCTUnwrap(readBack(writer.update(timestamp: 7, peer: Example.member4, local: Example.routeServer4,
                                                             announce: Example.nlri(["8.8.8.0/24"]), attributes: attributes,
                                                             asnSize: 2)).first?.record.update)
        XCTAssertEqual(transPeer.peer.asn, ASN.trans)
    }

    /// BGP4MP_MESSAGE_AS4_ADDPATH (RFC 8050 section 3): path identifiers on every prefix of
    /// both families, announced and withdrawn.
    func testAddPathMessages() throws {
        var attributes = Example.memberRoute([64496, 15169])
        attributes.mpNextHop = MPNextHop(address: Example.ip("2001:db8::a"), linkLocal: Example.ip("fe80::a"))
        let announce = [NLRI(pathID: 1, prefix: Example.prefix("8.8.8.0/24")),
                        NLRI(pathID: 2, prefix: Example.prefix("8.8.8.0/24")),
                        NLRI(pathID: 3, prefix: Example.prefix("2001:4860::/32"))]
        let withdraw = [NLRI(pathID: 9, prefix: Example.prefix("203.0.113.0/24")),
                        NLRI(pathID: 0xFFFF_FFFF, prefix: Example.prefix("2001:db8:1::/48"))]
        for asnSize in [4, 2] {
            let read = try readBack(writer.update(timestamp: 11, microseconds: 5, peer: Example.member4,
                                                  local: Example.routeServer4, announce: announce, withdraw: withdraw,
                                                  attributes: attributes, asnSize: asnSize, addPath: true))
            XCTAssertEqual(read[0].header.type, 17)
            XCTAssertEqual(read[0].header.subtype, asnSize == 4 ? 9 : 8)
            let update = try XCTUnwrap(read[0].record.update)
            XCTAssertTrue(update.addPath)
            XCTAssertEqual(update.announced, announce)
            XCTAssertEqual(update.withdrawn, withdraw)
            XCTAssertEqual(update.attributes, attributes)
        }
    }

    /// An UPDATE whose COMMUNITIES exceed 255 bytes: the Extended Length flag, read back whole.
    func testUpdateWithManyCommunities() throws {
        var attributes = Example.memberRoute([64496])
        attributes.communities = (0..<500).map { Community(64500, UInt16($0)) }
        attributes.largeCommunities = (0..<100).map { LargeCommunity(64500, 1, UInt32($0)) }
        let update = try XCTUnwrap(readBack(writer.update(timestamp: 1, peer: Example.member4, local: Example.routeServer4,
                                                          announce: Example.nlri(["8.8.8.0/24"]),
                                                          attributes: attributes)).first?.record.update)
        XCTAssertEqual(update.attributes, attributes)
    }

    func testStateChanges() throws {
        let records = writer.stateChange(timestamp: 100, peer: Example.member4, local: Example.routeServer4, from: .idle, to: .connect)
            + writer.stateChange(timestamp: 101, microseconds: 250_000, peer: Example.member6, local: Example.routeServer6,
                                 from: .openConfirm, to: .established)
            + writer.stateChange(timestamp: 102, peer: BGPSpeaker(asn: ASN(64496), address: Example.ip("192.0.2.10")),
                                 local: Example.routeServer4, from: .established, to: .idle, asnSize: 2, interfaceIndex: 4)
        let read = try readBack(records)
        XCTAssertEqual(read.map(\.header.type), [16, 17, 16])
        XCTAssertEqual(read.map(\.header.subtype), [5, 5, 0])
        XCTAssertEqual(read.map(\.header.timestamp), [100, 101, 102])
        XCTAssertEqual(read.map(\.header.microseconds), [nil, 250_000, nil])
        let changes = read.compactMap(\.record.stateChange)
        XCTAssertEqual(changes.map(\.peerASN), [ASN(4_200_000_123), ASN(4_200_000_123), ASN(64496)])
        XCTAssertEqual(changes.map(\.localASN), [ASN(64500), ASN(64500), ASN(64500)])
        XCTAssertEqual(changes.map(\.peerAddress), [Example.ip("192.0.2.10"), Example.ip("2001:db8::a"), Example.ip("192.0.2.10")])
        XCTAssertEqual(changes.map(\.localAddress), [Example.ip("192.0.2.254"), Example.ip("2001:db8::fe"), Example.ip("192.0.2.254")])
        XCTAssertEqual(changes.map(\.interfaceIndex), [0, 0, 4])
        XCTAssertEqual(changes.map(\.oldState), [.idle, .openConfirm, .established])
        XCTAssertEqual(changes.map(\.newState), [.connect, .established, .idle])
    }

    /// Any BGP message in a BGP4MP record: a KEEPALIVE.
    func testOtherMessage() throws {
        let keepalive = BGPEncoder.message(type: 4, body: [])
        XCTAssertEqual(keepalive.count, 19)
        let read = try readBack(writer.message(timestamp: 3, peer: Example.member4, local: Example.routeServer4, message: keepalive))
        XCTAssertEqual(read.first?.record, .other("keepalive"))
    }

    private func withoutMPNextHop(_ attributes: PathAttributes) -> PathAttributes {
        var copy = attributes
        copy.mpNextHop = nil
        return copy
    }
}
