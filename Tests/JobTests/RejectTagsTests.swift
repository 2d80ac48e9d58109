import BGP
import Job
import XCTest

/// `communities.reject_tags` of the job file: the presets, the IXP's own values, the errors,
/// and what keeping rejected routes does to a BIRD route server's max-prefix count.
final class RejectTagsTests: XCTestCase {
    /// The test job of `JobFileTests` with `lines` (YAML, indented under ixp:) after rs1.
    func job(_ lines: [String]) throws -> JobFile {
        try JobFile.parse(yaml: JobFileTests.yaml([7: (["      ipv6: \"2001:7f8:7a::8960:1\""] + lines).joined(separator: "\n")]),
                          baseDirectory: nil)
    }

    func failure(_ lines: [String]) -> String {
        do {
            _ = try job(lines)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    func testWithoutRejectTagsNothingIsKept() throws {
        let job = try job([])
        XCTAssertNil(job.ixp.communities.rejectTags)
        XCTAssertFalse(job.ixp.routeServers[0].keepsRejectedTagged)
    }

    func testPresets() throws {
        let arouteserver = try XCTUnwrap(try job(["  communities:", "    reject_tags: arouteserver"]).ixp.communities.rejectTags)
        XCTAssertEqual(arouteserver.description, "8960:65520:code")
        XCTAssertEqual(arouteserver.code(of: LargeCommunity(8960, 65520, 8)), 8)
        XCTAssertNil(arouteserver.code(of: LargeCommunity(8960, 1101, 8)))
        XCTAssertNil(arouteserver.code(of: LargeCommunity(65000, 65520, 8)), "another ASN's tag")
        XCTAssertEqual(arouteserver.rules(8), [.transitFreeASN])
        XCTAssertEqual(arouteserver.rules(13), [.prefixTooLong, .prefixTooShort, .defaultRoute])
        XCTAssertEqual(arouteserver.rules(9), [], "IRR: no rule of the policy")
        let ixpManager = try XCTUnwrap(try job(["  communities:", "    reject_tags: ixp-manager"]).ixp.communities.rejectTags)
        XCTAssertEqual(ixpManager.description, "8960:1101:code")
        XCTAssertEqual(ixpManager.rules(8), [.nextHop])
        XCTAssertEqual(ixpManager.rules(14), [.transitFreeASN])
    }

    func testTheIXPsOwnTagAndCodes() throws {
        let tags = try XCTUnwrap(try job([
            "  communities:",
            "    reject_tags:",
            "      preset: arouteserver",
            "      community: \"64500:666:code\"",
            "      codes: {\"8\": other, \"20\": [bogon-asn, first-as], \"21\": next-hop}",
        ]).ixp.communities.rejectTags)
        XCTAssertEqual(tags.description, "64500:666:code")
        XCTAssertEqual(tags.rules(8), [], "replaced by the job's own meaning")
        XCTAssertEqual(tags.rules(20), [.bogonASN, .firstAS])
        XCTAssertEqual(tags.rules(21), [.nextHop])
        XCTAssertEqual(tags.rules(2), [.bogonPrefix], "the preset's other codes stay")
    }

    func testErrorsNameTheFieldAndWhatIsExpected() {
        let preset = failure(["  communities:", "    reject_tags: bird"])
        XCTAssertTrue(preset.contains("ixp.communities.reject_tags"), preset)
        XCTAssertTrue(preset.contains("arouteserver or ixp-manager"), preset)
        let community = failure(["  communities:", "    reject_tags: {community: \"8960:65520:7\"}"])
        XCTAssertTrue(community.contains("ixp.communities.reject_tags.community"), community)
        XCTAssertTrue(community.contains("last field is code"), community)
        let missing = failure(["  communities:", "    reject_tags: {codes: {\"1\": next-hop}}"])
        XCTAssertTrue(missing.contains("community"), missing)
        let rule = failure(["  communities:", "    reject_tags: {preset: arouteserver, codes: {\"9\": irr}}"])
        XCTAssertTrue(rule.contains("ixp.communities.reject_tags.codes.9"), rule)
        XCTAssertTrue(rule.contains("transit-free-asn"), rule)
        let code = failure(["  communities:", "    reject_tags: {preset: arouteserver, codes: {nine: other}}"])
        XCTAssertTrue(code.contains("reject codes as numbers"), code)
    }

    /// BIRD with tag-and-keep: its filter lets the tagged routes in, so its import limit
    /// counts them: every route received counts, even where the job says count: accepted.
    /// OpenBGPD always counts what it received.
    func testAKeepingBIRDRouteServerCountsEveryRouteReceived() throws {
        var policy = ImportPolicy(name: "test")
        policy.maxPrefix = MaxPrefixRule(clause: "S4", ipv4: 10, action: .disable)
        let keeping = ["  communities:", "    reject_tags: arouteserver"]
        let bird = try job(keeping).ixp.routeServers[0]
        XCTAssertTrue(bird.keepsRejectedTagged)
        XCTAssertEqual(bird.effectivePolicy(policy).maxPrefix?.behaviour, MaxPrefixRule.Behaviour(counting: .received, action: .disable))
        let told = try job(["      max_prefix: {count: accepted, action: warn}"] + keeping).ixp.routeServers[0]
        XCTAssertEqual(told.effectivePolicy(policy).maxPrefix?.behaviour, MaxPrefixRule.Behaviour(counting: .received, action: .warn))
        let dropping = try job(["      max_prefix: {count: accepted, action: warn}"]).ixp.routeServers[0]
        XCTAssertEqual(dropping.effectivePolicy(policy).maxPrefix?.behaviour, MaxPrefixRule.Behaviour(counting: .accepted, action: .warn))
    }
}
