@testable import Audit
import BGP
import Job
import RouteServer
import XCTest

/// The community-set problems as the reports name them (docs/rules.md section A, RS AS8960):
/// exclude-and-include for one peer is its own problem, and no text contradicts the audience
/// the profile computes. Each case is worked by hand; the expected answer is in its comment.
final class CommunitySetProblemTests: XCTestCase {
    let rs = ASN(8960)
    /// Every ASN the cases name is a member, so only the mixes are judged.
    let members: Set<ASN> = [ASN(3216), ASN(8359), ASN(8447), ASN(8732)]
    let sender = ASN(3216)

    func problems(_ text: String, _ profile: CommunityProfile) -> [CommunitySetProblem] {
        let scheme = CommunityScheme.defaults(profile: profile, routeServerASN: rs)
        let parts = text.split(separator: " ").map(String.init)
        let intent = CommunityIntent(communities: parts.filter { $0.split(separator: ":").count == 2 }.compactMap { Community($0) },
                                     largeCommunities: parts.filter { $0.split(separator: ":").count == 3 }.compactMap { LargeCommunity($0) },
                                     scheme: scheme)
        let found = intent.problems(sender: sender, isMember: { self.members.contains($0) })
        return CommunitySetProblem.problems(intent, found: found, profile: profile)
    }

    func testOpenWithExcludeAndIncludeOfOnePeer() {
        // 8960:8960 0:8732 8960:8732, arouteserver: exclude is the first step, so AS8732 does
        // not receive it; everyone else does (open except AS8732). One problem,
        // exclude-and-include; no "include without restrictive", no "announced to all".
        let found = problems("8960:8960 0:8732 8960:8732", .arouteserver)
        XCTAssertEqual(found.map(\.kind), [.excludeAndInclude])
        XCTAssertEqual(found.first?.peers, [ASN(8732)])
        XCTAssertEqual(found.first?.description, "exclude and include for the same peer (AS8732): AS8732 does not receive it")
        XCTAssertFalse(found.contains { $0.description.contains("announced to all") })
    }

    func testExcludeAndIncludeWithoutOpenUnderBothProfiles() {
        // 0:8359 8960:8359: arouteserver, exclude first -> open except AS8359. IXP Manager, the
        // standard forms in the order 0:peer, RS:peer -> also open except AS8359.
        for profile in [CommunityProfile.arouteserver, .ixpManager] {
            let found = problems("0:8359 8960:8359", profile)
            XCTAssertEqual(found.map(\.kind), [.excludeAndInclude], "\(profile)")
            XCTAssertEqual(found.first?.description, "exclude and include for the same peer (AS8359): AS8359 does not receive it")
        }
    }

    func testLargeIncludeBeatsStandardExcludeUnderIXPManager() {
        // 8960:1:8359 0:8359, IXP Manager: the large include is decided before the standard
        // exclude, so AS8359 receives it (open). Under arouteserver the exclude step comes
        // first, large and standard forms together: AS8359 does not.
        XCTAssertEqual(problems("8960:1:8359 0:8359", .ixpManager).map(\.description),
                       ["exclude and include for the same peer (AS8359): AS8359 receives it"])
        XCTAssertEqual(problems("8960:1:8359 0:8359", .arouteserver).map(\.description),
                       ["exclude and include for the same peer (AS8359): AS8359 does not receive it"])
    }

    func testRestrictiveWithIncludesOneOfThemAlsoExcluded() {
        // 0:8960 8960:8359 8960:8447 0:8359, arouteserver: only the included, less the
        // excluded: only AS8447. AS8359 is both: exclude-and-include, not exclude-with-restrictive.
        let found = problems("0:8960 8960:8359 8960:8447 0:8359", .arouteserver)
        XCTAssertEqual(found.map(\.kind), [.excludeAndInclude])
        XCTAssertEqual(found.first?.description, "exclude and include for the same peer (AS8359): AS8359 does not receive it")
    }

    func testPeersOnlyIncludedOrOnlyExcludedKeepTheirOwnProblems() {
        // 8960:8960 8960:8359 0:8447 0:8732 8960:8732, arouteserver -> open except AS8447 and
        // AS8732. AS8359 is include without restrictive (it receives it), AS8732 exclude and
        // include (it does not).
        let found = problems("8960:8960 8960:8359 0:8447 0:8732 8960:8732", .arouteserver)
        XCTAssertEqual(found.map(\.kind), [.includeWithoutRestrictive, .excludeAndInclude])
        XCTAssertEqual(found[0].peers, [ASN(8359)])
        XCTAssertTrue(found[0].description.hasSuffix("AS8359 receives it"), found[0].description)
        XCTAssertEqual(found[1].peers, [ASN(8732)])
        // 0:8960 8960:8359 0:8447: only AS8359; AS8447 is exclude with restrictive and does not receive it.
        let restrictive = problems("0:8960 8960:8359 0:8447", .arouteserver)
        XCTAssertEqual(restrictive.map(\.description), ["exclude with restrictive (AS8447): they were not included; AS8447 does not receive it"])
    }

    func testOpenAndRestrictiveNamesTheWinnerOfTheProfile() {
        // 8960:8960 0:8960, arouteserver: block all wins (no one). 8960:1:0 0:8960, IXP Manager:
        // the large open is decided before the standard block, so the route is open.
        XCTAssertEqual(problems("8960:8960 0:8960", .arouteserver).map(\.description),
                       ["open and restrictive together (restrictive wins in the arouteserver order)"])
        XCTAssertEqual(problems("8960:1:0 0:8960", .ixpManager).map(\.description),
                       ["open and restrictive together (open wins in the ixp-manager order)"])
    }

    func testTheControlCommunityFindingAgreesWithItsAudience() throws {
        // End to end on a route of A at rs1: 8960:8960 0:8359 8960:8359 -> one control-community
        // finding of kind exclude-and-include whose evidence says AS8359 does not receive it and
        // that the route servers announce it to "open except AS8359".
        var day = LeakDay()
        day.rib(LeakDay.a, "193.0.0.0/21", LeakDay.attributes([3216, 3333], nextHop: "185.1.15.21", communities: "8960:8960 0:8359 8960:8359"))
        let findings = LeakDay.findings(RouteServerUseAnalysis.run(try day.inputs()), .controlCommunity)
        XCTAssertEqual(findings.count, 1)
        let evidence = try XCTUnwrap(findings.first?.evidence)
        XCTAssertTrue(evidence.contains("exclude and include for the same peer (AS8359): AS8359 does not receive it"), evidence)
        XCTAssertTrue(evidence.contains("announce it to: open except AS8359"), evidence)
        XCTAssertFalse(evidence.contains("include without restrictive"), evidence)
    }
}
