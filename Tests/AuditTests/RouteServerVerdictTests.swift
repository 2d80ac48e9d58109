@testable import Audit
import BGP
import MRT
import Job
import RouteServer
import Routing
import XCTest

/// rs-filter-mismatch: the route server's reject tags (arouteserver's RS:65520:code, RS
/// AS8960) against the smarthub-ix import policy, worked by hand on LeakDay's members
/// A AS3216 .21 and B AS8359 .30.
final class RouteServerVerdictTests: XCTestCase {
    let a = LeakDay.a, b = LeakDay.b
    let tags = RejectTags.arouteserver(routeServerASN: ASN(8960))

    func own(_ speaker: BGPSpeaker, _ path: [UInt32]? = nil, _ communities: String = "") -> PathAttributes {
        LeakDay.attributes(path ?? [speaker.asn.rawValue], nextHop: speaker.address.description, communities: communities)
    }

    /// The day of the hand-worked case; each line says what the route server and the policy
    /// decide.
    func day() -> LeakDay {
        var day = LeakDay()
        // accepted by both
        day.rib(a, "193.0.0.0/21", own(a))
        // both reject: tags 0 (generic) and 2 (bogon-prefix); the policy: bogon-prefix
        day.rib(a, "10.1.0.0/16", own(a, nil, "8960:65520:0 8960:65520:2"))
        // rs-accepted: no tag; the policy: prefix-too-long (/25 is longer than /24)
        day.rib(a, "193.0.8.0/25", own(a))
        // accepted by both: 8960:1101:3 is IXP Manager's bogon tag, not one of this scheme
        day.rib(a, "193.0.16.0/21", own(a, nil, "8960:1101:3"))
        // both reject: tag 8 (transit-free-asn); the policy: transit-free-asn (AS174)
        day.rib(b, "194.0.0.0/16", own(b, [8359, 174, 9002], "8960:65520:8"))
        // rs-accepted: the route server's filter lacks the transit-free rule here (no tag)
        day.rib(b, "194.1.0.0/16", own(b, [8359, 174]))
        // rs-rejected: tag 9 (IRR: no rule of the policy); the policy accepts it
        day.rib(b, "195.0.0.0/16", own(b, nil, "8960:65520:9"))
        // different-reason: tag 6 (first-as); the policy: next-hop (A's address), first AS is B
        day.rib(b, "195.1.0.0/16", LeakDay.attributes([8359], nextHop: "185.1.15.21", communities: "8960:65520:6"))
        // rs-rejected: only the generic tag 0; the policy accepts it
        day.rib(b, "195.2.0.0/16", own(b, nil, "8960:65520:0"))
        return day
    }

    func inputs(_ day: LeakDay, tags: RejectTags?) throws -> AuditInputs {
        var inputs = try day.inputs()
        inputs.job.ixp.communities.rejectTags = tags
        let server = inputs.job.ixp.routeServers[0]
        inputs.simulation = [RouteServerSimulation.run(RouteServerRIB(rib: inputs.rib, source: "rs1"), scheme: inputs.job.ixp.communities,
                                                       policy: server.effectivePolicy(inputs.policy), members: inputs.members)]
        return inputs
    }

    func testEachRouteComparedByHand() throws {
        let inputs = try inputs(day(), tags: tags)
        let result = inputs.simulation[0]
        let verdict = RouteServerVerdict.compare(result.rib, result.importResult, tags: tags)
        XCTAssertEqual(verdict.routes, 9)
        // tagged: 10.1.0.0/16, 194.0.0.0/16, 195.0.0.0/16, 195.1.0.0/16, 195.2.0.0/16
        XCTAssertEqual(verdict.tagged, 5)
        let got = verdict.differences.map { d in
            "\(result.rib.routes[d.route].prefix) \(d.kind) \(d.codes) \(d.policyRules.map(\.rawValue))"
        }.sorted()
        XCTAssertEqual(got, [
            "193.0.8.0/25 rs-accepted [] [\"prefix-too-long\"]",
            "194.1.0.0/16 rs-accepted [] [\"transit-free-asn\"]",
            "195.0.0.0/16 rs-rejected [9] []",
            "195.1.0.0/16 different-reason [6] [\"next-hop\"]",
            "195.2.0.0/16 rs-rejected [0] []",
        ])
    }

