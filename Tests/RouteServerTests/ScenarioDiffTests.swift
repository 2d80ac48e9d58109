import BGP
import Job
import Routing
import RouteServer
import XCTest

/// Hand-worked what-if scenarios. Members on rs1 (AS8960, arouteserver profile, smarthub-ix
/// policy): A AS3216 .21, B AS8359 .30, C AS8447 .31, D AS8342 .32, E AS196608 .40 (4-byte).
/// Each test writes out the baseline export, the scenario's, and the rows that must differ
/// (sender, prefix, receiver: before -> after).
final class ScenarioDiffTests: FiveMemberTestCase {
    var members: MemberDirectory {
        MemberDirectory([Member(asn: a, name: "Alpha", ipv4: [IPAddress("185.1.15.21")!]),
                         Member(asn: b, name: "Bravo", ipv4: [IPAddress("185.1.15.30")!]),
                         Member(asn: c, name: "Charlie", ipv4: [IPAddress("185.1.15.31")!]),
                         Member(asn: d, name: "Delta", ipv4: [IPAddress("185.1.15.32")!]),
                         Member(asn: e, name: "Echo", ipv4: [IPAddress("185.1.15.40")!])])
    }

    func inputs(_ rib: RIBBuilder, mode: ExportMode = .best) -> SimulationInputs {
        SimulationInputs(rib: rib.rib, scheme: .defaults(routeServerASN: ASN(8960)), policy: policy, members: members, mode: mode)
    }

    func diff(_ rib: RIBBuilder, mode: ExportMode = .best, _ yaml: String) throws -> ScenarioDiff {
        try Scenario.parse(yaml: "name: test\nchanges:\n" + yaml, file: "test.yaml").run(on: inputs(rib, mode: mode))
    }

    /// Rows as `sender prefix receiver: before -> after` (routes as `AS<n> [path]`, `-` for none).
    func lines(_ d: ScenarioDiff) -> [String] {
        d.rows.map { "\($0.sender) \($0.prefix) \($0.receiver): \($0.before?.description ?? "-") -> \($0.after?.description ?? "-")" }
    }

    // MARK: - Communities

    func testOpenToRestrictivePlusIncludeLosesExactlyTheReceiversNotIncluded() throws {
        // A sends 193.0.0.0/24 and 194.0.0.0/24 open. Before: each to B C D E.
        // Scenario: A sets 0:8960 8960:8359 8960:8447 (restrictive + include B, C) on all its
        // routes. After: each to B C only. Rows: D and E lose both prefixes (4 rows, all lost);
        // B and C see no change.
        var (rib, s) = builder()
        rib.route(s[0], "193.0.0.0/24")
        rib.route(s[0], "194.0.0.0/24", communities: "8960:8960")
        let result = try diff(rib, """
              - set_communities: {member: 3216, communities: ["0:8960", "8960:8359", "8960:8447"]}
            """)
        XCTAssertEqual(lines(result), [
            "3216 193.0.0.0/24 8342: AS3216 [3216] -> -",
            "3216 193.0.0.0/24 196608: AS3216 [3216] -> -",
            "3216 194.0.0.0/24 8342: AS3216 [3216] -> -",
            "3216 194.0.0.0/24 196608: AS3216 [3216] -> -",
        ])
        // The receivers lost are exactly those not included: everyone but A itself, B and C.
        let included: Set<ASN> = [b, c]
        let lostReceivers = Set(result.rows.map(\.receiver))
        XCTAssertEqual(lostReceivers, Set([b, c, d, e]).subtracting(included))
        let alpha = try XCTUnwrap(result.member(a))
        XCTAssertEqual([alpha.lostAsSender, alpha.receiversLost, alpha.gainedAsSender], [4, 2, 0])
        XCTAssertEqual(result.member(d)?.lostAsReceiver, 2)
        XCTAssertEqual(result.member(e)?.lostAsReceiver, 2)
        XCTAssertNil(result.member(b))
        XCTAssertNil(result.member(c))
        XCTAssertEqual(result.members.map(\.name), ["Alpha", "Delta", "Echo"])
    }

