import BGP
import Job
import MRT
import Routing
import XCTest

/// Each rule of reconstruction on hand-built MRT input, with the expected state worked out.
/// Times are small numbers of seconds so the order reads at a glance.
final class ReconstructionRulesTests: XCTestCase {
    var files: MRTFiles!
    let writer = MRTWriter()
    let rs = Fixture.routeServer, a = Fixture.memberA, b = Fixture.memberB
    let p1 = Fixture.prefix("193.0.0.0/21"), p2 = Fixture.prefix("193.0.8.0/23")
    lazy var pathA = Fixture.attributes(path: [8359, 3333], nextHop: "185.1.15.21")
    lazy var pathA2 = Fixture.attributes(path: [8359, 8359, 3333], nextHop: "185.1.15.21")

    override func setUpWithError() throws { files = try MRTFiles() }
    override func tearDown() { files.remove() }

    func testASourceOfTheJobIsReadWithItsResolvedFiles() {
        let source = SourceConfig(label: "rs2", ribFiles: ["rib.gz"], updatePatterns: ["upd.*.gz"], updateFiles: ["upd.1.gz"])
        XCTAssertEqual(source.input, SourceInput(label: "rs2", ribFiles: ["rib.gz"], updateFiles: ["upd.1.gz"]))
    }

    /// A RIB dump at t=1000: member A has p1 (received at t=500) and p2; member B nothing.
    func ribDump() throws -> String {
        var rib = MRTWriter()
        return try files.write("rib.gz", [
            rib.peerIndexTable(Fixture.peerTable([a, b]), timestamp: 1000),
            rib.rib(timestamp: 1000, prefix: p1, entries: [RIBRoute(peerIndex: 0, originatedTime: 500, attributes: pathA)]),
            rib.rib(timestamp: 1000, prefix: p2, entries: [RIBRoute(peerIndex: 0, originatedTime: 600, attributes: pathA)]),
        ])
    }

    func run(_ sources: [SourceInput], until: UInt32? = nil) -> Reconstruction {
        let reconstruction = Reconstruction(seriesInterval: 100, until: until)
        reconstruction.run(sources)
        return reconstruction
    }

    func session(_ r: Reconstruction, _ speaker: BGPSpeaker, source: String = "rs1") -> SessionState? {
        r.rib.sessions[SessionID(source: source, peerAddress: speaker.address, peerASN: speaker.asn)]
    }

    func testRIBDumpIsTheBaseline() throws {
        // Only the RIB: A has p1 and p2 with the RIB's originated times; B is a session with no routes.
        let r = run([SourceInput(label: "rs1", ribFiles: [try ribDump()])])
        let sa = try XCTUnwrap(session(r, a))
        XCTAssertEqual(sa.presentRoutes.map(\.key.prefix), [p1, p2])
        XCTAssertEqual(sa.routes[RouteKey(prefix: p1)]?.firstSeen, 500)
        XCTAssertFalse(sa.partial)
        XCTAssertEqual(session(r, b)?.presentRoutes.count, 0)
        XCTAssertEqual(r.summary.baselines["rs1"], 1000)
        XCTAssertEqual(r.summary.ribEntries, 2)
    }

    func testUpdatesApplyInTimeOrderWhateverOrderTheFilesComeIn() throws {
        // File "late" (t=1200) withdraws p1; file "early" (t=1100) re-announces p1 with a prepend.
        // Given late-first, the merge still applies 1100 then 1200: p1 ends withdrawn.
        let late = try files.write("updates.1200.gz", [writer.update(timestamp: 1200, peer: a, local: rs, withdraw: [NLRI(prefix: p1)])])
        let early = try files.write("updates.1100.gz", [writer.update(timestamp: 1100, peer: a, local: rs, announce: [NLRI(prefix: p1)], attributes: pathA2)])
        let r = run([SourceInput(label: "rs1", ribFiles: [try ribDump()], updateFiles: [late, early])])
        let sa = try XCTUnwrap(session(r, a))
        XCTAssertEqual(sa.presentRoutes.map(\.key.prefix), [p2])
        let record = try XCTUnwrap(sa.routes[RouteKey(prefix: p1)])
        XCTAssertFalse(record.isPresent)
        XCTAssertEqual(record.lastSeen, 1200)
        XCTAssertEqual(record.attributeChanges, 1, "the 1100 announcement replaced the RIB's attributes")
    }

