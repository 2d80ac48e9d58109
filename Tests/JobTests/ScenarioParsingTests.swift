import BGP
import Foundation
import Job
import XCTest

/// The scenario file format: every change kind read into values, errors naming the file, the
/// line and what is expected, and the shipped examples in data/scenarios.
final class ScenarioParsingTests: XCTestCase {
    func testEveryChangeKind() throws {
        let yaml = """
            name: everything
            description: one of each
            changes:
              - set_communities: {member: 3216, communities: ["0:8960", "8960:8359", "8960:1:210312"], prefixes: [193.0.0.0/24]}
              - add_communities: {member: AS3216, communities: "0:8342 8960:0:8732"}
              - remove_communities: {member: 3216, communities: ["8960:8960"]}
              - member_leaves: AS8359
              - member_joins:
                  asn: 210312
                  name: Newcomer
                  ipv4: 185.1.15.99
                  ipv6: ["2001:7f8:7a::99"]
                  routes:
                    - {prefix: 81.2.0.0/24, as_path: [210312, 201234], communities: ["8960:8960"]}
                    - {prefix: "2a0c:1::/32"}
              - export_mode: per-client
              - policy:
                  prefix_length: {ipv4: {max: 23}, ipv6: {min: 19}}
                  max_prefix: {ipv4: 10, action: block}
                  as_path_length: {max: 20, clause: P9}
                  next_hop: off
              - route_server: {implementation: openbgpd, evaluate: all, max_prefix: {action: restart}}
            """
        let s = try Scenario.parse(yaml: yaml, file: "all.yaml")
        XCTAssertEqual(s.name, "everything")
        XCTAssertEqual(s.description, "one of each")
        XCTAssertEqual(s.file, "all.yaml")
        XCTAssertEqual(s.changeLines, [4, 5, 6, 7, 8, 16, 17, 22])
        XCTAssertEqual(s.changes, [
            .setCommunities(member: ASN(3216), communities: CommunityList(standard: [Community(0, 8960), Community(8960, 8359)],
                                                                          large: [LargeCommunity(8960, 1, 210_312)]),
                            prefixes: [Prefix("193.0.0.0/24")!]),
            .addCommunities(member: ASN(3216), communities: CommunityList("0:8342 8960:0:8732")!, prefixes: nil),
            .removeCommunities(member: ASN(3216), communities: CommunityList(standard: [Community(8960, 8960)]), prefixes: nil),
            .memberLeaves(ASN(8359)),
            .memberJoins(JoiningMember(asn: ASN(210_312), name: "Newcomer", ipv4: [IPAddress("185.1.15.99")!],
                                       ipv6: [IPAddress("2001:7f8:7a::99")!], routes: [
                                           JoiningRoute(prefix: Prefix("81.2.0.0/24")!, asPath: [ASN(210_312), ASN(201_234)],
                                                        communities: CommunityList("8960:8960")!),
                                           JoiningRoute(prefix: Prefix("2a0c:1::/32")!),
                                       ])),
            .exportMode(.perClient),
            .policy([.prefixLength(clause: nil, ipv4Min: nil, ipv4Max: 23, ipv6Min: 19, ipv6Max: nil),
                     .maxPrefix(clause: nil, ipv4: 10, ipv6: nil, action: .block),
                     .asPathLength(clause: "P9", max: 20),
                     .disable(rule: .nextHop)]),
            .routeServer(.openbgpd(evaluateAll: true), maxPrefix: MaxPrefixRule.Behaviour(counting: .received, action: .restart)),
        ])
        XCTAssertEqual(s.changes.map(\.kind), ScenarioChange.kinds)
    }

    /// The message of parsing `yaml` (as `s.yaml`), which must fail.
    func error(_ yaml: String) -> String {
        do {
            _ = try Scenario.parse(yaml: yaml, file: "s.yaml")
            return "(parsed)"
        } catch {
            return error.description
        }
    }

