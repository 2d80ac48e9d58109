import BGP
import Foundation
import Job
import XCTest

final class IXFMemberExportTests: XCTestCase {
    // MARK: - The shipped SmartHub IX export

    func testSmartHubExportReadsEveryMember() throws {
        let export = try IXFMemberExport.load(path: JobFixtures.smarthub + "/ixf-members.json")
        XCTAssertEqual(export.version, "1.0")
        XCTAssertEqual(export.timestamp, "2026-11-21T00:00:00Z")
        XCTAssertEqual(export.ixps.count, 1)
        let ixp = export.ixps[0]
        XCTAssertEqual(ixp.ixpID, 1)
        XCTAssertEqual(ixp.shortname, "SmartHub IX")
        XCTAssertEqual(ixp.peeringLANs, [PeeringLAN(vlanID: 1, name: "SmartHub peering LAN",
                                                    ipv4: Prefix("185.1.15.0/24"), ipv6: Prefix("2001:7f8:7a::/64"))])
        XCTAssertEqual(export.members.count, 13)
        // The four members docs/rules.md names, and a four-byte ASN.
        for asn: UInt32 in [8359, 8447, 8342, 8732, 210312] {
            XCTAssertTrue(export.members.contains { $0.asn == ASN(asn) }, "AS\(asn)")
        }
        // Every address is on the peering LAN; the route servers (AS8960) are not members.
        for member in export.members {
            XCTAssertNotEqual(member.asn, ASN(8960))
            XCTAssertEqual(member.memberType, .peering)
            for address in member.ipv4Addresses { XCTAssertTrue(Prefix("185.1.15.0/24")!.contains(Prefix(address: address, length: 32))) }
            for address in member.ipv6Addresses { XCTAssertTrue(Prefix("2001:7f8:7a::/64")!.contains(Prefix(address: address, length: 128))) }
            XCTAssertFalse(member.macAddresses.isEmpty, "\(member)")
        }
        let all = export.members.flatMap(\.peeringAddresses).map(\.address)
        XCTAssertEqual(Set(all).count, all.count, "each address once")
        XCTAssertFalse(all.contains(IPAddress("185.1.15.8")!))
        XCTAssertFalse(all.contains(IPAddress("185.1.15.9")!))
        XCTAssertFalse(all.contains(IPAddress("2001:7f8:7a::8960:1")!))
        XCTAssertFalse(all.contains(IPAddress("2001:7f8:7a::8960:2")!))
    }

    func testSmartHubExportMemberDetails() throws {
        let export = try IXFMemberExport.load(path: JobFixtures.smarthub + "/ixf-members.json")
        func member(_ asn: UInt32) -> Member { export.members.first { $0.asn == ASN(asn) }! }

        let mts = member(8359)
        XCTAssertEqual(mts.name, "MTS")
        XCTAssertEqual(mts.ipv4Addresses, [IPAddress("185.1.15.20")!])
        XCTAssertEqual(mts.ipv6Addresses, [IPAddress("2001:7f8:7a::20a7:1")!])
        XCTAssertTrue(mts.peersWithRouteServer)
        XCTAssertEqual(mts.maxPrefixIPv4, 3000)
        XCTAssertEqual(mts.maxPrefixIPv6, 500)
        XCTAssertEqual(mts.asMacro(.ipv4), "AS-MTSNET")
        XCTAssertEqual(mts.macAddresses, [MACAddress("00:1c:73:20:a7:00")!])
        XCTAssertEqual(mts.connections.count, 1)
        XCTAssertEqual(mts.connections[0].ixpID, 1)
        XCTAssertEqual(mts.connections[0].state, "active")
        XCTAssertEqual(mts.connections[0].speedMbps, 20000, "two 10G interfaces in one LAG")

        // Mixed route-server use: Google does not peer with the route servers; Rostelecom has
        // two connections, one of them with the route servers.
        XCTAssertFalse(member(15169).peersWithRouteServer)
        let rostelecom = member(12389)
        XCTAssertEqual(rostelecom.connections.count, 2)
        XCTAssertEqual(rostelecom.ipv4Addresses, [IPAddress("185.1.15.25")!, IPAddress("185.1.15.125")!])
        XCTAssertEqual(rostelecom.peeringAddresses.map(\.routeServer), [false, false, true, true])
        XCTAssertTrue(rostelecom.peersWithRouteServer)

        // The four-byte ASN member is IPv4-only.
        let hosting = member(210312)
        XCTAssertEqual(hosting.ipv6Addresses, [])
        XCTAssertNil(hosting.maxPrefixIPv6)
        XCTAssertEqual(hosting.maxPrefixIPv4, 50)
        XCTAssertNil(hosting.asMacro(.ipv4))
    }

