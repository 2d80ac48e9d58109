import BGP
import Job
import XCTest

final class MemberDirectoryTests: XCTestCase {
    static let mts = Member(asn: ASN(8359), name: "MTS", ipv4: [IPAddress("185.1.15.20")!],
                            ipv6: [IPAddress("2001:7f8:7a::20a7:1")!], macAddresses: [MACAddress("00:1c:73:20:a7:00")!])
    static let a1 = Member(asn: ASN(8447), name: "A1 Telekom Austria", ipv4: [IPAddress("185.1.15.21")!])
    static let rs1v4 = IPAddress("185.1.15.8")!
    static let rs1v6 = IPAddress("2001:7f8:7a::8960:1")!

    let directory = MemberDirectory([mts, a1], routeServerAddresses: [rs1v4, rs1v6])

    func testLookups() {
        XCTAssertEqual(directory.count, 2)
        XCTAssertEqual(directory.member(asn: ASN(8359)), Self.mts)
        XCTAssertNil(directory.member(asn: ASN(8342)))
        XCTAssertEqual(directory.member(address: IPAddress("2001:7f8:7a::20a7:1")!), Self.mts)
        XCTAssertEqual(directory.member(address: IPAddress("185.1.15.21")!), Self.a1)
        XCTAssertNil(directory.member(address: IPAddress("185.1.15.22")!))
        XCTAssertEqual(directory.member(mac: MACAddress("00:1C:73:20:A7:00")!), Self.mts)
        XCTAssertNil(directory.member(mac: MACAddress("00:1c:73:20:a7:01")!))
        XCTAssertEqual(directory.peeringAddress(IPAddress("185.1.15.20")!)?.routeServer, true)
    }

    func testSessionOfAMemberOnItsOwnAddress() {
        XCTAssertEqual(directory.match(peerAddress: IPAddress("185.1.15.20")!, peerASN: ASN(8359)), .member(Self.mts))
        XCTAssertEqual(directory.match(peerAddress: IPAddress("2001:7f8:7a::20a7:1")!, peerASN: ASN(8359)), .member(Self.mts))
        XCTAssertEqual(directory.match(peerAddress: IPAddress("185.1.15.20")!, peerASN: ASN(8359)).member, Self.mts)
    }

    func testSessionOnAnotherMembersAddress() {
        // AS8447 speaks from MTS's address; the address decides whose it is.
        let match = directory.match(peerAddress: IPAddress("185.1.15.20")!, peerASN: ASN(8447))
        XCTAssertEqual(match, .addressOfAnotherMember(ownerOfAddress: Self.mts, asnSeen: ASN(8447)))
        XCTAssertNil(match.member)
        // Also when the ASN seen is no member at all.
        XCTAssertEqual(directory.match(peerAddress: IPAddress("185.1.15.21")!, peerASN: ASN(64512)),
                       .addressOfAnotherMember(ownerOfAddress: Self.a1, asnSeen: ASN(64512)))
    }

    func testMemberOnAnAddressTheIXDidNotAssign() {
        // Rule S7: the member's ASN, an address the IX did not give it.
        let match = directory.match(peerAddress: IPAddress("185.1.15.99")!, peerASN: ASN(8447))
        XCTAssertEqual(match, .asnMatchesButNotAddress(Self.a1))
        XCTAssertEqual(match.member, Self.a1)
        XCTAssertEqual(directory.match(peerAddress: IPAddress("2001:7f8:7a::99")!, peerASN: ASN(8447)), .asnMatchesButNotAddress(Self.a1))
    }

    func testUnknownSession() {
        XCTAssertEqual(directory.match(peerAddress: IPAddress("185.1.15.99")!, peerASN: ASN(64512)), .unknown)
        XCTAssertNil(SessionMatch.unknown.member)
    }

