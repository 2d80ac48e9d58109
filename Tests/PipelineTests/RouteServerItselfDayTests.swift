import Audit
import BGP
import Foundation
import MRT
import Pipeline
import Routing
import XCTest

/// The sample day with an update file of rs1 (185.1.15.8, AS8960) written the OpenBGPD way
/// (docs/route-server-semantics.md, "Who is a client"): the route server is no session, no
/// receiver and no finding's member, and a member's reset named from the route server's side
/// reaches the member.
final class RouteServerItselfDayTests: XCTestCase {
    var day: SampleDay!

    override func setUpWithError() throws { day = try SampleDay() }
    override func tearDown() { day.remove() }

    func testTheRouteServerIsNoClientOfItself() throws {
        let before = try DayRun.run(DayInputs.load(day.request(), for: .audit), to: .audit)
        let time = try XCTUnwrap(before.reconstruction.summary.end)
        // A member of rs1 with routes at the end of the day.
        let member = try XCTUnwrap(before.reconstruction.rib.sortedSessions.first {
            $0.id.source == "rs1" && $0.id.peerAddress.family == .ipv4 && $0.ipv4Routes > 0 && $0.resets == 0
        })
        let itself = BGPSpeaker(asn: ASN(8960), address: IPAddress("185.1.15.8")!)
        let memberSide = BGPSpeaker(asn: member.id.peerASN, address: member.id.peerAddress)
        var a = PathAttributes()
        a.origin = .igp
        a.asPath = ASPath(sequence: [8960])
        a.nextHop = itself.address
        let writer = MRTWriter()
        // The route server "announcing" a prefix as a peer of itself, then the member's session
        // dropping, written with the route server as the peer and the member as the local side.
        let file = try MRTFileWriter(path: day.directory + "/mrt/rs1/2026.11/updates.20261121.2359.gz", compression: .gzip)
        try file.append(contentsOf: [
            writer.update(timestamp: time, peer: itself, local: itself, announce: [NLRI(prefix: Prefix("198.18.0.0/15")!)], attributes: a),
            writer.stateChange(timestamp: time, peer: itself, local: memberSide, from: .established, to: .idle),
        ])
        try file.finish()

        let after = try DayRun.run(DayInputs.load(day.request(), for: .audit), to: .audit)
        let sessions = after.reconstruction.rib.sortedSessions
        XCTAssertFalse(sessions.contains { $0.id.peerASN == itself.asn || $0.id.peerAddress == itself.address })
        XCTAssertEqual(sessions.count, before.reconstruction.rib.sortedSessions.count)
        XCTAssertEqual(after.reconstruction.summary.notClientRecords, 1)
        let reset = try XCTUnwrap(after.reconstruction.rib.sessions[member.id])
        XCTAssertEqual(reset.resets, 1)
        XCTAssertEqual(reset.ipv4Routes + reset.ipv6Routes, 0)
        XCTAssertFalse(after.simulation.contains { $0.receivers.contains(itself.asn) })
        let findings = try XCTUnwrap(after.audit).findings
        XCTAssertFalse(findings.contains { $0.member == itself.asn || $0.otherMember == itself.asn })
    }
}
