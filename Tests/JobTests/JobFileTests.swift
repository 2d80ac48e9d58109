import BGP
import Foundation
import Job
import XCTest

final class JobFileTests: XCTestCase {
    /// A small valid job; the tests replace single lines (keeping the numbering) to break it.
    static let base = [
        "ixp:",                                 // 1
        "  name: Test IX",                      // 2
        "  route_servers:",                     // 3
        "    - label: rs1",                     // 4
        "      asn: 8960",                      // 5
        "      ipv4: 185.1.15.8",               // 6
        "      ipv6: \"2001:7f8:7a::8960:1\"",  // 7
        "policy: smarthub-ix",                  // 8
        "members:",                             // 9
        "  - asn: 8359",                        // 10
        "    name: MTS",                        // 11
        "    ipv4: 185.1.15.20",                // 12
        "sources:",                             // 13
        "  - label: rs1",                       // 14
        "    updates: [\"mrt/rs1/*.gz\"]",      // 15
        "  - label: rs2",                       // 16
        "    updates: [\"mrt/rs2/*.gz\"]",      // 17
    ]

    /// The base job with lines replaced (1-based; a replacement may hold several lines).
    static func yaml(_ changes: [Int: String] = [:]) -> String {
        base.enumerated().map { changes[$0.offset + 1] ?? $0.element }.joined(separator: "\n") + "\n"
    }

    func error(_ text: String, date: JobDate? = nil, requireFiles: Bool = false) -> ConfigurationFileError? {
        do {
            _ = try JobFile.parse(yaml: text, file: "job.yaml", baseDirectory: nil, date: date, requireFiles: requireFiles)
            return nil
        } catch {
            return error
        }
    }

    func at(_ line: Int?, _ field: String) -> ConfigurationFileError.Location { ConfigurationFileError.Location(file: "job.yaml", line: line, field: field) }

    // MARK: - Valid jobs

    func testInlineJob() throws {
        let job = try JobFile.parse(yaml: Self.yaml(), baseDirectory: nil)
        XCTAssertEqual(job.file, "job.yaml")
        XCTAssertEqual(job.ixp.name, "Test IX")
        XCTAssertEqual(job.ixp.routeServers, [RouteServerConfig(label: "rs1", asn: ASN(8960), ipv4: IPAddress("185.1.15.8"),
                                                          ipv6: IPAddress("2001:7f8:7a::8960:1"))])
        XCTAssertEqual(job.ixp.routeServer(address: IPAddress("185.1.15.8")!)?.label, "rs1")
        XCTAssertEqual(job.ixp.communities, CommunityScheme.defaults(routeServerASN: ASN(8960)))
        XCTAssertEqual(job.policy, .preset("smarthub-ix"))
        XCTAssertEqual(job.members, .inline([Member(asn: ASN(8359), name: "MTS", ipv4: [IPAddress("185.1.15.20")!])]))
        XCTAssertEqual(job.sources.map(\.label), ["rs1", "rs2"])
        XCTAssertEqual(job.source("rs2")?.updatePatterns, ["mrt/rs2/*.gz"])
        XCTAssertEqual(job.source("rs2")?.updateFiles, [], "nothing matches, and files are not required")
        XCTAssertEqual(job.source("rs1")?.ribFiles, [])
        XCTAssertEqual(job.inputs, OptionalInputs())
    }

    /// A file is taken from the job's directory; a PostgreSQL URL is kept as written.
    func testHistoryIsAPathOrAURL() throws {
        let url = "postgresql://ixaudit:secret@db.example:5433/ixaudit?sslmode=require"
        let fromURL = try JobFile.parse(yaml: Self.yaml() + "history: \"\(url)\"\n", baseDirectory: "/srv/ixaudit")
        XCTAssertEqual(fromURL.history, url)
        let fromFile = try JobFile.parse(yaml: Self.yaml() + "history: history-{yyyy}.sqlite\n", baseDirectory: "/srv/ixaudit",
                                         date: JobDate("2026-11-21"))
        XCTAssertEqual(fromFile.history, "/srv/ixaudit/history-2026.sqlite")
    }