    // MARK: - Small exports

    /// An export with `members` as the member_list JSON (and `extra` top-level fields).
    static func export(members: String, version: String = "1.0", ixps: String? = nil) -> Data {
        let ixpList = ixps ?? #"[{"ixp_id": 1, "ixf_id": 9, "shortname": "T-IX"}]"#
        return Data(#"{"version": "\#(version)", "timestamp": "2026-01-01T00:00:00Z", "ixp_list": \#(ixpList), "member_list": \#(members)}"#.utf8)
    }

    static func member(_ asn: String, v4: String = "185.1.15.20", extra: String = "") -> String {
        #"{"asnum": \#(asn), "name": "M", \#(extra) "connection_list": [{"ixp_id": 1, "vlan_list": [{"vlan_id": 1, "ipv4": {"address": "\#(v4)", "routeserver": true}}]}]}"#
    }

    func error(_ data: Data) -> MemberListError? {
        do {
            _ = try IXFMemberExport.parse(data, file: "t.json")
            return nil
        } catch {
            return error
        }
    }

    func testMinimalExport() throws {
        let export = try IXFMemberExport.parse(Self.export(members: "[\(Self.member("64500"))]"), file: "t.json")
        XCTAssertEqual(export.members, [
            Member(asn: ASN(64500), name: "M", connections: [
                Connection(ixpID: 1, interfaces: [PeeringInterface(vlanID: 1, ipv4: PeeringAddress(address: IPAddress("185.1.15.20")!, routeServer: true), ipv6: nil)]),
            ]),
        ])
    }

    func testUnknownFieldsAreIgnoredAndOptionalOnesMayBeNull() throws {
        let m = #"{"asnum": 64500, "name": null, "peering_policy": "open", "contact_email": ["a@b.c"], "connection_list": [{"ixp_id": 1, "state": null, "if_list": [{"if_speed": 1000}, {"if_speed": 1000}], "vlan_list": [{"vlan_id": 1, "ipv4": {"address": "185.1.15.20", "max_prefix": null, "services": [{"type": "ixrouteserver"}]}, "ipv6": {}}]}]}"#
        let export = try IXFMemberExport.parse(Self.export(members: "[\(m)]"), file: "t.json")
        XCTAssertEqual(export.members[0].name, "AS64500", "no name: the ASN stands in")
        XCTAssertEqual(export.members[0].connections[0].speedMbps, 2000)
        XCTAssertEqual(export.members[0].ipv6Addresses, [], "an address object without an address assigns nothing")
        XCTAssertFalse(export.members[0].peersWithRouteServer, "routeserver absent means no")
    }

    func testMACAddressSpellings() {
        XCTAssertEqual(MACAddress("00:1c:73:aa:BB:0f")?.rawValue, 0x001C_73AA_BB0F)
        XCTAssertEqual(MACAddress("00-1c-73-aa-bb-0f"), MACAddress("00:1c:73:aa:bb:0f"))
        XCTAssertEqual(MACAddress("001c.73aa.bb0f"), MACAddress("00:1c:73:aa:bb:0f"))
        XCTAssertEqual(MACAddress("00:1C:73:AA:BB:0F")?.description, "00:1c:73:aa:bb:0f")
        XCTAssertNil(MACAddress("00:1c:73:aa:bb"))
        XCTAssertNil(MACAddress("00:1c:73:aa:bb:0g"))
        XCTAssertNil(MACAddress("0:1c:73:aa:bb:0f"))
        XCTAssertNil(MACAddress(""))
    }

    func testSameASNTwiceIsOneMemberWithBothConnections() throws {
        let members = "[\(Self.member("64500")), \(Self.member("64501", v4: "185.1.15.21")), \(Self.member("64500", v4: "185.1.15.22"))]"
        let export = try IXFMemberExport.parse(Self.export(members: members), file: "t.json")
        XCTAssertEqual(export.members.map(\.asn), [ASN(64500), ASN(64501)])
        XCTAssertEqual(export.members[0].ipv4Addresses, [IPAddress("185.1.15.20")!, IPAddress("185.1.15.22")!])
    }

    func testOlderSchemaVersionsOfTheSameShapeAreRead() throws {
        for version in ["0.6", "0.7", "0.8", "1.0", "1.1"] {
            XCTAssertNoThrow(try IXFMemberExport.parse(Self.export(members: "[]", version: version), file: "t.json"), version)
        }
    }

    // MARK: - Errors

    func testNotJSON() {
        let e = error(Data("{\"version\": ".utf8))
        guard case .invalidJSON(file: "t.json", _) = e else { return XCTFail("\(String(describing: e))") }
        XCTAssertTrue(e!.description.hasPrefix("t.json: not valid JSON ("), e!.description)
        XCTAssertTrue(e!.description.hasSuffix("the member list must be an IX-F Member Export (Euro-IX JSON schema 1.0)"))
    }

    func testNotJSONSaysWhere() {
        let e = error(Data("{\"version\": \"1.0\",\n  \"timestamp\": x}".utf8))
        XCTAssertEqual(e, .invalidJSON(file: "t.json", detail: "Invalid value around character 34, line 2, column 16"))
    }

    func testNumbersThatAreNotIntegers() {
        let e = error(Self.export(members: #"[{"asnum": 8359.5, "connection_list": []}]"#))
        XCTAssertEqual(e, .wrongType(file: "t.json", field: "member_list[0].asnum", expected: "an integer (not 8359.5)"))
        XCTAssertEqual(e?.description, "t.json: member_list[0].asnum: expected an integer (not 8359.5)")
        let huge = #"[{"asnum": 1, "connection_list": [{"ixp_id": 1e30}]}]"#
        XCTAssertEqual(error(Self.export(members: huge)),
                       .wrongType(file: "t.json", field: "member_list[0].connection_list[0].ixp_id", expected: "an integer (not 1e+30)"))
    }

    func testMissingASNumNamesTheEntry() {
        let members = "[\(Self.member("1")), \(Self.member("2", v4: "185.1.15.21")), \(Self.member("3", v4: "185.1.15.22")), "
            + #"{"name": "no asn", "connection_list": []}]"#
        let e = error(Self.export(members: members))
        XCTAssertEqual(e, .missing(file: "t.json", field: "member_list[3].asnum"))
        XCTAssertEqual(e?.description, "t.json: member_list[3].asnum: missing; the IX-F Member Export schema requires it")
    }

    func testMissingRequiredFields() {
        XCTAssertEqual(error(Data(#"{"timestamp": "x", "ixp_list": [], "member_list": []}"#.utf8)),
                       .missing(file: "t.json", field: "version"))
        XCTAssertEqual(error(Data(#"{"version": "1.0", "timestamp": "x", "ixp_list": []}"#.utf8)),
                       .missing(file: "t.json", field: "member_list"))
        XCTAssertEqual(error(Self.export(members: #"[{"asnum": 1}]"#)),
                       .missing(file: "t.json", field: "member_list[0].connection_list"))
        XCTAssertEqual(error(Self.export(members: #"[{"asnum": 1, "connection_list": [{"state": "active"}]}]"#)),
                       .missing(file: "t.json", field: "member_list[0].connection_list[0].ixp_id"))
        XCTAssertEqual(error(Self.export(members: "[]", ixps: #"[{"ixp_id": 1}]"#)),
                       .missing(file: "t.json", field: "ixp_list[0].shortname"))
        XCTAssertEqual(error(Self.export(members: "[]", ixps: #"[{"ixp_id": 1, "shortname": "T", "vlan": [{"id": 1, "ipv4": {"prefix": "185.1.15.0"}}]}]"#)),
                       .missing(file: "t.json", field: "ixp_list[0].vlan[0].ipv4.mask_length"))
        XCTAssertEqual(error(Self.export(members: #"[{"asnum": null, "connection_list": []}]"#)),
                       .missing(file: "t.json", field: "member_list[0].asnum"))
    }

    func testWrongTypes() {
        let e = error(Self.export(members: #"[{"asnum": "8359", "connection_list": []}]"#))
        XCTAssertEqual(e, .wrongType(file: "t.json", field: "member_list[0].asnum", expected: "an integer"))
        XCTAssertEqual(e?.description, "t.json: member_list[0].asnum: expected an integer")
        XCTAssertEqual(error(Self.export(members: #"[{"asnum": 1, "connection_list": {}}]"#)),
                       .wrongType(file: "t.json", field: "member_list[0].connection_list", expected: "a list"))
        XCTAssertEqual(error(Self.export(members: Self.member("1", extra: #""url": 5,"#))),
                       .wrongType(file: "t.json", field: "member_list", expected: "a list"))
        XCTAssertEqual(error(Self.export(members: "[\(Self.member("1", extra: #""url": 5,"#))]")),
                       .wrongType(file: "t.json", field: "member_list[0].url", expected: "a string"))
        let rs = #"[{"asnum": 1, "connection_list": [{"ixp_id": 1, "vlan_list": [{"ipv4": {"address": "185.1.15.20", "routeserver": "yes"}}]}]}]"#
        XCTAssertEqual(error(Self.export(members: rs)),
                       .wrongType(file: "t.json", field: "member_list[0].connection_list[0].vlan_list[0].ipv4.routeserver",
                                  expected: "true or false"))
    }

    func testBadValues() {
        XCTAssertEqual(error(Self.export(members: "[\(Self.member("0"))]")),
                       .invalidValue(file: "t.json", field: "member_list[0].asnum", value: "0", expected: "an AS number (1 to 4294967295)"))
        XCTAssertEqual(error(Self.export(members: "[\(Self.member("4294967296"))]")),
                       .invalidValue(file: "t.json", field: "member_list[0].asnum", value: "4294967296",
                                     expected: "an AS number (1 to 4294967295)"))
        let badAddress = error(Self.export(members: "[\(Self.member("1", v4: "185.1.15.300"))]"))
        XCTAssertEqual(badAddress, .invalidValue(file: "t.json", field: "member_list[0].connection_list[0].vlan_list[0].ipv4.address",
                                                 value: "\"185.1.15.300\"", expected: "an IPv4 address"))
        XCTAssertEqual(badAddress?.description,
                       "t.json: member_list[0].connection_list[0].vlan_list[0].ipv4.address: \"185.1.15.300\" is not an IPv4 address")
        XCTAssertEqual(error(Self.export(members: "[\(Self.member("1", v4: "2001:db8::1"))]")),
                       .invalidValue(file: "t.json", field: "member_list[0].connection_list[0].vlan_list[0].ipv4.address",
                                     value: "\"2001:db8::1\"", expected: "an IPv4 address"))
        XCTAssertEqual(error(Self.export(members: "[\(Self.member("1", extra: #""member_type": "friend","#))]")),
                       .invalidValue(file: "t.json", field: "member_list[0].member_type", value: "\"friend\"",
                                     expected: "a member type (peering, ixp, other; or 0.7's routeserver, probono)"))
        let mac = #"[{"asnum": 1, "connection_list": [{"ixp_id": 1, "vlan_list": [{"ipv6": {"address": "2001:7f8:7a::1", "mac_addresses": ["00:11:22:33:44:55", "zz"]}}]}]}]"#
        XCTAssertEqual(error(Self.export(members: mac)),
                       .invalidValue(file: "t.json", field: "member_list[0].connection_list[0].vlan_list[0].ipv6.mac_addresses[1]",
                                     value: "\"zz\"", expected: "a MAC address (xx:xx:xx:xx:xx:xx)"))
        let maxPrefix = #"[{"asnum": 1, "connection_list": [{"ixp_id": 1, "vlan_list": [{"ipv4": {"address": "185.1.15.20", "max_prefix": -1}}]}]}]"#
        XCTAssertEqual(error(Self.export(members: maxPrefix)),
                       .invalidValue(file: "t.json", field: "member_list[0].connection_list[0].vlan_list[0].ipv4.max_prefix",
                                     value: "-1", expected: "a prefix count (0 or more)"))
        XCTAssertEqual(error(Self.export(members: "[]", ixps: #"[{"ixp_id": 1, "shortname": "T", "vlan": [{"ipv6": {"prefix": "2001:7f8:7a::", "mask_length": 129}}]}]"#)),
                       .invalidValue(file: "t.json", field: "ixp_list[0].vlan[0].ipv6.mask_length", value: "129",
                                     expected: "a mask length (0 to 128)"))
    }

    /// Port speeds of one connection that add up past Int64.max are junk, and the file is
    /// refused with a message naming the field, not a crash.
    func testPortSpeedsAddingUpPastInt64AreRefused() {
        let ports = #"[{"if_speed": 9223372036854775807}, {"if_speed": 1}]"#
        let m = #"{"asnum": 64500, "connection_list": [{"ixp_id": 1, "if_list": \#(ports), "vlan_list": [{"ipv4": {"address": "185.1.15.20"}}]}]}"#
        let e = error(Self.export(members: "[\(m)]"))
        XCTAssertEqual(e, .portSpeedsOverflow(file: "t.json", field: "member_list[0].connection_list[0].if_list"))
        XCTAssertEqual(e?.description, "t.json: member_list[0].connection_list[0].if_list: the ports' if_speed values add up to "
            + "more than 9223372036854775807 Mbit/s; no connection is that fast, so these values are junk: correct the member list")
        let fits = #"[{"if_speed": 9223372036854775806}, {"if_speed": 1}]"#
        let edge = #"{"asnum": 64500, "connection_list": [{"ixp_id": 1, "if_list": \#(fits), "vlan_list": [{"ipv4": {"address": "185.1.15.20"}}]}]}"#
        XCTAssertEqual(try IXFMemberExport.parse(Self.export(members: "[\(edge)]"), file: "t.json").members[0].connections[0].speedMbps,
                       Int.max)
    }

    func testANegativePortSpeedIsRefused() {
        let m = #"{"asnum": 64500, "connection_list": [{"ixp_id": 1, "if_list": [{"if_speed": 10000}, {"if_speed": -10000}]}]}"#
        XCTAssertEqual(error(Self.export(members: "[\(m)]")),
                       .invalidValue(file: "t.json", field: "member_list[0].connection_list[0].if_list[1].if_speed", value: "-10000",
                                     expected: "a port speed in Mbit/s (0 or more)"))
    }

    func testUnsupportedVersion() {
        let e = error(Self.export(members: "[]", version: "0.4"))
        XCTAssertEqual(e, .unsupportedVersion(file: "t.json", version: "0.4"))
        XCTAssertEqual(e?.description, "t.json: version: \"0.4\" is not a supported IX-F Member Export schema version; "
            + "expected 1.0 (0.6 to 0.9 have the same shape and are read too)")
        XCTAssertEqual(error(Self.export(members: "[]", version: "2.0")), .unsupportedVersion(file: "t.json", version: "2.0"))
    }

    func testOneAddressForTwoMembersIsRefused() {
        let e = error(Self.export(members: "[\(Self.member("64500")), \(Self.member("64501"))]"))
        XCTAssertEqual(e, .duplicateAddress(file: "t.json", field: "member_list[1].connection_list[0].vlan_list[0].ipv4.address",
                                            address: IPAddress("185.1.15.20")!, firstOwner: ASN(64500), secondOwner: ASN(64501)))
        XCTAssertEqual(e?.description, "t.json: member_list[1].connection_list[0].vlan_list[0].ipv4.address: address 185.1.15.20 "
            + "is assigned to AS64501 but already to AS64500; an IXP assigns each peering address once: correct the member list")
    }

    func testMissingFile() {
        do {
            _ = try IXFMemberExport.load(path: "/nonexistent/ixf.json")
            XCTFail("no error")
        } catch {
            XCTAssertEqual(error, .cannotRead(file: "/nonexistent/ixf.json", reason: "no such file"))
            XCTAssertTrue(error.description.hasPrefix("/nonexistent/ixf.json: cannot read the member list: no such file; check the path"))
        }
    }

    // MARK: - Several IXPs in one export

    func testChoosingOneIXPOfSeveral() throws {
        let ixps = #"[{"ixp_id": 1, "shortname": "FRA"}, {"ixp_id": 2, "shortname": "MUC"}]"#
        let two = #"{"asnum": 64500, "connection_list": [{"ixp_id": 1, "vlan_list": [{"ipv4": {"address": "185.1.15.20"}}]}, {"ixp_id": 2, "vlan_list": [{"ipv4": {"address": "185.1.16.20"}}]}]}"#
        let one = #"{"asnum": 64501, "connection_list": [{"ixp_id": 2, "vlan_list": [{"ipv4": {"address": "185.1.16.21"}}]}]}"#
        let export = try IXFMemberExport.parse(Self.export(members: "[\(two), \(one)]", ixps: ixps), file: "t.json")
        let fra = try export.members(ixpID: 1, file: "t.json")
        XCTAssertEqual(fra.map(\.asn), [ASN(64500)])
        XCTAssertEqual(fra[0].ipv4Addresses, [IPAddress("185.1.15.20")!])
        XCTAssertEqual(try export.members(ixpID: 2, file: "t.json").map(\.asn), [ASN(64500), ASN(64501)])

        XCTAssertThrowsError(try export.members(ixpID: nil, file: "t.json")) { error in
            XCTAssertEqual(error as? MemberListError, .ambiguousIXP(file: "t.json", available: ["1 FRA", "2 MUC"]))
            XCTAssertEqual((error as? MemberListError)?.description,
                           "t.json: the export lists 2 IXPs (1 FRA, 2 MUC); say which one with `ixp_id` under `members` in the job file")
        }
        XCTAssertThrowsError(try export.members(ixpID: 3, file: "t.json")) { error in
            XCTAssertEqual(error as? MemberListError, .unknownIXP(file: "t.json", ixpID: 3, available: ["1 FRA", "2 MUC"]))
        }
    }
}
