import BGP
import Foundation
import Job
import MRT
import Routing
import XCTest

/// Who is a client (docs/route-server-semantics.md, "Who is a client"): the route server
/// itself is never a session, whichever way its MRT names it; a member's state change is
/// applied to the member whichever side of the record it is on.
final class RouteServerClientsTests: XCTestCase {
    var files: MRTFiles!
    let writer = MRTWriter()
    let rs = Fixture.routeServer, a = Fixture.memberA, b = Fixture.memberB
    let p1 = Fixture.prefix("193.0.0.0/21"), p2 = Fixture.prefix("193.0.8.0/23")
    lazy var pathA = Fixture.attributes(path: [8359, 3333], nextHop: "185.1.15.21")
    /// The job's route server of the hand-built files: rs1, AS8960, 185.1.15.8.
    let job = RouteServerClients(routeServers: [RouteServerConfig(label: "rs1", asn: ASN(8960), ipv4: IPAddress("185.1.15.8")!,
                                                                   ipv6: IPAddress("2001:7f8:7a::8960:1")!)])

    override func setUpWithError() throws { files = try MRTFiles() }
    override func tearDown() { files.remove() }

    func run(_ sources: [SourceInput], clients: RouteServerClients) -> Reconstruction {
        let reconstruction = Reconstruction(seriesInterval: 100, clients: clients)
        reconstruction.run(sources)
        return reconstruction
    }

    func sessions(_ r: Reconstruction) -> [String] { r.rib.sortedSessions.map(\.id.description) }

    /// A RIB dump at t=1000 as BIRD writes it: dummy peer 0 (0.0.0.0, AS0), then members A
    /// (p1, p2) and B (nothing).
    func birdRIB() throws -> String {
        var rib = MRTWriter()
        let dummy = Peer(bgpID: 0, address: IPAddress(ipv4: 0), asn: ASN(0))
        let table = PeerIndexTable(collectorID: 0xB9010F08, viewName: "master4",
                                   peers: [dummy] + Fixture.peerTable([a, b]).peers)
        return try files.write("rib-bird", [
            rib.peerIndexTable(table, timestamp: 1000),
            rib.rib(timestamp: 1000, prefix: p1, entries: [RIBRoute(peerIndex: 1, originatedTime: 500, attributes: pathA)]),
            rib.rib(timestamp: 1000, prefix: p2, entries: [RIBRoute(peerIndex: 1, originatedTime: 600, attributes: pathA)]),
        ])
    }

    /// The same RIB as OpenBGPD writes it: itself first (0.0.0.0, AS8960, no routes), then A and B.
    func openBGPDRIB() throws -> String {
        var rib = MRTWriter()
        let itself = Peer(bgpID: rs.address.ipv4Value, address: IPAddress(ipv4: 0), asn: rs.asn)
        let table = PeerIndexTable(collectorID: rs.address.ipv4Value, viewName: "",
                                   peers: [itself] + Fixture.peerTable([a, b]).peers)
        return try files.write("rib-openbgpd", [
            rib.peerIndexTable(table, timestamp: 1000),
            rib.rib(timestamp: 1000, prefix: p1, entries: [RIBRoute(peerIndex: 1, originatedTime: 500, attributes: pathA)]),
            rib.rib(timestamp: 1000, prefix: p2, entries: [RIBRoute(peerIndex: 1, originatedTime: 600, attributes: pathA)]),
        ])
    }

    func testTheRouteServersOwnPeerIndexEntryIsNoSession() throws {
        // OpenBGPD's index lists 0.0.0.0 AS8960 (the route server) before A and B: A and B are
        // the sessions, one record is set aside and counted.
        let r = run([SourceInput(label: "rs1", ribFiles: [try openBGPDRIB()])], clients: job)
        XCTAssertEqual(sessions(r), ["rs1 185.1.15.21 AS8359", "rs1 185.1.15.22 AS8447"])
        XCTAssertEqual(r.summary.notClientRecords, 1)
        XCTAssertEqual(r.summary.ribEntries, 2)
    }

    func testASwappedStateChangeResetsTheMember() throws {
        // Hand-worked: at t=1300 OpenBGPD writes A's session going Established -> Idle with
        // itself (185.1.15.8 AS8960) as the peer and A (185.1.15.21 AS8359) as the local side.
        // Expected: A loses p1 and p2 (1 reset, last seen 1300), B is untouched, and there are
        // still exactly the two sessions A and B (none for 185.1.15.8).
        let change = try files.write("all-in", [writer.stateChange(timestamp: 1300, peer: rs, local: a, from: .established, to: .idle)])
        let sources = [SourceInput(label: "rs1", ribFiles: [try openBGPDRIB()], updateFiles: [change])]
        let r = run(sources, clients: job)
        XCTAssertEqual(sessions(r), ["rs1 185.1.15.21 AS8359", "rs1 185.1.15.22 AS8447"])
        let sa = try XCTUnwrap(r.rib.sessions[SessionID(source: "rs1", peerAddress: a.address, peerASN: a.asn)])
        XCTAssertEqual(sa.presentRoutes.count, 0)
        XCTAssertEqual(sa.resets, 1)
        XCTAssertEqual(sa.routes[RouteKey(prefix: p1)]?.lastSeen, 1300)
        XCTAssertEqual(sa.isEstablished, false)

        // Without the job's route servers the record cannot be turned round: A keeps its routes
        // and the route server becomes a session (what ixaudit did before).
        let blind = run(sources, clients: .unknownRouteServers)
        XCTAssertEqual(sessions(blind), ["rs1 185.1.15.8 AS8960", "rs1 185.1.15.21 AS8359", "rs1 185.1.15.22 AS8447"])
        XCTAssertEqual(blind.rib.sessions[SessionID(source: "rs1", peerAddress: a.address, peerASN: a.asn)]?.presentRoutes.count, 2)
    }