    func testInlineMembersInFull() throws {
        let members = """
          - asn: AS8359
            name: MTS
            ipv4: [185.1.15.20, 185.1.15.120]
            ipv6: "2001:7f8:7a::20a7:1"
            routeserver: no
            max_prefix_ipv4: 3000
            max_prefix_ipv6: 500
            as_macro: AS-MTSNET
            mac_addresses: ["00:1c:73:20:a7:00"]
          - {asn: 210312, ipv6: "2001:7f8:7a::3:3588:1"}
        """
        let job = try JobFile.parse(yaml: Self.yaml([10: members, 11: "#", 12: "#"]), baseDirectory: nil)
        guard case let .inline(list) = job.members else { return XCTFail("\(job.members)") }
        XCTAssertEqual(list.count, 2)
        let mts = list[0]
        XCTAssertEqual(mts.asn, ASN(8359))
        XCTAssertEqual(mts.ipv4Addresses, [IPAddress("185.1.15.20")!, IPAddress("185.1.15.120")!])
        XCTAssertEqual(mts.ipv6Addresses, [IPAddress("2001:7f8:7a::20a7:1")!])
        XCTAssertFalse(mts.peersWithRouteServer)
        XCTAssertEqual(mts.maxPrefixIPv4, 3000)
        XCTAssertEqual(mts.maxPrefixIPv6, 500)
        XCTAssertEqual(mts.asMacro(.ipv6), "AS-MTSNET")
        XCTAssertEqual(mts.macAddresses, [MACAddress("00:1c:73:20:a7:00")!])
        XCTAssertEqual(list[1].name, "AS210312")
        XCTAssertTrue(list[1].peersWithRouteServer, "inline members peer with the route servers unless routeserver: false")
        let directory = try job.memberDirectory()
        XCTAssertEqual(directory.match(peerAddress: IPAddress("185.1.15.120")!, peerASN: ASN(8359)), .member(mts))
    }

    func testSmartHubJobFile() throws {
        let path = JobFixtures.smarthub + "/job.yaml"
        let job = try JobFile.load(path: path, date: JobDate("2026-11-21"))
        let dir = JobFixtures.smarthub
        XCTAssertEqual(job.file, path)
        XCTAssertEqual(job.ixp.name, "SmartHub IX")
        XCTAssertEqual(job.ixp.routeServers, [
            RouteServerConfig(label: "rs1", asn: ASN(8960), ipv4: IPAddress("185.1.15.8"), ipv6: IPAddress("2001:7f8:7a::8960:1")),
            RouteServerConfig(label: "rs2", asn: ASN(8960), ipv4: IPAddress("185.1.15.9"), ipv6: IPAddress("2001:7f8:7a::8960:2")),
        ])
        let scheme = job.ixp.communities
        XCTAssertEqual(scheme.profile, .arouteserver)
        XCTAssertEqual(scheme.standard.open?.description, "8960:8960")
        XCTAssertEqual(scheme.standard.include?.description, "8960:peer")
        XCTAssertEqual(scheme.standard.blockAll?.description, "0:8960")
        XCTAssertEqual(scheme.standard.exclude?.description, "0:peer")
        XCTAssertEqual(scheme.large.exclude?.description, "8960:0:peer")
        XCTAssertEqual(scheme.large.include?.description, "8960:1:peer")
        XCTAssertEqual(scheme.large.blockAll?.description, "8960:0:0")
        XCTAssertEqual(scheme.large.open?.description, "8960:1:0")
        XCTAssertEqual(scheme, CommunityScheme.defaults(routeServerASN: ASN(8960)), "SmartHub's values are the usual ones")
        XCTAssertEqual(job.policy, .preset("smarthub-ix"))
        XCTAssertEqual(job.members, .ixf(path: dir + "/ixf-members.json", ixpID: nil))
        XCTAssertEqual(job.sources.map(\.label), ["rs1", "rs2"])
        XCTAssertEqual(job.sources[0].ribFiles, [dir + "/mrt/rs1/2026.11/bview.20261121.0000.gz"])
        XCTAssertEqual(job.sources[0].updatePatterns, [dir + "/mrt/rs1/2026.11/updates.20261121.*.gz"])
        XCTAssertEqual(job.sources[1].ribFiles, [dir + "/mrt/rs2/2026.11/bview.20261121.0000.gz"])
        XCTAssertEqual(job.inputs, OptionalInputs())
    }