    func testOneFindingPerMemberAndKindWithCountsPerRule() throws {
        let result = Audit.run(try inputs(day(), tags: tags))
        let findings = LeakDay.findings(result.findings, .rsFilterMismatch)
        // A: rs-accepted (1 route). B: rs-accepted (1), rs-rejected (2), different-reason (1).
        XCTAssertEqual(findings.map { "AS\($0.member!) \($0.evidence.prefix { $0 != ":" }) \($0.count)" }.sorted(), [
            "AS3216 rs-accepted 1", "AS8359 different-reason 1", "AS8359 rs-accepted 1", "AS8359 rs-rejected 2",
        ])
        let rejected = try XCTUnwrap(findings.first { $0.member == ASN(8359) && $0.evidence.hasPrefix("rs-rejected") })
        XCTAssertTrue(rejected.evidence.contains("codes 0 (no rule of the policy) 1, 9 (no rule of the policy) 1"), rejected.evidence)
        XCTAssertEqual(rejected.routes.map(\.prefix.description), ["195.0.0.0/16", "195.2.0.0/16"])
        XCTAssertEqual(rejected.routes[0].source, "rs1 185.1.15.30")
        XCTAssertEqual(rejected.prefix, Prefix("195.0.0.0/16"), "the first example")
        let different = try XCTUnwrap(findings.first { $0.evidence.hasPrefix("different-reason") })
        XCTAssertTrue(different.evidence.contains("route server codes 6 (first-as) 1; policy next-hop 1"), different.evidence)
        XCTAssertEqual(different.routes[0].detail, "different-reason: route server rejected, codes 6 (first-as); policy rejected by next-hop")
        let run = try XCTUnwrap(result.checks.first { $0.check == .rsFilterMismatch })
        XCTAssertEqual(run.status, .ran)
        XCTAssertEqual(run.findings, 4)
    }

    /// The route server's filter matches the policy: every rejected route tagged with a code
    /// of a rule that rejects it, the rest untagged. Ran, nothing found.
    func testAConsistentRouteServerIsClean() throws {
        var day = LeakDay()
        day.rib(a, "193.0.0.0/21", own(a))
        day.rib(a, "10.1.0.0/16", own(a, nil, "8960:65520:0 8960:65520:2"))
        day.rib(a, "193.0.8.0/25", own(a, nil, "8960:65520:0 8960:65520:13"))
        let result = Audit.run(try inputs(day, tags: tags))
        XCTAssertEqual(LeakDay.findings(result.findings, .rsFilterMismatch).count, 0)
        XCTAssertEqual(result.checks.first { $0.check == .rsFilterMismatch }?.status, .ran)
    }

    /// No tag anywhere while the scheme says the route server tags: not run, never clean,
    /// though the policy rejects a route (the route server may simply drop what it rejects).
    func testNoTagAtAllIsNotRun() throws {
        var day = LeakDay()
        day.rib(a, "193.0.0.0/21", own(a))
        day.rib(a, "10.1.0.0/16", own(a))
        let result = Audit.run(try inputs(day, tags: tags))
        XCTAssertEqual(LeakDay.findings(result.findings, .rsFilterMismatch).count, 0)
        guard case let .notRun(reason)? = result.checks.first(where: { $0.check == .rsFilterMismatch })?.status else {
            return XCTFail("rs-filter-mismatch ran on a route server without a single tag")
        }
        XCTAssertTrue(reason.contains("no route of rs1 carries a reject tag 8960:65520:code"), reason)
    }

    func testNoRejectTagsInTheSchemeIsNotRun() throws {
        let result = Audit.run(try inputs(day(), tags: nil))
        guard case let .notRun(reason)? = result.checks.first(where: { $0.check == .rsFilterMismatch })?.status else {
            return XCTFail("rs-filter-mismatch ran without reject tags in the scheme")
        }
        XCTAssertTrue(reason.contains("sets no reject_tags"), reason)
    }

    /// IXP Manager's codes: RS:1101:1 is a prefix too long, 1101:7 a first AS not the peer.
    func testIXPManagerCodes() throws {
        let ixpManager = RejectTags.ixpManager(routeServerASN: ASN(8960))
        var day = LeakDay()
        // both reject: 1101:1 (prefix-too-long); the policy: prefix-too-long
        day.rib(a, "193.0.8.0/25", own(a, nil, "8960:1101:1"))
        // different-reason: 1101:7 (first-as); the policy: bogon-prefix only
        day.rib(a, "10.1.0.0/16", own(a, nil, "8960:1101:7"))
        let inputs = try inputs(day, tags: ixpManager)
        let verdict = RouteServerVerdict.compare(inputs.simulation[0].rib, inputs.simulation[0].importResult, tags: ixpManager)
        XCTAssertEqual(verdict.differences.map(\.kind), [.differentReason])
        XCTAssertEqual(verdict.differences.map(\.codes), [[7]])
    }
}
