import BGP
import Foundation
import Job
import RouteServer
import XCTest

/// Scenarios applied to simulation inputs: policy changes and a shipped example on a hand RIB.
final class ScenarioApplyTests: XCTestCase {
    func testPolicyChangesApplyToThePolicy() throws {
        // smarthub-ix: IPv4 8-24, IPv6 16-48, max-prefix without limits (disable), AS path 64.
        let policy = try Presets.load("smarthub-ix")
        let s = try Scenario.parse(yaml: """
            name: p
            changes:
              - policy:
                  prefix_length: {ipv4: {max: 23}, ipv6: {min: 19}}
                  max_prefix: {ipv4: 10, action: block}
                  as_path_length: {max: 20}
                  next_hop: off
            """)
        let rib = RouteServerRIB(label: "rs1", sessions: [], routes: [], attributes: [])
        let applied = s.apply(to: SimulationInputs(rib: rib, scheme: .defaults(routeServerASN: ASN(8960)), policy: policy))
        let p = applied.inputs.policy
        XCTAssertEqual(p.prefixLength, PrefixLengthRule(clause: "S3", ipv4: 8...23, ipv6: 19...48))
        XCTAssertEqual(p.maxPrefix, MaxPrefixRule(clause: "S4", ipv4: 10, ipv6: nil, action: .block))
        XCTAssertEqual(p.asPathLength, PathLengthRule(clause: "S4", max: 20))
        XCTAssertNil(p.nextHop)
        XCTAssertEqual(p.firstAS, policy.firstAS)
        XCTAssertEqual(applied.notes, [])
    }

    static var examples: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("data/scenarios").path
    }

    func testRestrictiveExampleOnAHandRIB() throws {
        // data/scenarios/as3216-restrictive-include.yaml: AS3216 switches from open to
        // 0:8960 + include AS8359 and AS8447. With AS3216 sending one open route to four other
        // members (AS8359, AS8447, AS8342, AS196608), AS8342 and AS196608 lose it.
        let s = try Scenario.load(path: "\(Self.examples)/as3216-restrictive-include.yaml")
        var rib = RIBBuilder()
        let a = rib.session(3216, "185.1.15.21")
        for (asn, host) in [(8359, 30), (8447, 31), (8342, 32), (196_608, 40)] { rib.session(UInt32(asn), "185.1.15.\(host)") }
        rib.route(a, "193.0.0.0/24", communities: "8960:8960")
        let diff = s.run(on: SimulationInputs(rib: rib.rib, scheme: .defaults(routeServerASN: ASN(8960)),
                                              policy: try Presets.load("smarthub-ix")))
        XCTAssertEqual(diff.rows.map { "\($0.receiver) \($0.change)" }, ["8342 lost", "196608 lost"])
    }
}