    func testSmartHubJobRequiresItsDumpsOnlyWhenAsked() {
        let path = JobFixtures.smarthub + "/job.yaml"
        do {
            _ = try JobFile.load(path: path, date: JobDate("2026-11-21"), requireFiles: true)
            XCTFail("the SmartHub dumps are generated by the demo; none should exist in the checkout")
        } catch {
            let rib = JobFixtures.smarthub + "/mrt/rs1/2026.11/bview.20261121.0000.gz"
            XCTAssertEqual(error, .fileNotFound(ConfigurationFileError.Location(file: path, line: 48, field: "sources[0].rib[0]"), path: rib))
            XCTAssertEqual(error.description, "\(path):48: sources[0].rib[0]: file \(rib) does not exist; check the path "
                + "(relative paths are taken from the job file's directory) and the date")
        }
        do {
            _ = try JobFile.load(path: path)
            XCTFail("date placeholders without a date")
        } catch {
            XCTAssertEqual(error, .needsDate(ConfigurationFileError.Location(file: path, line: 48, field: "sources[0].rib[0]"), placeholder: "yyyy"))
        }
    }

    func testJobFromValues() throws {
        let job = JobFile(
            ixp: IXPConfig(name: "Flag IX", routeServers: [RouteServerConfig(label: "rs1", asn: ASN(8960), ipv4: IPAddress("185.1.15.8"))]),
            policy: PolicyReference("policies/strict.yaml"),
            members: .ixf(path: "members-{date}.json", ixpID: 2),
            sources: [SourceConfig(label: "rs1", ribFiles: ["rib.{yyyy}{mm}{dd}.gz"], updatePatterns: ["upd.{date}.*.gz"])],
            inputs: OptionalInputs(rpki: "vrps.json"))
        XCTAssertNil(job.file)
        XCTAssertEqual(job.ixp.communities.standard.include?.description, "8960:peer")
        XCTAssertEqual(job.policy, .file("policies/strict.yaml"))
        let resolved = try job.resolvingPaths(relativeTo: "/data/job", date: JobDate("2026-01-05"))
        XCTAssertEqual(resolved.policy, .file("/data/job/policies/strict.yaml"))
        XCTAssertEqual(resolved.members, .ixf(path: "/data/job/members-2026-01-05.json", ixpID: 2))
        XCTAssertEqual(resolved.sources[0].ribFiles, ["/data/job/rib.20260105.gz"])
        XCTAssertEqual(resolved.sources[0].updatePatterns, ["/data/job/upd.2026-01-05.*.gz"])
        XCTAssertEqual(resolved.inputs.rpki, "/data/job/vrps.json")
        // Without a line to name, the message names the field.
        XCTAssertThrowsError(try job.resolvingPaths(relativeTo: nil, date: nil)) { error in
            XCTAssertEqual((error as? ConfigurationFileError)?.description, "members.ixf: uses {date} but no date was given; give the run "
                + "date (YYYY-MM-DD, e.g. with --date) or write the date into the path")
        }
    }

    func testPolicyPresetOrPath() {
        XCTAssertEqual(PolicyReference("smarthub-ix"), .preset("smarthub-ix"))
        XCTAssertEqual(PolicyReference("peg-tech"), .preset("peg-tech"))
        XCTAssertEqual(PolicyReference("my-policy.yaml"), .file("my-policy.yaml"))
        XCTAssertEqual(PolicyReference("../policies/x"), .file("../policies/x"))
    }

    // MARK: - Errors, each with its line

    func testErrorMessageShape() {
        let e = error(Self.yaml([17: "    updates: mrt/rs2/updates.gz"]))
        XCTAssertEqual(e, .invalid(at(17, "sources[1].updates"), expected: "a list of file patterns"))
        XCTAssertEqual(e?.description, "job.yaml:17: sources[1].updates: expected a list of file patterns")
    }

