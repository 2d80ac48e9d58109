import BGP
import MRT
import Routing
import XCTest

/// Deprecated type-5 (BGP) records, as the 1999-2001 route-collector files hold them, reach the
/// reconstruction as BGP4MP's do: announcements, withdrawals and session resets.
final class LegacyBGPReconstructionTests: XCTestCase {
    var files: MRTFiles!
    let a = Fixture.memberA, b = Fixture.memberB

    override func setUpWithError() throws { files = try MRTFiles() }
    override func tearDown() { files.remove() }

    private func u16(_ v: UInt16) -> [UInt8] { [UInt8(v >> 8), UInt8(v & 0xFF)] }
    private func u32(_ v: UInt32) -> [UInt8] { u16(UInt16(v >> 16)) + u16(UInt16(v & 0xFFFF)) }

    /// Common header: timestamp, type 5, subtype, body length.
    private func record(_ time: UInt32, _ subtype: UInt16, _ body: [UInt8]) -> [UInt8] {
        u32(time) + u16(5) + u16(subtype) + u32(UInt32(body.count)) + body
    }

    /// UPDATE (subtype 1): source AS and IP (the member), destination AS and IP (the
    /// collector, 12654 193.0.4.28), then withdrawn length and routes, attribute length and
    /// attributes (ORIGIN IGP, AS_PATH of the member's AS, NEXT_HOP the member), NLRI.
    private func update(_ time: UInt32, _ member: BGPSpeaker, withdraw: [UInt8] = [], announce: [UInt8] = []) -> [UInt8] {
        let asn = UInt16(member.asn.rawValue)
        let attributes: [UInt8] = announce.isEmpty ? [] :
            [0x40, 1, 1, 0] + [0x40, 2, 4, 2, 1] + u16(asn) + [0x40, 3, 4] + member.address.bytes
        return record(time, 1, u16(asn) + member.address.bytes + u16(12654) + [193, 0, 4, 28]
                      + u16(UInt16(withdraw.count)) + withdraw + u16(UInt16(attributes.count)) + attributes + announce)
    }

    /// STATE_CHANGE (subtype 3): peer AS, peer IP, old and new state.
    private func stateChange(_ time: UInt32, _ member: BGPSpeaker, _ old: UInt16, _ new: UInt16) -> [UInt8] {
        record(time, 3, u16(UInt16(member.asn.rawValue)) + member.address.bytes + u16(old) + u16(new))
    }

    func testUpdatesAndResetsOfType5Records() throws {
        let p1: [UInt8] = [21, 193, 0, 0], p2: [UInt8] = [23, 193, 0, 8], p3: [UInt8] = [24, 198, 51, 100]
        let path = try files.write("updates.19991215.0000", [
            stateChange(1000, a, 5, 6),
            update(1100, a, announce: p1 + p2),
            update(1150, b, announce: p3),
            update(1200, a, withdraw: p1),
            stateChange(1300, b, 6, 1),
        ])
        let reconstruction = Reconstruction(seriesInterval: 100)
        reconstruction.run([SourceInput(label: "rrc00", updateFiles: [path])])
        let sa = try XCTUnwrap(reconstruction.rib.sessions[SessionID(source: "rrc00", peerAddress: a.address, peerASN: a.asn)])
        XCTAssertEqual(sa.presentRoutes.map(\.key.prefix), [Prefix("193.0.8.0/23")!])
        XCTAssertEqual(sa.announcements, 2)
        XCTAssertEqual(sa.withdrawals, 1)
        let sb = try XCTUnwrap(reconstruction.rib.sessions[SessionID(source: "rrc00", peerAddress: b.address, peerASN: b.asn)])
        XCTAssertEqual(sb.presentRoutes.count, 0, "the reset dropped B's route")
        XCTAssertEqual(sb.resets, 1)
        XCTAssertEqual(reconstruction.summary.decode.recordsDecoded, 5)
        XCTAssertTrue(reconstruction.summary.decode.clean)
    }

    func testZebrasShortStateChangeResetsTheSessionFoundByItsAS() throws {
        // BGP4MP_STATE_CHANGE of 8 bytes (peer AS, local AS, old, new): no address.
        let p1: [UInt8] = [21, 193, 0, 0]
        let update5 = update(1100, a, announce: p1)
        let reset = u32(1200) + u16(16) + u16(0) + u32(8) + u16(UInt16(a.asn.rawValue)) + u16(12654) + u16(6) + u16(1)
        let path = try files.write("updates.20011215.0000", [update5, reset])
        let reconstruction = Reconstruction(seriesInterval: 100)
        reconstruction.run([SourceInput(label: "rrc00", updateFiles: [path])])
        let sa = try XCTUnwrap(reconstruction.rib.sessions[SessionID(source: "rrc00", peerAddress: a.address, peerASN: a.asn)])
        XCTAssertEqual(sa.presentRoutes.count, 0, "the reset dropped the route")
        XCTAssertEqual(sa.resets, 1)
        XCTAssertEqual(reconstruction.summary.decode.shortRecordsRecovered.values.reduce(0, +), 1)
    }
}