    func testUpdatesMergeAcrossSources() throws {
        // rs1 and rs2 each see A; the merge interleaves them by time and keeps them apart.
        let rs1 = try files.write("rs1.gz", [writer.update(timestamp: 1100, peer: a, local: rs, announce: [NLRI(prefix: p1)], attributes: pathA),
                                              writer.update(timestamp: 1300, peer: a, local: rs, withdraw: [NLRI(prefix: p1)])])
        let rs2 = try files.write("rs2.gz", [writer.update(timestamp: 1200, peer: a, local: rs, announce: [NLRI(prefix: p2)], attributes: pathA)])
        let r = run([SourceInput(label: "rs1", updateFiles: [rs1]), SourceInput(label: "rs2", updateFiles: [rs2])])
        XCTAssertEqual(session(r, a)?.presentRoutes.count, 0)
        XCTAssertEqual(session(r, a, source: "rs2")?.presentRoutes.map(\.key.prefix), [p2])
        XCTAssertEqual(r.summary.start, 1100)
        XCTAssertEqual(r.summary.end, 1300)
    }

    func testAnAnnouncementReplacesTheRouteWithTheSameKey() throws {
        let file = try files.write("u", [writer.update(timestamp: 1100, peer: a, local: rs, announce: [NLRI(prefix: p1)], attributes: pathA2)])
        let r = run([SourceInput(label: "rs1", ribFiles: [try ribDump()], updateFiles: [file])])
        let record = try XCTUnwrap(session(r, a)?.routes[RouteKey(prefix: p1)])
        XCTAssertEqual(r.rib.attributes[record.attributes].asPath, ASPath(sequence: [8359, 8359, 3333]))
        XCTAssertEqual(record.firstSeen, 500, "still the same route, first seen in the RIB")
        XCTAssertEqual(session(r, a)?.presentRoutes.count, 2)
    }

    func testLeavingEstablishedDropsTheRoutesAndCountsAReset() throws {
        // BIRD writes the drop with peer address 0.0.0.0 (the socket is gone): found by ASN.
        let gone = BGPSpeaker(asn: a.asn, address: IPAddress(ipv4: 0))
        let file = try files.write("u", [writer.stateChange(timestamp: 1300, peer: gone, local: rs, from: .established, to: .idle)])
        let r = run([SourceInput(label: "rs1", ribFiles: [try ribDump()], updateFiles: [file])])
        let sa = try XCTUnwrap(session(r, a))
        XCTAssertEqual(sa.presentRoutes.count, 0)
        XCTAssertEqual(sa.resets, 1)
        XCTAssertEqual(sa.routes[RouteKey(prefix: p2)]?.lastSeen, 1300)
        XCTAssertEqual(sa.isEstablished, false)
        XCTAssertEqual(r.rib.sessions.count, 2, "no session was invented for 0.0.0.0")
    }

    func testAReAnnouncementAfterAWithdrawalIsAFlap() throws {
        let file = try files.write("u", [
            writer.update(timestamp: 1100, peer: b, local: rs, announce: [NLRI(prefix: p1)], attributes: pathA),
            writer.update(timestamp: 1200, peer: b, local: rs, withdraw: [NLRI(prefix: p1)]),
            writer.update(timestamp: 1300, peer: b, local: rs, announce: [NLRI(prefix: p1)], attributes: pathA),
        ])
        let r = run([SourceInput(label: "rs1", updateFiles: [file])])
        let record = try XCTUnwrap(session(r, b)?.routes[RouteKey(prefix: p1)])
        XCTAssertEqual(record.flaps, 1)
        XCTAssertEqual(record.firstSeen, 1100)
        XCTAssertEqual(record.lastSeen, 1300)
        XCTAssertEqual(session(r, b)?.updates, 3)
        XCTAssertEqual(session(r, b)?.announcements, 2)
        XCTAssertEqual(session(r, b)?.withdrawals, 1)
    }

    func testPathIdentifiersArePartOfTheKey() throws {
        // ADD-PATH: p1 with path ids 1 and 2 are two routes; withdrawing id 1 leaves id 2.
        let file = try files.write("u", [
            writer.update(timestamp: 1100, peer: b, local: rs, announce: [NLRI(pathID: 1, prefix: p1), NLRI(pathID: 2, prefix: p1)],
                          attributes: pathA, addPath: true),
            writer.update(timestamp: 1200, peer: b, local: rs, withdraw: [NLRI(pathID: 1, prefix: p1)], addPath: true),
        ])
        let r = run([SourceInput(label: "rs1", updateFiles: [file])])
        XCTAssertEqual(session(r, b)?.presentRoutes.map(\.key), [RouteKey(prefix: p1, pathID: 2)])
    }

    func testUpdatesOlderThanTheBaselineAreIgnored() throws {
        // t=900 is before the RIB of t=1000, which already reflects it: p1 stays.
        let file = try files.write("u", [writer.update(timestamp: 900, peer: a, local: rs, withdraw: [NLRI(prefix: p1)])])
        let r = run([SourceInput(label: "rs1", ribFiles: [try ribDump()], updateFiles: [file])])
        XCTAssertEqual(session(r, a)?.presentRoutes.count, 2)
        XCTAssertEqual(r.summary.updatesBeforeBaseline, 1)
    }