    func testMissingFields() {
        XCTAssertEqual(error(Self.yaml([8: "#"])),
                       .missing(at(1, "policy"), expected: "a policy preset name (like smarthub-ix) or a policy file path"))
        XCTAssertEqual(error(Self.yaml([8: "policy:"])),
                       .missing(at(1, "policy"), expected: "a policy preset name (like smarthub-ix) or a policy file path"))
        XCTAssertEqual(error(Self.yaml([2: "#"])), .missing(at(1, "ixp.name"), expected: "the IXP's name, like SmartHub IX"),
                       "the line of the key whose mapping lacks it")
        XCTAssertEqual(error(Self.yaml([5: "#"])),
                       .missing(at(4, "ixp.route_servers[0].asn"), expected: "an AS number like 8960 or AS8960 (1 to 4294967295)"))
        XCTAssertEqual(error(Self.yaml([6: "#", 7: "#"])),
                       .missing(at(4, "ixp.route_servers[0].ipv4"), expected: "the route server's IPv4 and/or IPv6 address"))
        XCTAssertEqual(error(Self.yaml([3: "  route_servers: []", 4: "#", 5: "#", 6: "#", 7: "#"])),
                       .missing(at(3, "ixp.route_servers"), expected: "a list of route servers, each with label, asn, ipv4 and/or ipv6"))
        XCTAssertEqual(error(Self.yaml([14: "  - label: rs1", 15: "#"])),
                       .missing(at(14, "sources[0].rib"), expected: "rib (a list of RIB dump files) and/or updates (a list of file patterns)"))
        XCTAssertEqual(error(Self.yaml([14: "  - updates: [\"x\"]", 15: "#"])),
                       .missing(at(14, "sources[0].label"), expected: "a label naming the source, like rs1, rs2 or other-ix"))
        XCTAssertEqual(error(Self.yaml([12: "#"])),
                       .missing(at(10, "members[0].ipv4"), expected: "the member's peering addresses: ipv4 and/or ipv6 (an address or a list)"))
        XCTAssertEqual(error(Self.yaml([13: "sources: []", 14: "#", 15: "#", 16: "#", 17: "#"])),
                       .missing(at(13, "sources"), expected: "a list of sources, each with label, rib (files) and/or updates (file patterns)"))
        let e = error("")
        XCTAssertEqual(e, .empty(file: "job.yaml", expected: "a mapping with ixp, policy, members and sources"))
    }

    func testWrongShapes() {
        XCTAssertEqual(error("- ixp\n- policy\n"), .invalid(at(1, ""), expected: "a mapping with ixp, policy, members and sources"))
        XCTAssertEqual(error(Self.yaml([1: "ixp: SmartHub", 2: "#", 3: "#", 4: "#", 5: "#", 6: "#", 7: "#"])),
                       .invalid(at(1, "ixp"), expected: "a mapping with name, route_servers and communities"))
        XCTAssertEqual(error(Self.yaml([15: "    updates: {a: b}"])),
                       .invalid(at(15, "sources[0].updates"), expected: "a list of file patterns"))
        XCTAssertEqual(error(Self.yaml([15: "    rib: mrt/rib.gz"])),
                       .invalid(at(15, "sources[0].rib"), expected: "a list of RIB dump files"))
        XCTAssertEqual(error(Self.yaml([15: "    updates:\n      - [a, b]"])),
                       .invalid(at(16, "sources[0].updates[0]"), expected: "a file path or pattern (a string)"))
        XCTAssertEqual(error(Self.yaml([9: "members: everyone", 10: "#", 11: "#", 12: "#"])),
                       .invalid(at(9, "members"),
                                expected: "either ixf: (an IX-F Member Export file) or a list of members, each with asn, name, ipv4, ipv6"))
        XCTAssertEqual(error(Self.yaml([13: "sources: rs1", 14: "#", 15: "#", 16: "#", 17: "#"])),
                       .invalid(at(13, "sources"), expected: "a list of sources, each with label, rib (files) and/or updates (file patterns)"))
        XCTAssertEqual(error(Self.yaml([2: "  name: [a, b]"])), .invalid(at(2, "ixp.name"), expected: "the IXP's name, like SmartHub IX"))
    }