    func testSetLargeCommunityOnlyForListedPrefixes() throws {
        // A sends 193.0.0.0/24 and 194.0.0.0/24 open. Scenario: only on 194.0.0.0/24, set
        // 0:8960 8960:1:196608 (restrictive, include E by the large form: E has a 4-byte ASN).
        // 193 is untouched; 194 now goes to E only: B, C and D lose it (3 rows).
        var (rib, s) = builder()
        rib.route(s[0], "193.0.0.0/24")
        rib.route(s[0], "194.0.0.0/24")
        let result = try diff(rib, """
              - set_communities:
                  member: AS3216
                  communities: "0:8960 8960:1:196608"
                  prefixes: [194.0.0.0/24]
            """)
        XCTAssertEqual(lines(result), [
            "3216 194.0.0.0/24 8342: AS3216 [3216] -> -",
            "3216 194.0.0.0/24 8359: AS3216 [3216] -> -",
            "3216 194.0.0.0/24 8447: AS3216 [3216] -> -",
        ])
        XCTAssertEqual(result.notes, [])
    }

    func testAddCommunitiesKeepsTheOthers() throws {
        // A sends 193.0.0.0/24 with 8960:8960 (open). Adding 0:8342 (exclude D) gives open +
        // exclude: only D loses it.
        var (rib, s) = builder()
        rib.route(s[0], "193.0.0.0/24", communities: "8960:8960")
        let result = try diff(rib, """
              - add_communities: {member: 3216, communities: ["0:8342"]}
            """)
        XCTAssertEqual(lines(result), ["3216 193.0.0.0/24 8342: AS3216 [3216] -> -"])
    }

    func testRemoveCommunities() throws {
        // A sends 193.0.0.0/24 with 0:8960 8960:8359: only B. Removing 0:8960 leaves include
        // without restrictive, which is open: C, D and E gain it; B keeps it (3 rows, gained).
        var (rib, s) = builder()
        rib.route(s[0], "193.0.0.0/24", communities: "0:8960 8960:8359")
        let result = try diff(rib, """
              - remove_communities: {member: 3216, communities: ["0:8960"]}
            """)
        XCTAssertEqual(lines(result), [
            "3216 193.0.0.0/24 8342: - -> AS3216 [3216]",
            "3216 193.0.0.0/24 8447: - -> AS3216 [3216]",
            "3216 193.0.0.0/24 196608: - -> AS3216 [3216]",
        ])
        XCTAssertEqual(result.member(a)?.receiversGained, 3)
        XCTAssertEqual(result.gained, 3)
    }

    func testCommunityChangeForAMemberWithoutSessionIsANote() throws {
        var (rib, s) = builder()
        rib.route(s[0], "193.0.0.0/24")
        let result = try diff(rib, """
              - add_communities: {member: 64999, communities: ["0:8960"]}
              - add_communities: {member: 3216, communities: ["0:8342"], prefixes: [9.9.9.0/24]}
            """)
        XCTAssertEqual(result.rows, [])
        XCTAssertEqual(result.notes, ["test.yaml:3: add_communities: AS64999 has no session on rs1; nothing changed",
                                      "test.yaml:4: add_communities: AS3216 sends no route for 9.9.9.0/24 on rs1"])
    }

    // MARK: - Members