    func testErrorsNameFileLineAndWhatIsExpected() {
        XCTAssertEqual(error("changes:\n  - member_leaves: 1\n"), "s.yaml:1: name: missing; expected the scenario's name, like as3216-restrictive")
        XCTAssertEqual(error("name: x\n"), "s.yaml:1: changes: missing; expected a list of changes")
        XCTAssertEqual(error("name: x\nchanges: []\n"), "s.yaml:2: changes: expected at least one change")
        XCTAssertEqual(error("name: x\nnotes: y\nchanges:\n  - member_leaves: 1\n"),
                       "s.yaml:2: notes: unknown key 'notes'; expected one of: name, description, changes")
        XCTAssertEqual(error("name: x\nchanges:\n  - member_leaves: 1\n  - member_leave: 2\n"),
                       "s.yaml:4: changes[1].member_leave: unknown change 'member_leave'; expected one of: set_communities, "
                       + "add_communities, remove_communities, member_leaves, member_joins, export_mode, policy, route_server")
        XCTAssertEqual(error("name: x\nchanges:\n  - member_leaves: AS-FOO\n"),
                       "s.yaml:3: changes[0].member_leaves: expected an AS number like 8960 or AS8960 (1 to 4294967295) (not 'AS-FOO')")
        XCTAssertEqual(error("name: x\nchanges:\n  - export_mode: secondary\n"),
                       "s.yaml:3: changes[0].export_mode: expected an export mode: best, per-client, add-path, evaluate-all (not 'secondary')")
        XCTAssertEqual(error("name: x\nchanges:\n  - set_communities:\n      member: 3216\n      communities:\n        - \"0:8960\"\n        - \"8960:70000\"\n"),
                       "s.yaml:7: changes[0].set_communities.communities[1]: expected a community like 0:8960 (two numbers 0-65535) "
                       + "or 8960:1:210312 (three numbers 0-4294967295), not '8960:70000'")
        XCTAssertEqual(error("name: x\nchanges:\n  - add_communities: {communities: [\"0:1\"]}\n"),
                       "s.yaml:3: changes[0].add_communities.member: missing; expected the member's AS number")
        XCTAssertEqual(error("name: x\nchanges:\n  - remove_communities: {member: 1, communities: [\"0:1\"], prefixes: [10.0.0.0/33]}\n"),
                       "s.yaml:3: changes[0].remove_communities.prefixes[0]: expected a prefix like 193.0.0.0/24 or 2001:db8::/32 (not '10.0.0.0/33')")
        XCTAssertEqual(error("name: x\nchanges:\n  - member_joins:\n      asn: 210312\n      ipv4: 185.1.15.99\n      routes:\n        - {prefix: \"2a0c::/32\"}\n"),
                       "s.yaml:7: changes[0].member_joins.routes[0].prefix: the member has no IPv6 address to send 2a0c::/32 from; add ipv6")
        XCTAssertEqual(error("name: x\nchanges:\n  - member_joins: {asn: 210312, name: N}\n"),
                       "s.yaml:3: changes[0].member_joins.ipv4: missing; expected the member's peering addresses: ipv4 and/or ipv6")
        XCTAssertEqual(error("name: x\nchanges:\n  - member_joins: {asn: 210312, ipv4: \"2001:7f8:7a::99\"}\n"),
                       "s.yaml:3: changes[0].member_joins.ipv4: expected an IPv4 address like 185.1.15.99 or a list of them (not '2001:7f8:7a::99')")
        XCTAssertEqual(error("name: x\nchanges:\n  - policy:\n      prefix_length: {ipv4: {max: 33}}\n"),
                       "s.yaml:4: changes[0].policy.prefix_length.ipv4.max: expected a whole number 0...32 (not '33')")
        XCTAssertEqual(error("name: x\nchanges:\n  - policy:\n      prefix_length: {ipv4: {min: 24, max: 16}}\n"),
                       "s.yaml:4: changes[0].policy.prefix_length.ipv4: min must not be larger than max")
        XCTAssertEqual(error("name: x\nchanges:\n  - policy:\n      bogon_asn: {ranges: [\"1\"]}\n"),
                       "s.yaml:4: changes[0].policy.bogon_asn: only off can be given for bogon_asn in a scenario (parameters can be "
                       + "changed for prefix_length, max_prefix and as_path_length)")
        XCTAssertEqual(error("name: x\nchanges:\n  - policy:\n      max_prefx: {ipv4: 1}\n"),
                       "s.yaml:4: changes[0].policy.max_prefx: unknown key 'max_prefx'; expected one of: "
                       + ImportPolicy.ruleKeys.joined(separator: ", "))
        XCTAssertEqual(error("name: x\nchanges:\n  - policy: {max_prefix: {action: drop}}\n"),
                       "s.yaml:3: changes[0].policy.max_prefix.action: expected an action: disable, restart, block, warn (not 'drop')")
        XCTAssertEqual(error("name: x\nchanges:\n  - member_leaves: 1\n    export_mode: best\n"),
                       "s.yaml:3: changes[0]: expected a change: a mapping with one key, one of: set_communities, add_communities, "
                       + "remove_communities, member_leaves, member_joins, export_mode, policy, route_server")
    }

    func testSyntaxErrorsNameTheLine() {
        let message = error("name: x\nchanges:\n  - member_leaves: [1\n  - export_mode: best\n")
        XCTAssertTrue(message.hasPrefix("s.yaml:"), message)
        XCTAssertTrue(message.contains("not valid YAML"), message)
        XCTAssertEqual(error(""), "s.yaml:1: the file is empty; expected name, description and changes")
        XCTAssertTrue(error("name: x\nname: y\nchanges:\n  - member_leaves: 1\n").contains("appears twice"))
    }

    func testLoadNamesAMissingFile() {
        XCTAssertThrowsError(try Scenario.load(path: "/nonexistent/s.yaml")) { e in
            XCTAssertEqual((e as? ConfigurationFileError)?.description,
                           "/nonexistent/s.yaml: cannot read the scenario file: no such file; check the path")
        }
    }

    // MARK: - The shipped examples

    static var examples: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("data/scenarios").path
    }

    func testShippedExamplesLoad() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.examples).filter { $0.hasSuffix(".yaml") }.sorted()
        XCTAssertGreaterThanOrEqual(files.count, 3)
        var kinds = Set<String>()
        for f in files {
            let s = try Scenario.load(path: "\(Self.examples)/\(f)")
            XCTAssertFalse(s.description.isEmpty, f)
            kinds.formUnion(s.changes.map(\.kind))
        }
        XCTAssertEqual(kinds, Set(ScenarioChange.kinds), "between them the examples use every change kind")
    }
}