    func testBadValues() {
        XCTAssertEqual(error(Self.yaml([5: "      asn: ASX"])),
                       .invalid(at(5, "ixp.route_servers[0].asn"), expected: "an AS number like 8960 or AS8960 (1 to 4294967295) (not 'ASX')"))
        XCTAssertEqual(error(Self.yaml([5: "      asn: 4294967296"])),
                       .invalid(at(5, "ixp.route_servers[0].asn"),
                                expected: "an AS number like 8960 or AS8960 (1 to 4294967295) (not '4294967296')"))
        XCTAssertEqual(error(Self.yaml([6: "      ipv4: 2001:db8::1"])),
                       .invalid(at(6, "ixp.route_servers[0].ipv4"), expected: "an IPv4 address like 185.1.15.8 (not '2001:db8::1')"))
        XCTAssertEqual(error(Self.yaml([12: "    ipv4: 185.1.15.256"])),
                       .invalid(at(12, "members[0].ipv4"), expected: "an IPv4 address or a list of them (not '185.1.15.256')"))
        XCTAssertEqual(error(Self.yaml([12: "    ipv4:\n      - 185.1.15.20\n      - nope"])),
                       .invalid(at(14, "members[0].ipv4[1]"), expected: "an IPv4 address or a list of them (not 'nope')"))
        XCTAssertEqual(error(Self.yaml([11: "    routeserver: maybe"])),
                       .invalid(at(11, "members[0].routeserver"), expected: "true or false (not 'maybe')"))
        XCTAssertEqual(error(Self.yaml([11: "    max_prefix_ipv4: lots"])),
                       .invalid(at(11, "members[0].max_prefix_ipv4"), expected: "a prefix count (0 or more) (not 'lots')"))
        XCTAssertEqual(error(Self.yaml([11: "    mac_addresses: [\"00:11:22:33:44\"]"])),
                       .invalid(at(11, "members[0].mac_addresses[0]"), expected: "a MAC address (xx:xx:xx:xx:xx:xx) (not '00:11:22:33:44')"))
        XCTAssertEqual(error(Self.yaml([9: "members:\n  ixf: m.json\n  ixp_id: first", 10: "#", 11: "#", 12: "#"])),
                       .invalid(at(11, "members.ixp_id"), expected: "the ixp_id of one IXP in the export (not 'first')"))
    }

    func testCommunitySchemeErrors() {
        let profile = error(Self.yaml([7: "      ipv6: \"2001:7f8:7a::8960:1\"\n  communities:\n    profile: bird"]))
        XCTAssertEqual(profile, .invalid(at(9, "ixp.communities.profile"), expected: "a profile name: arouteserver or ixp-manager (not 'bird')"))
        XCTAssertEqual(profile?.description, "job.yaml:9: ixp.communities.profile: expected a profile name: arouteserver or ixp-manager (not 'bird')")
        XCTAssertEqual(error(Self.yaml([7: "      ipv6: \"2001:7f8:7a::8960:1\"\n  communities:\n    standard:\n      include: \"8960:peer:1\""])),
                       .invalid(at(10, "ixp.communities.standard.include"),
                                expected: "a community like 8960:peer, each field a number or peer (not '8960:peer:1')"))
        XCTAssertEqual(error(Self.yaml([7: "      ipv6: \"2001:7f8:7a::8960:1\"\n  communities:\n    standard:\n      open: \"8960:65536\""])),
                       .invalid(at(10, "ixp.communities.standard.open"),
                                expected: "a community like 8960:peer, each field a number or peer (not '8960:65536')"))
        XCTAssertEqual(error(Self.yaml([7: "      ipv6: \"2001:7f8:7a::8960:1\"\n  communities:\n    large:\n      exclude: \"8960:peer:peer\""])),
                       .invalid(at(10, "ixp.communities.large.exclude"),
                                expected: "a community like 8960:0:peer, each field a number or peer (not '8960:peer:peer')"))
        XCTAssertEqual(error(Self.yaml([7: "      ipv6: \"2001:7f8:7a::8960:1\"\n  communities:\n    large:\n      deny: \"8960:0:peer\""])),
                       .unknownKey(at(10, "ixp.communities.large.deny"), key: "deny", allowed: ["open", "include", "block_all", "exclude"]))
    }