    func testMemberLeaves() throws {
        // 193.0.0.0/24 from A; 194.0.0.0/24 from B; 195.0.0.0/24 from B (path [8359]) and A
        // (path [3216 3216]), all open; best mode.
        // Before: 193 A -> B C D E; 194 B -> A C D E; 195 B's (shorter) -> A C D E, and A's
        //         route is not the best so nobody gets it.
        // B leaves. After: 193 A -> C D E; 194 gone; 195 A's -> C D E.
        // Rows: 193 A->B lost; 194 B->A,C,D,E lost; 195 B->A,C,D,E lost; 195 A->C,D,E gained.
        var (rib, s) = builder()
        rib.route(s[0], "193.0.0.0/24")
        rib.route(s[1], "194.0.0.0/24")
        rib.route(s[1], "195.0.0.0/24")
        rib.route(s[0], "195.0.0.0/24", path: [3216, 3216])
        let result = try diff(rib, """
              - member_leaves: 8359
            """)
        XCTAssertEqual(lines(result), [
            "3216 193.0.0.0/24 8359: AS3216 [3216] -> -",
            "3216 195.0.0.0/24 8342: - -> AS3216 [3216 3216]",
            "3216 195.0.0.0/24 8447: - -> AS3216 [3216 3216]",
            "3216 195.0.0.0/24 196608: - -> AS3216 [3216 3216]",
            "8359 194.0.0.0/24 3216: AS8359 [8359] -> -",
            "8359 194.0.0.0/24 8342: AS8359 [8359] -> -",
            "8359 194.0.0.0/24 8447: AS8359 [8359] -> -",
            "8359 194.0.0.0/24 196608: AS8359 [8359] -> -",
            "8359 195.0.0.0/24 3216: AS8359 [8359] -> -",
            "8359 195.0.0.0/24 8342: AS8359 [8359] -> -",
            "8359 195.0.0.0/24 8447: AS8359 [8359] -> -",
            "8359 195.0.0.0/24 196608: AS8359 [8359] -> -",
        ])
        let alpha = try XCTUnwrap(result.member(a)), bravo = try XCTUnwrap(result.member(b)), charlie = try XCTUnwrap(result.member(c))
        XCTAssertEqual([alpha.gainedAsSender, alpha.receiversGained, alpha.lostAsSender, alpha.gainedAsReceiver, alpha.lostAsReceiver],
                       [3, 3, 1, 0, 2])
        XCTAssertEqual([bravo.lostAsSender, bravo.receiversLost, bravo.lostAsReceiver], [8, 4, 1])
        XCTAssertEqual([charlie.gainedAsReceiver, charlie.lostAsReceiver], [1, 2])
        XCTAssertEqual([result.gained, result.lost, result.changed], [3, 9, 0])
    }

    func testMemberJoinsWithRoutes() throws {
        // A sends 193.0.0.0/24 open. AS210312 joins at .99 with 81.2.0.0/24, path
        // [210312 201234], only to A (0:8960 8960:3216).
        // After: A's route also goes to the newcomer (gained), the newcomer's to A (gained).
        var (rib, s) = builder()
        rib.route(s[0], "193.0.0.0/24")
        let result = try diff(rib, """
              - member_joins:
                  asn: 210312
                  name: Newcomer
                  ipv4: 185.1.15.99
                  routes:
                    - {prefix: 81.2.0.0/24, as_path: [210312, 201234], communities: ["0:8960", "8960:3216"]}
            """)
        XCTAssertEqual(lines(result), [
            "3216 193.0.0.0/24 210312: - -> AS3216 [3216]",
            "210312 81.2.0.0/24 3216: - -> AS210312 [210312 201234]",
        ])
        XCTAssertEqual(result.member(ASN(210_312))?.name, "Newcomer")
        XCTAssertEqual(result.member(ASN(210_312))?.gainedAsSender, 1)
        XCTAssertEqual(result.member(ASN(210_312))?.gainedAsReceiver, 1)
    }

    func testJoiningAnExistingMemberIsANote() throws {
        var (rib, s) = builder()
        rib.route(s[0], "193.0.0.0/24")
        let result = try diff(rib, """
              - member_joins: {asn: 8359, ipv4: 185.1.15.98}
              - member_joins: {asn: 210312, ipv4: 185.1.15.30}
            """)
        XCTAssertEqual(result.rows, [])
        XCTAssertEqual(result.notes.count, 2)
        XCTAssertTrue(result.notes[0].hasPrefix("test.yaml:3: member_joins: AS8359 is already a member"), result.notes[0])
        XCTAssertTrue(result.notes[1].contains("185.1.15.30 is the address of AS8359's session"), result.notes[1])
    }

    // MARK: - Export mode