    func testRouteServersAreNotMembers() {
        XCTAssertTrue(directory.isRouteServer(address: Self.rs1v4))
        XCTAssertFalse(directory.isRouteServer(address: IPAddress("185.1.15.20")!))
        XCTAssertEqual(directory.match(peerAddress: Self.rs1v4, peerASN: ASN(8960)), .unknown)

        // An export listing the IXP's own route servers: as infrastructure (IXP Manager marks
        // them member_type ixp), or as a peering entry whose addresses are the route servers'.
        let infrastructure = Member(asn: ASN(8960), name: "SmartHub route servers", memberType: .ixp, connections: [
            Connection(ixpID: 1, interfaces: [PeeringInterface(vlanID: 1, ipv4: PeeringAddress(address: Self.rs1v4), ipv6: nil)]),
        ])
        var listedAsPeer = Self.a1
        listedAsPeer.asn = ASN(8960)
        listedAsPeer.connections = [Connection(ixpID: 1, interfaces: [
            PeeringInterface(vlanID: 1, ipv4: PeeringAddress(address: Self.rs1v4), ipv6: PeeringAddress(address: Self.rs1v6)),
        ])]
        for entry in [infrastructure, listedAsPeer] {
            let d = MemberDirectory([Self.mts, entry], routeServerAddresses: [Self.rs1v4, Self.rs1v6])
            XCTAssertEqual(d.members, [Self.mts])
            XCTAssertNil(d.member(asn: ASN(8960)))
            XCTAssertNil(d.member(address: Self.rs1v4))
            XCTAssertEqual(d.match(peerAddress: Self.rs1v4, peerASN: ASN(8960)), .unknown)
        }

        // A member entry that also carries a route-server address keeps only its own.
        var sloppy = Self.mts
        sloppy.connections[0].interfaces.append(PeeringInterface(vlanID: 1, ipv4: PeeringAddress(address: Self.rs1v4), ipv6: nil))
        let d = MemberDirectory([sloppy], routeServerAddresses: [Self.rs1v4])
        XCTAssertEqual(d.member(asn: ASN(8359))?.ipv4Addresses, [IPAddress("185.1.15.20")!])
        XCTAssertNil(d.member(address: Self.rs1v4))
    }

    func testEntriesOfOneASNAreMergedAndMembersSortedByASN() {
        let second = Member(asn: ASN(8359), name: "MTS second port", ipv4: [IPAddress("185.1.15.120")!])
        let d = MemberDirectory([Self.mts, Self.a1, second])
        XCTAssertEqual(d.members.map(\.asn), [ASN(8359), ASN(8447)])
        XCTAssertEqual(d.member(asn: ASN(8359))?.name, "MTS")
        XCTAssertEqual(d.member(asn: ASN(8359))?.ipv4Addresses, [IPAddress("185.1.15.20")!, IPAddress("185.1.15.120")!])
        XCTAssertEqual(d.match(peerAddress: IPAddress("185.1.15.120")!, peerASN: ASN(8359)).member?.asn, ASN(8359))
    }

    func testSmartHubMembersThroughTheJobFile() throws {
        let job = try JobFile.load(path: JobFixtures.smarthub + "/job.yaml", date: JobDate("2026-11-21"))
        let d = try job.memberDirectory()
        XCTAssertEqual(d.count, 13)
        XCTAssertEqual(d.routeServerAddresses, Set(["185.1.15.8", "185.1.15.9", "2001:7f8:7a::8960:1", "2001:7f8:7a::8960:2"].map { IPAddress($0)! }))
        XCTAssertEqual(d.match(peerAddress: IPAddress("185.1.15.20")!, peerASN: ASN(8359)).member?.name, "MTS")
        XCTAssertEqual(d.match(peerAddress: IPAddress("185.1.15.32")!, peerASN: ASN(210312)).member?.asn, ASN(210312))
        XCTAssertEqual(d.match(peerAddress: IPAddress("185.1.15.9")!, peerASN: ASN(8960)), .unknown)
        XCTAssertEqual(d.match(peerAddress: IPAddress("185.1.15.200")!, peerASN: ASN(8732)).member?.name, "COMCOR")
    }
}