    func testUnknownKeys() {
        let e = error(Self.yaml([13: "sourcse:"]))
        XCTAssertEqual(e, .unknownKey(at(13, "sourcse"), key: "sourcse",
                                      allowed: ["ixp", "policy", "members", "sources", "history", "flows", "relationships", "rpki", "irr",
                                                "peeringdb"]))
        XCTAssertEqual(e?.description, "job.yaml:13: sourcse: unknown key 'sourcse'; expected one of: ixp, policy, members, sources, "
            + "history, flows, relationships, rpki, irr, peeringdb")
        XCTAssertEqual(error(Self.yaml([15: "    update: [\"x\"]"])),
                       .unknownKey(at(15, "sources[0].update"), key: "update", allowed: ["label", "rib", "updates"]))
        XCTAssertEqual(error(Self.yaml([11: "    nmae: MTS"])),
                       .unknownKey(at(11, "members[0].nmae"), key: "nmae",
                                   allowed: ["asn", "name", "ipv4", "ipv6", "routeserver", "max_prefix_ipv4", "max_prefix_ipv6",
                                             "as_macro", "mac_addresses"]))
    }

    func testDuplicates() {
        XCTAssertEqual(error(Self.yaml([16: "  - label: rs1"])), .duplicate(at(16, "sources[1].label"), value: "source label 'rs1'"))
        XCTAssertEqual(error(Self.yaml([7: "      ipv6: \"2001:7f8:7a::8960:1\"\n    - {label: rs1, asn: 8960, ipv4: 185.1.15.9}"])),
                       .duplicate(at(8, "ixp.route_servers[1].label"), value: "route server label 'rs1'"))
        XCTAssertEqual(error(Self.yaml([7: "      ipv6: \"2001:7f8:7a::8960:1\"\n    - {label: rs2, asn: 8960, ipv4: 185.1.15.8}"])),
                       .duplicate(at(8, "ixp.route_servers[1].ipv4"), value: "address 185.1.15.8"))
        XCTAssertEqual(error(Self.yaml([12: "    ipv4: 185.1.15.20\n  - {asn: 8447, ipv4: 185.1.15.20}"])),
                       .duplicate(at(13, "members[1].ipv4"), value: "address 185.1.15.20 (also AS8359's)"))
        XCTAssertEqual(error(Self.yaml([12: "    ipv4: 185.1.15.20\n  - {asn: 8359, ipv4: 185.1.15.21}"])),
                       .duplicate(at(13, "members[1].asn"), value: "AS8359"))
    }

    func testYAMLSyntaxErrors() {
        let e = error(Self.yaml([11: "    name: MTS: Moscow"]))
        guard case let .syntax(file, line, _, _) = e else { return XCTFail("\(String(describing: e))") }
        XCTAssertEqual(file, "job.yaml")
        XCTAssertEqual(line, 11)
        XCTAssertTrue(e!.description.hasPrefix("job.yaml:11: not valid YAML"), e!.description)

        let unclosed = error(Self.yaml([15: "    updates: [\"mrt/rs1/*.gz\""]))
        guard case .syntax(_, let l?, _, _) = unclosed else { return XCTFail("\(String(describing: unclosed))") }
        XCTAssertGreaterThanOrEqual(l, 15)

        let duplicateKey = error(Self.yaml([11: "    name: MTS\n    name: MTS2"]))
        guard case .syntax(_, 11?, _, let problem) = duplicateKey else { return XCTFail("\(String(describing: duplicateKey))") }
        XCTAssertEqual(problem, "key name appears twice in one mapping (first here); keep one")
    }

    func testMissingJobFile() {
        do {
            _ = try JobFile.load(path: "/nonexistent/job.yaml")
            XCTFail("no error")
        } catch {
            XCTAssertEqual(error, .cannotRead(file: "/nonexistent/job.yaml", kind: "job file", reason: "no such file"))
            XCTAssertEqual(error.description, "/nonexistent/job.yaml: cannot read the job file: no such file; check the path")
        }
    }