    /// B sends 193.0.0.0/24 (path [8359]) only to C; A sends it (path [3216 3216]) open.
    /// 194.0.0.0/24 from A alone, open: the same in every mode.
    func hiddenPathRIB() -> RIBBuilder {
        var (rib, s) = builder()
        rib.route(s[1], "193.0.0.0/24", communities: "0:8960 8960:8447")
        rib.route(s[0], "193.0.0.0/24", path: [3216, 3216])
        rib.route(s[0], "194.0.0.0/24")
        return rib
    }

    func testBestToPerClientGainsExactlyTheHiddenPaths() throws {
        // Best: B's route wins 193 and reaches C only; B (its own best), D, E get nothing.
        // Per-client: C keeps B's; B, D, E get A's. Rows: A's 193 gained by B, D, E.
        let rib = hiddenPathRIB()
        let result = try diff(rib, """
              - export_mode: per-client
            """)
        XCTAssertEqual(lines(result), [
            "3216 193.0.0.0/24 8342: - -> AS3216 [3216 3216]",
            "3216 193.0.0.0/24 8359: - -> AS3216 [3216 3216]",
            "3216 193.0.0.0/24 196608: - -> AS3216 [3216 3216]",
        ])
        // Exactly the baseline's hidden paths, prefix by receiver.
        let baseline = inputs(rib).simulate()
        let hidden = Set(baseline.hiddenPaths.flatMap { h in h.receiverASNs.map { "\(h.prefix) \($0)" } })
        XCTAssertEqual(Set(result.rows.map { "\($0.prefix) \($0.receiver)" }), hidden)
        XCTAssertTrue(result.rows.allSatisfy { $0.change == .gained })
        XCTAssertEqual(result.modeBefore, .best)
        XCTAssertEqual(result.modeAfter, .perClient)
    }

    func testPerClientToAddPath() throws {
        // Per-client: C gets B's 193 only. Add-path: C also gets A's (one row, gained);
        // everyone else already had the only route allowed to it.
        let result = try diff(hiddenPathRIB(), mode: .perClient, """
              - export_mode: add-path
            """)
        XCTAssertEqual(lines(result), ["3216 193.0.0.0/24 8447: - -> AS3216 [3216 3216]"])
    }

    func testSameModeAgainChangesNothing() throws {
        let result = try diff(hiddenPathRIB(), """
              - export_mode: best
            """)
        XCTAssertEqual(result.rows, [])
        XCTAssertEqual(result.notes, ["test.yaml:3: export_mode: the route server already exports in best mode"])
        XCTAssertTrue(result.markdownSummary().contains("No member gains or loses a route."))
    }

    // MARK: - Policy

    func testPrefixLengthTightenedAndRelaxed() throws {
        // A sends 193.0.0.0/24 and 194.0.0.0/25 (too long for smarthub-ix's /24: rejected).
        // IPv4 max 23: 193/24 rejected now (B C D E lose it), 194/25 still rejected.
        // IPv4 max 25: 194/25 accepted (B C D E gain it).
        var (rib, s) = builder()
        rib.route(s[0], "193.0.0.0/24")
        rib.route(s[0], "194.0.0.0/25")
        let tighter = try diff(rib, """
              - policy: {prefix_length: {ipv4: {max: 23}}}
            """)
        XCTAssertEqual(tighter.rows.map { "\($0.prefix) \($0.receiver) \($0.change)" },
                       ["193.0.0.0/24 8342 lost", "193.0.0.0/24 8359 lost", "193.0.0.0/24 8447 lost", "193.0.0.0/24 196608 lost"])
        let looser = try diff(rib, """
              - policy: {prefix_length: {ipv4: {max: 25}}}
            """)
        XCTAssertEqual(looser.rows.map { "\($0.prefix) \($0.receiver) \($0.change)" },
                       ["194.0.0.0/25 8342 gained", "194.0.0.0/25 8359 gained", "194.0.0.0/25 8447 gained", "194.0.0.0/25 196608 gained"])
    }