    func testWithoutARIBDumpTheStateIsPartial() throws {
        let file = try files.write("u", [writer.update(timestamp: 1100, peer: a, local: rs, withdraw: [NLRI(prefix: p1)])])
        let r = run([SourceInput(label: "rs1", updateFiles: [file])])
        let sa = try XCTUnwrap(session(r, a))
        XCTAssertTrue(sa.partial)
        XCTAssertEqual(sa.unknownWithdrawals, 1, "the route was announced before the data starts")
    }

    func testIdenticalAttributeSetsAreStoredOnce() throws {
        // p1 and p2 in the RIB and p1 again (same attributes) from B: one attribute set.
        let file = try files.write("u", [writer.update(timestamp: 1100, peer: b, local: rs, announce: [NLRI(prefix: p1)], attributes: pathA)])
        let r = run([SourceInput(label: "rs1", ribFiles: [try ribDump()], updateFiles: [file])])
        XCTAssertEqual(r.rib.attributes.count, 1)
    }

    func testTheStateAtAGivenTime() throws {
        // Until 1150: the 1100 withdrawal applies, the 1200 re-announcement does not.
        let file = try files.write("u", [
            writer.update(timestamp: 1100, peer: a, local: rs, withdraw: [NLRI(prefix: p1)]),
            writer.update(timestamp: 1200, peer: a, local: rs, announce: [NLRI(prefix: p1)], attributes: pathA),
        ])
        let r = run([SourceInput(label: "rs1", ribFiles: [try ribDump()], updateFiles: [file])], until: 1150)
        XCTAssertEqual(session(r, a)?.presentRoutes.map(\.key.prefix), [p2])
        XCTAssertEqual(r.summary.recordsAfterCutoff, 1)
        XCTAssertEqual(session(r, a)?.routes[RouteKey(prefix: p2)]?.lastSeen, 1150, "present until the moment asked for")
    }

    func testRouteCountsOverTime() throws {
        // Interval 100 s. Baseline 1000: A has 2 IPv4 routes. 1150: withdraw p1 -> 1. 1320: A's
        // IPv6 session announces a route. Samples close each interval with a change, and the
        // last one at the end (1320): A over IPv4 [1000: 2], [1100: 1], [1300: 1]; A over IPv6
        // [1300: 1 IPv6 route].
        let file = try files.write("u", [
            writer.update(timestamp: 1150, peer: a, local: rs, withdraw: [NLRI(prefix: p1)]),
            writer.update(timestamp: 1320, peer: Fixture.memberAv6, local: Fixture.routeServerV6,
                          announce: [NLRI(prefix: Fixture.prefix("2001:db8::/32"))],
                          attributes: Fixture.attributes(path: [8359], nextHop: "2001:7f8:7a::8359:1")),
        ])
        let r = run([SourceInput(label: "rs1", ribFiles: [try ribDump()], updateFiles: [file])])
        let series = try XCTUnwrap(session(r, a)?.series)
        XCTAssertEqual(series.map(\.time), [1000, 1100, 1300])
        XCTAssertEqual(series.map(\.ipv4), [2, 1, 1])
        XCTAssertEqual(series.map(\.ipv6), [0, 0, 0])
        let v6 = try XCTUnwrap(session(r, Fixture.memberAv6)?.series)
        XCTAssertEqual(v6.map(\.time), [1300])
        XCTAssertEqual(v6.map(\.ipv6), [1])
    }

    func testAnOpenGivesTheBGPIdentifierButNeverANewSession() throws {
        // BIRD records the OPEN before AS4 is negotiated: a 4-byte member (AS210312) shows as
        // AS23456 in a 2-byte MESSAGE. Its BGP identifier (185.1.15.40) goes to the session
        // already known at that address; no session "AS23456" appears.
        let member = BGPSpeaker(asn: ASN(210312), address: IPAddress("185.1.15.40")!)
        let asSeenInOpen = BGPSpeaker(asn: ASN.trans, address: member.address)
        // OPEN body: version 4, my AS 23456, hold time 90, BGP identifier, no optional parameters.
        let open = BGPEncoder.message(type: 1, body: [4, 0x5B, 0xA0, 0, 90, 185, 1, 15, 40, 0])
        let file = try files.write("u", [
            writer.update(timestamp: 1100, peer: member, local: rs, announce: [NLRI(prefix: p1)],
                          attributes: Fixture.attributes(path: [210312], nextHop: "185.1.15.40")),
            writer.message(timestamp: 1200, peer: asSeenInOpen, local: rs, message: open, asnSize: 2),
        ])
        let r = run([SourceInput(label: "rs1", updateFiles: [file])])
        XCTAssertEqual(r.rib.sessions.count, 1, "no session for AS23456")
        XCTAssertEqual(session(r, member)?.bgpID, 0xB9010F28)
    }
}
