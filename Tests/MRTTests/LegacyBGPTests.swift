import BGP
import MRT
import XCTest

/// Deprecated MRT type 5 (BGP), as the route collectors wrote it until 2001: decoded into the
/// same messages and state changes as BGP4MP, printed as the reference decoder prints it.
final class LegacyBGPTests: XCTestCase {
    static let peers: [(asn: UInt16, ip: String)] = [(3333, "193.0.0.56"), (1103, "195.69.144.34"), (8447, "195.69.144.9")]
    static let t: UInt32 = 945_216_000 // 1999-12-15 00:00 UTC

    /// A quarter of an hour of a 1999 RIS update file: three peers, sessions coming up, routes
    /// announced with every column bgpdump prints, withdrawn, a session reset.
    static func day() -> [UInt8] {
        let (a, b, c) = (peers[0], peers[1], peers[2])
        var bytes: [UInt8] = []
        bytes += HistoricalMRT.stateChange(timestamp: t, peer: a, old: 1, new: 2)
        bytes += HistoricalMRT.stateChange(timestamp: t, peer: a, old: 2, new: 4)
        bytes += HistoricalMRT.open(timestamp: t + 1, source: a, bgpID: "193.0.0.56")
        bytes += HistoricalMRT.stateChange(timestamp: t + 1, peer: a, old: 4, new: 6)
        bytes += HistoricalMRT.keepalive(timestamp: t + 1, source: a)
        bytes += HistoricalMRT.update(timestamp: t + 2, source: a,
                                      attributes: Attr.origin(0) + Attr.asPath([3333, 286, 701], asnSize: 2) + Attr.nextHop("193.0.0.56")
                                          + Attr.med(10) + Attr.communities([0x0D05_0001, 0xFFFF_FF01]),
                                      announced: ["192.0.2.0/24", "198.51.100.0/22", "10.0.0.0/8"])
        bytes += HistoricalMRT.update(timestamp: t + 3, source: b,
                                      attributes: Attr.origin(2) + Attr.asPath([(Segment.sequence, [1103, 1200]), (Segment.set, [64512, 64513])], asnSize: 2)
                                          + Attr.nextHop("195.69.144.34") + Attr.localPref(80)
                                          + Attr.make(Attr.wellKnown, 6, []) + Attr.aggregator(asn: 1200, address: "195.69.144.1", asnSize: 2),
                                      announced: ["203.0.113.0/24"])
        bytes += HistoricalMRT.update(timestamp: t + 4, source: c, withdrawn: ["192.0.2.0/24", "172.16.0.0/12"])
        bytes += HistoricalMRT.update(timestamp: t + 5, source: c, withdrawn: ["198.18.0.0/15"],
                                      attributes: Attr.origin(1) + Attr.asPath([8447], asnSize: 2) + Attr.nextHop("195.69.144.9"),
                                      announced: ["198.19.0.0/16", "0.0.0.0/0"])
        bytes += HistoricalMRT.sync(timestamp: t + 6)
        bytes += HistoricalMRT.notify(timestamp: t + 7, source: b, code: 4, subcode: 0)
        bytes += HistoricalMRT.stateChange(timestamp: t + 7, peer: b, old: 6, new: 1)
        bytes += HistoricalMRT.update(timestamp: t + 8, source: a, attributes: Attr.origin(0) + Attr.asPath([3333], asnSize: 2) + Attr.nextHop("193.0.0.1"),
                                      announced: ["193.0.0.0/21"])
        return bytes
    }