    // MARK: - Community schemes (the profiles are data, pinned here)

    func testCommunitySchemeFromTheJobFile() throws {
        let communities = """
              ipv6: "2001:7f8:7a::8960:1"
          communities:
            profile: ixp-manager
            standard:
              include: "8960:peer"
              exclude: "peer:0"
            large: {}
        """
        let job = try JobFile.parse(yaml: Self.yaml([7: communities]), baseDirectory: nil)
        let scheme = job.ixp.communities
        XCTAssertEqual(scheme.profile, .ixpManager)
        XCTAssertEqual(scheme.standard, ControlCommunities(include: StandardCommunityPattern("8960:peer"),
                                                           exclude: StandardCommunityPattern("peer:0")))
        XCTAssertEqual(scheme.large, ControlCommunities(), "an empty section: the IXP has no large control communities")

        // A profile alone keeps the usual values.
        let profileOnly = try JobFile.parse(yaml: Self.yaml([7: "      ipv6: \"2001:7f8:7a::8960:1\"\n  communities: {profile: ixp-manager}"]),
                                            baseDirectory: nil)
        XCTAssertEqual(profileOnly.ixp.communities, CommunityScheme.defaults(profile: .ixpManager, routeServerASN: ASN(8960)))
    }

    func testArouteserverAndIXPManagerProfileNames() {
        XCTAssertEqual(CommunityProfile(rawValue: "arouteserver"), .arouteserver)
        XCTAssertEqual(CommunityProfile(rawValue: "ixp-manager"), .ixpManager)
        XCTAssertEqual(CommunityProfile.allCases.map(\.description), ["arouteserver", "ixp-manager"])
    }

    func testSmartHubCommunityPatterns() throws {
        let scheme = CommunityScheme.defaults(routeServerASN: ASN(8960))
        let include = try XCTUnwrap(scheme.standard.include)
        XCTAssertEqual(include.community(for: ASN(8359)), Community(8960, 8359))
        XCTAssertNil(include.community(for: ASN(210312)), "a four-byte ASN does not fit a standard community")
        XCTAssertEqual(scheme.large.include?.community(for: ASN(210312)), LargeCommunity(8960, 1, 210312))
        XCTAssertEqual(scheme.standard.open?.community(), Community(8960, 8960))
        XCTAssertEqual(scheme.standard.blockAll?.community(), Community(0, 8960))
        XCTAssertEqual(scheme.large.blockAll?.community(), LargeCommunity(8960, 0, 0))
        XCTAssertEqual(scheme.large.open?.community(), LargeCommunity(8960, 1, 0))

        // `0:8960 8960:8359 8960:8447` -> only AS8359 and AS8447 (docs/rules.md section A).
        XCTAssertEqual(include.peer(in: Community(8960, 8359)), ASN(8359))
        XCTAssertNil(include.peer(in: Community(0, 8359)))
        XCTAssertTrue(scheme.standard.blockAll!.matches(Community(0, 8960)))
        XCTAssertEqual(scheme.standard.exclude?.peer(in: Community(0, 8342)), ASN(8342))
        XCTAssertEqual(scheme.large.exclude?.peer(in: LargeCommunity(8960, 0, 210312)), ASN(210312))
        XCTAssertNil(scheme.large.exclude?.peer(in: LargeCommunity(8960, 1, 210312)))

        // KleyReX writes the peer first.
        let kleyrex = try XCTUnwrap(StandardCommunityPattern("peer:0"))
        XCTAssertEqual(kleyrex.peer(in: Community(8359, 0)), ASN(8359))
        XCTAssertNil(StandardCommunityPattern("peer:peer"))
        XCTAssertNil(StandardCommunityPattern("8960"))
        XCTAssertNil(LargeCommunityPattern("8960:0"))

        // A four-byte route-server ASN has no standard RS:x or x:RS forms.
        let wide = CommunityScheme.defaults(routeServerASN: ASN(210312))
        XCTAssertEqual(wide.standard, ControlCommunities(exclude: StandardCommunityPattern("0:peer")))
        XCTAssertEqual(wide.large.include?.description, "210312:1:peer")
    }
}