    func testTheRouteServersAddressOrASNAsAPeerIsNoSession() throws {
        // Updates whose peer is the route server itself (its address, or its ASN at another
        // address: rs2 of the same IXP) make no session; A's update does.
        let rs2 = BGPSpeaker(asn: ASN(8960), address: IPAddress("185.1.15.9")!)
        let file = try files.write("u", [
            writer.update(timestamp: 1100, peer: rs, local: rs, announce: [NLRI(prefix: p1)], attributes: pathA),
            writer.update(timestamp: 1110, peer: rs2, local: rs, announce: [NLRI(prefix: p1)], attributes: pathA),
            writer.update(timestamp: 1120, peer: a, local: rs, announce: [NLRI(prefix: p2)], attributes: pathA),
        ])
        let r = run([SourceInput(label: "rs1", updateFiles: [file])], clients: job)
        XCTAssertEqual(sessions(r), ["rs1 185.1.15.21 AS8359"])
        XCTAssertEqual(r.summary.notClientRecords, 2)
        // The same file as another IXP's collector ("other-ix"): AS8960 may be its peer.
        let collector = run([SourceInput(label: "other-ix", updateFiles: [file])], clients: job)
        XCTAssertEqual(collector.rib.sessions.count, 3)
    }

    func testBIRDFilesReadTheSameWithOrWithoutTheRouteServers() throws {
        // BIRD: dummy peer 0, members as peers, and a drop written with peer 0.0.0.0 and A's
        // ASN (the socket is gone), local the route server. Knowing the route server changes
        // nothing: A is reset, B kept, no session for 0.0.0.0 or the route server.
        let gone = BGPSpeaker(asn: a.asn, address: IPAddress(ipv4: 0))
        let updates = try files.write("bird-in", [
            writer.update(timestamp: 1100, peer: b, local: rs, announce: [NLRI(prefix: p1)], attributes: pathA),
            writer.stateChange(timestamp: 1300, peer: gone, local: rs, from: .established, to: .idle),
        ])
        let sources = [SourceInput(label: "rs1", ribFiles: [try birdRIB()], updateFiles: [updates])]
        let known = run(sources, clients: job), blind = run(sources, clients: .unknownRouteServers)
        for r in [known, blind] {
            XCTAssertEqual(sessions(r), ["rs1 185.1.15.21 AS8359", "rs1 185.1.15.22 AS8447"])
            XCTAssertEqual(r.rib.sessions[SessionID(source: "rs1", peerAddress: a.address, peerASN: a.asn)]?.resets, 1)
            XCTAssertEqual(r.rib.sessions[SessionID(source: "rs1", peerAddress: b.address, peerASN: b.asn)]?.presentRoutes.count, 1)
            XCTAssertEqual(r.summary.notClientRecords, 0, "BIRD's dummy peer 0 is not counted")
        }
    }

    // MARK: the real OpenBGPD 7.7 files (scripts/speaker-lab)

    /// The route server of the speaker lab: 10.0.0.1, AS65000; its one member is 10.0.0.2,
    /// AS4200000001.
    let lab = RouteServerClients(routeServers: [RouteServerConfig(label: "rs", asn: ASN(65000), ipv4: IPAddress("10.0.0.1")!)])

    func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../MRTTests/Fixtures/speakers/openbgpd/\(name)").standardized.path
    }

    func testOpenBGPDLabTableDumpGivesTheMemberAlone() throws {
        // table-v2's PEER_INDEX_TABLE: 0 = 0.0.0.0 AS65000 (the route server, no routes),
        // 1 = 10.0.0.2 AS4200000001 with 4 routes (192.0.2.0/24 twice by ADD-PATH id,
        // 198.51.100.0/24, 203.0.113.0/24).
        let r = run([SourceInput(label: "rs", ribFiles: [fixture("openbgpd-table-v2.mrt")])], clients: lab)
        XCTAssertEqual(sessions(r), ["rs 10.0.0.2 AS4200000001"])
        XCTAssertEqual(r.rib.sortedSessions.first?.presentRoutes.count, 4)
        XCTAssertEqual(r.summary.notClientRecords, 1, "the route server's peer-index entry")
    }

    func testOpenBGPDLabStateChangesReachTheMember() throws {
        // `all in` (written before the table dump, so read alone): state changes with peer
        // 10.0.0.1 AS65000 and the member as the local side (AS0 before its OPEN: Active ->
        // OpenSent; then AS4200000001: OpenSent -> OpenConfirm -> Established), then the
        // member's UPDATEs. Expected: one session, the member's, Established.
        let sources = [SourceInput(label: "rs", updateFiles: [fixture("openbgpd-all-in.mrt")])]
        let r = run(sources, clients: lab)
        XCTAssertEqual(sessions(r), ["rs 10.0.0.2 AS4200000001"])
        let member = try XCTUnwrap(r.rib.sortedSessions.first)
        XCTAssertEqual(member.lastState, .established, "the member's own state changes reached it")
        XCTAssertEqual(member.presentRoutes.count, 4)
        XCTAssertEqual(r.summary.unmatchedStateChanges, 0)

        // Read without the job's route server, its state changes make a session of it.
        let blind = run(sources, clients: .unknownRouteServers)
        XCTAssertEqual(sessions(blind), ["rs 10.0.0.1 AS65000", "rs 10.0.0.2 AS4200000001"])
        XCTAssertNil(blind.rib.sessions[SessionID(source: "rs", peerAddress: IPAddress("10.0.0.2")!, peerASN: ASN(4_200_000_001))]?.lastState)
    }
}