    func testMaxPrefixBlockAndDisable() throws {
        // smarthub-ix has max-prefix with no default limit. A sends 193.0.0.0/24 (first seen
        // 1) and 194.0.0.0/24 (first seen 2); B sends 195.0.0.0/24.
        // ipv4 limit 1, block: A keeps its first route; 194 is lost by B C D E (4 rows).
        // ipv4 limit 1, disable (the preset's action): A's session goes down: both lost by
        // B C D E (8 rows), and A, whose session is closed, no longer gets B's 195.0.0.0/24
        // (1 row). B (one route) is within the limit either way.
        var (rib, s) = builder()
        rib.route(s[0], "193.0.0.0/24", firstSeen: 1)
        rib.route(s[0], "194.0.0.0/24", firstSeen: 2)
        rib.route(s[1], "195.0.0.0/24")
        let block = try diff(rib, """
              - policy: {max_prefix: {ipv4: 1, action: block}}
            """)
        XCTAssertEqual(Set(block.rows.map { "\($0.sender) \($0.prefix) \($0.change)" }), ["3216 194.0.0.0/24 lost"])
        XCTAssertEqual(block.rows.count, 4)
        let disable = try diff(rib, """
              - policy:
                  max_prefix:
                    ipv4: 1
            """)
        XCTAssertEqual(Set(disable.rows.map { "\($0.sender) \($0.prefix) \($0.change)" }),
                       ["3216 193.0.0.0/24 lost", "3216 194.0.0.0/24 lost", "8359 195.0.0.0/24 lost"])
        XCTAssertEqual(disable.rows.count, 9)
    }

    func testRuleSwitchedOff() throws {
        // A sends 193.0.0.0/24 with B's address as next hop: rejected (third-party next hop).
        // next_hop: off accepts it: B C D E gain it.
        var (rib, s) = builder()
        rib.route(s[0], "193.0.0.0/24", nextHop: "185.1.15.30")
        let result = try diff(rib, """
              - policy: {next_hop: off}
            """)
        XCTAssertEqual(result.rows.map { "\($0.receiver) \($0.change)" }, ["8342 gained", "8359 gained", "8447 gained", "196608 gained"])
    }

    func testChangesApplyInOrder() throws {
        // A sends 193.0.0.0/24 open. Set restrictive + include B, then remove 0:8960 again:
        // include without restrictive is open, so nothing changes in the end.
        var (rib, s) = builder()
        rib.route(s[0], "193.0.0.0/24")
        let result = try diff(rib, """
              - set_communities: {member: 3216, communities: "0:8960 8960:8359"}
              - remove_communities: {member: 3216, communities: "0:8960"}
            """)
        XCTAssertEqual(result.rows, [])
    }

    // MARK: - Markdown

    func testMarkdownEscaping() {
        XCTAssertEqual(ScenarioDiff.markdownEscaped("a|b*c_d`e<f[g]h"), "a\\|b\\*c\\_d\\`e\\<f\\[g\\]h")
        XCTAssertEqual(ScenarioDiff.markdownEscaped("x\\y > z & #1 ~~s~~ ![i]"), "x\\\\y \\> z \\& \\#1 \\~\\~s\\~\\~ \\!\\[i\\]")
        XCTAssertEqual(ScenarioDiff.markdownEscaped("two\nlines\r\nand\ttab"), "two lines and tab")
        XCTAssertEqual(ScenarioDiff.markdownEscaped("- not a list - here"), "\\- not a list - here")
        XCTAssertEqual(ScenarioDiff.markdownEscaped("Example-Net GmbH (AS1)"), "Example-Net GmbH (AS1)")
    }