    func testTheBytesAreTheDraftLayout() {
        let record = HistoricalMRT.stateChange(timestamp: Self.t, peer: Self.peers[0], old: 1, new: 2)
        XCTAssertEqual(record, [
            0x38, 0x56, 0xDA, 0x00,  0x00, 0x05,  0x00, 0x03,  0x00, 0x00, 0x00, 0x0A, // 945216000, BGP, STATE_CHANGE, 10 bytes
            0x0D, 0x05,  0xC1, 0x00, 0x00, 0x38,                                       // peer AS 3333, 193.0.0.56
            0x00, 0x01,  0x00, 0x02,                                                   // Idle -> Connect
        ])
        let update = HistoricalMRT.update(timestamp: Self.t, source: Self.peers[2], withdrawn: ["198.18.0.0/15"])
        XCTAssertEqual(Array(update[12...]), [
            0x20, 0xFF,  0xC3, 0x45, 0x90, 0x09,  // source AS 8447, 195.69.144.9
            0x31, 0x6E,  0xC1, 0x00, 0x04, 0x1C,  // destination AS 12654, 193.0.4.28
            0x00, 0x03,  0x0F, 0xC6, 0x12,        // 3 bytes of withdrawn routes: 198.18.0.0/15
            0x00, 0x00,                           // no attributes, no NLRI
        ])
    }

    func testLinesAreTheReferenceDecoders() throws {
        try ReferenceDecoder.require()
        let bytes = Self.day()
        let reference = try ReferenceDecoder.lines(of: bytes, in: try scratchDirectory(self))
        let result = try decode(bytes)
        XCTAssertEqual(result.lines.count, 14)
        XCTAssertEqual(result.lines, reference)
        XCTAssert(result.summary.clean, "\(result.summary.report)")
        XCTAssertEqual(result.summary.recordsRead, 13)
        XCTAssertEqual(result.summary.recordsUnsupported, 1, "the SYNC carries no route")
    }

    func testMessagesAndStateChangesAreBGP4MPs() throws {
        var updates: [(ASN, IPAddress, Int, Int)] = []
        var changes: [(IPAddress, ASN, UInt16, UInt16)] = []
        var opens: [UInt32] = []
        _ = try decode(Self.day()) { header, record in
            XCTAssertEqual(header.type, 5)
            switch record {
            case let .message(m):
                XCTAssertEqual(m.localASN, ASN(12654))
                XCTAssertEqual(m.localAddress, IPAddress("193.0.4.28"))
                if case let .update(u) = m.message { updates.append((m.peerASN, m.peerAddress, u.withdrawn.count, u.announced.count)) }
                if case let .open(_, _, _, id) = m.message { opens.append(id) }
            case let .stateChange(s): changes.append((s.peerAddress, s.peerASN, s.oldState.code, s.newState.code))
            default: break
            }
        }
        XCTAssertEqual(updates.map { "\($0.0) \($0.1) \($0.2) \($0.3)" },
                       ["3333 193.0.0.56 0 3", "1103 195.69.144.34 0 1", "8447 195.69.144.9 2 0", "8447 195.69.144.9 1 2",
                        "3333 193.0.0.56 0 1"])
        XCTAssertEqual(changes.map { "\($0.0) \($0.1) \($0.2)>\($0.3)" },
                       ["193.0.0.56 3333 1>2", "193.0.0.56 3333 2>4", "193.0.0.56 3333 4>6", "195.69.144.34 1103 6>1"])
        XCTAssertEqual(opens, [0xC100_0038])
    }

    func testACutShortRecordIsMalformedAndNamesTheField() throws {
        var record = HistoricalMRT.update(timestamp: Self.t, source: Self.peers[0], withdrawn: ["192.0.2.0/24"])
        record[11] = 8 // the body now ends inside the destination address
        record.removeLast(record.count - 20)
        let result = try decode(record + HistoricalMRT.stateChange(timestamp: Self.t, peer: Self.peers[0], old: 6, new: 1))
        XCTAssertEqual(result.summary.recordsMalformed, 1)
        XCTAssertEqual(result.skipped.first?.recordOffset, 0)
        XCTAssert(result.skipped.first?.description.contains("BGP source/destination") ?? false, "\(result.issues)")
        XCTAssertEqual(result.lines, ["BGP|945216000|STATE|193.0.0.56|3333|6|1"])
    }
}
