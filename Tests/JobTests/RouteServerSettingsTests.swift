import BGP
import Job
import XCTest

/// The route servers' implementation and its knobs in the job file and a scenario, and the
/// errors for what does not fit.
final class RouteServerSettingsTests: XCTestCase {
    /// The test job of `JobFileTests` with `settings` (YAML lines) added to rs1.
    func job(_ settings: [String]) throws -> JobFile {
        try JobFile.parse(yaml: JobFileTests.yaml([7: (["      ipv6: \"2001:7f8:7a::8960:1\""] + settings.map { "      " + $0 })
            .joined(separator: "\n")]), baseDirectory: nil)
    }

    func failure(_ settings: [String]) -> String {
        do {
            _ = try job(settings)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    func testWithoutSettingsARouteServerIsBIRDWithItsDefaultTables() throws {
        let rs = try job([]).ixp.routeServers[0]
        XCTAssertEqual(rs.implementation, .bird(secondary: false))
        XCTAssertNil(rs.maxPrefix)
        XCTAssertEqual(try rs.exportMode(named: nil), .best)
    }

    func testEachImplementationWithItsKnobs() throws {
        XCTAssertEqual(try job(["implementation: bird", "secondary: true"]).ixp.routeServers[0].implementation, .bird(secondary: true))
        let openbgpd = try job(["implementation: openbgpd", "evaluate: all"]).ixp.routeServers[0]
        XCTAssertEqual(openbgpd.implementation, .openbgpd(evaluateAll: true))
        XCTAssertEqual(try openbgpd.exportMode(named: nil), .evaluateAll)
        XCTAssertEqual(try job(["implementation: openbgpd"]).ixp.routeServers[0].implementation, .openbgpd(evaluateAll: false))
        let limited = try job(["max_prefix: {count: received, action: restart}"]).ixp.routeServers[0]
        XCTAssertEqual(limited.maxPrefix, MaxPrefixRule.Behaviour(counting: .received, action: .restart))
        // OpenBGPD's only way when the job says nothing more: received, session closed.
        let closes = try job(["implementation: openbgpd", "max_prefix: {action: restart}"]).ixp.routeServers[0]
        XCTAssertEqual(closes.maxPrefix, MaxPrefixRule.Behaviour(counting: .received, action: .restart))
    }

    func testUnknownImplementationAndKnobs() {
        XCTAssertTrue(failure(["implementation: gobgp"]).contains("bird or openbgpd"), failure(["implementation: gobgp"]))
        XCTAssertTrue(failure(["rde: all"]).contains("rde"), failure(["rde: all"]))
        XCTAssertTrue(failure(["implementation: openbgpd", "evaluate: some"]).contains("default or all"))
        XCTAssertTrue(failure(["max_prefix: {count: filtered}"]).contains("received (before the import filter) or accepted"))
        XCTAssertTrue(failure(["max_prefix: {action: shutdown}"]).contains("disable, restart, block, warn"))
    }

    func testAKnobOfTheOtherImplementationIsAnErrorNamingBoth() {
        let secondary = failure(["implementation: openbgpd", "secondary: true"])
        XCTAssertTrue(secondary.contains("secondary is a BIRD setting and this route server runs OpenBGPD"), secondary)
        XCTAssertTrue(secondary.hasPrefix("job.yaml:9: ixp.route_servers[0].secondary:"), secondary)
        let evaluate = failure(["evaluate: all"])
        XCTAssertTrue(evaluate.contains("evaluate is an OpenBGPD setting (rde evaluate) and this route server runs BIRD"), evaluate)
        let accepted = failure(["implementation: openbgpd", "max_prefix: {count: accepted}"])
        XCTAssertTrue(accepted.contains("count: accepted is BIRD's import limit"), accepted)
        let warn = failure(["implementation: openbgpd", "max_prefix: {action: warn}"])
        XCTAssertTrue(warn.contains("OpenBGPD closes the session over max-prefix (no warn action)"), warn)
    }

    func testModeNamesAreThoseOfTheImplementation() throws {
        let bird = try job([]).ixp.routeServers[0], openbgpd = try job(["implementation: openbgpd"]).ixp.routeServers[0]
        XCTAssertEqual(try bird.exportMode(named: "best"), .best)
        XCTAssertEqual(try bird.exportMode(named: "per-client"), .perClient)
        XCTAssertEqual(try bird.exportMode(named: "secondary"), .perClient)
        XCTAssertEqual(try bird.exportMode(named: "add-path"), .addPath)
        XCTAssertEqual(try openbgpd.exportMode(named: "default"), .best)
        XCTAssertEqual(try openbgpd.exportMode(named: "evaluate-all"), .evaluateAll)
        XCTAssertThrowsError(try bird.exportMode(named: "evaluate-all")) { error in
            XCTAssertEqual("\(error)", "--mode evaluate-all: route server rs1 runs BIRD, whose modes are best, per-client, secondary, "
                + "add-path; 'evaluate-all' is OpenBGPD's evaluate-all mode (set implementation: openbgpd in the job file"
                + " or use a scenario's route_server change to see it)")
        }
        XCTAssertThrowsError(try openbgpd.exportMode(named: "secondary"))
    }

    func testTheRouteServersOwnMaxPrefixWayOverThePolicys() throws {
        var policy = ImportPolicy(name: "test")
        policy.maxPrefix = MaxPrefixRule(clause: "S4", ipv4: 10, action: .block)
        let bird = try job([]).ixp.routeServers[0]
        XCTAssertEqual(bird.effectivePolicy(policy).maxPrefix?.behaviour, MaxPrefixRule.Behaviour(counting: .accepted, action: .block))
        let openbgpd = try job(["implementation: openbgpd"]).ixp.routeServers[0]
        XCTAssertEqual(openbgpd.effectivePolicy(policy).maxPrefix?.behaviour, MaxPrefixRule.Behaviour(counting: .received, action: .disable))
        XCTAssertEqual(openbgpd.effectivePolicy(policy).maxPrefix?.ipv4, 10)
        let warn = try job(["max_prefix: {count: received, action: warn}"]).ixp.routeServers[0]
        XCTAssertEqual(warn.effectivePolicy(policy).maxPrefix?.behaviour, MaxPrefixRule.Behaviour(counting: .received, action: .warn))
    }

    func testAScenarioSwitchesTheImplementation() throws {
        let s = try Scenario.parse(yaml: """
            name: rs2-openbgpd
            changes:
              - route_server: {implementation: openbgpd, evaluate: all}
            """)
        XCTAssertEqual(s.changes, [.routeServer(.openbgpd(evaluateAll: true), maxPrefix: nil)])
        XCTAssertThrowsError(try Scenario.parse(yaml: """
            name: wrong
            changes:
              - route_server: {implementation: bird, evaluate: all}
            """))
    }

    /// `control_communities`: strip by default (the export filters IXPs generate delete them),
    /// keep when the job says so, and an error naming both words for anything else.
    func testControlCommunitiesAreStrippedUnlessKept() throws {
        XCTAssertEqual(try job([]).ixp.routeServers[0].controlCommunities, .strip)
        XCTAssertEqual(try job(["control_communities: keep"]).ixp.routeServers[0].controlCommunities, .keep)
        XCTAssertEqual(try job(["control_communities: strip"]).ixp.routeServers[0].controlCommunities, .strip)
        let error = failure(["control_communities: drop"])
        XCTAssertTrue(error.contains("strip") && error.contains("keep") && error.contains("drop"), error)
    }
}