    func testMarkdownSummaryEscapesNamesAndCountsPerMember() throws {
        // The joining member's name comes from outside: | and * must not break the table.
        var (rib, s) = builder()
        rib.route(s[0], "193.0.0.0/24")
        let result = try diff(rib, """
              - member_joins: {asn: 210312, name: "Evil | *Net* <script>", ipv4: 185.1.15.99}
            """)
        let md = result.markdownSummary()
        XCTAssertTrue(md.hasPrefix("# Scenario test\n"), md)
        XCTAssertTrue(md.contains("Route server rs1, export mode best: 1 route changed (1 gained, 0 lost, 0 with another path), 2 members affected."), md)
        XCTAssertTrue(md.contains("| AS3216 | Alpha | 1 | 0 | 1 | 0 | 0 | 0 | 0 |"), md)
        XCTAssertTrue(md.contains("| AS210312 | Evil \\| \\*Net\\* \\<script\\> | 0 | 0 | 0 | 0 | 1 | 0 | 0 |"), md)
        // Every table row has the same number of unescaped cell separators.
        let tableRows = md.split(separator: "\n").filter { $0.hasPrefix("| ") }
        let separators = tableRows.map { row -> Int in
            var n = 0, escaped = false
            for ch in row { if ch == "|" && !escaped { n += 1 }; escaped = ch == "\\" && !escaped }
            return n
        }
        XCTAssertEqual(Set(separators), [10])
    }
}

/// The route-by-route difference recomputes each prefix's export; checked against the
/// simulation's own export matrix on a generated RIB: compared with the same sessions and no
/// routes, every delivered route is a gained row, and the rows (with their paths) per sender
/// and receiver add up to the matrix cell, in every mode.
final class ScenarioDiffMatrixTests: XCTestCase {
    func testRowsAddUpToTheExportMatrixInEveryMode() throws {
        let policy = try Presets.load("smarthub-ix")
        var rib = RIBBuilder()
        let asns: [UInt32] = [3216, 8359, 8447, 8342, 196_608, 210_312]
        var sessions: [Int32] = asns.enumerated().map { rib.session($1, "185.1.15.\(20 + $0)") }
        sessions.append(rib.session(3216, "185.1.15.40"))   // a member with two sessions
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {
            seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17
            return Int(seed % UInt64(n))
        }
        let control = ["", "8960:8960", "0:8960 8960:8359", "0:8960 8960:8447 8960:1:210312", "0:8342", "8960:8960 0:8447 0:3216",
                       "0:8960", "8960:8359"]
        for p in 0..<40 {
            for s in sessions where next(3) > 0 {
                let asn = rib.sessions[Int(s)].peerASN.rawValue
                let path = [asn] + (0..<next(3)).map { _ in UInt32(200_000 + next(5)) }
                rib.route(s, "\(81 + p / 10).\(p % 10).0.0/24", path: path, communities: control[next(control.count)],
                          med: UInt32(next(3) * 10), pathID: UInt32(next(2)))
            }
        }
        let scheme = CommunityScheme.defaults(routeServerASN: ASN(8960))
        let full = RouteServerSimulation.run(rib.rib, scheme: scheme, policy: policy, implementation: everyMode)
        let empty = RouteServerSimulation.run(RouteServerRIB(label: "rs1", sessions: rib.sessions, routes: [], attributes: []),
                                              scheme: scheme, policy: policy, implementation: everyMode)
        XCTAssertGreaterThan(full.importResult.acceptedCount, 100)
        for mode in ExportMode.allCases {
            let diff = ScenarioDiff.compare(before: empty, mode: mode, after: full, mode: mode)
            XCTAssertTrue(diff.rows.allSatisfy { $0.change == .gained }, "\(mode)")
            var cells: [String: Int] = [:]
            for row in diff.rows { cells["\(row.sender)>\(row.receiver)", default: 0] += row.after!.paths }
            var matrix: [String: Int] = [:]
            for cell in full.exportMatrix(mode) { matrix["\(cell.sender)>\(cell.receiver)"] = cell.routes }
            XCTAssertEqual(cells, matrix, "\(mode)")
            // And the other way round everything is lost; against itself nothing changes.
            XCTAssertEqual(ScenarioDiff.compare(before: full, mode: mode, after: empty, mode: mode).lost, diff.rows.count)
            XCTAssertEqual(ScenarioDiff.compare(before: full, mode: mode, after: full, mode: mode).rows, [])
        }
    }
}
