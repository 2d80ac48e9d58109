import BGP
import Job
import XCTest

/// The action keys of `communities:` (CommunityActions+YAML.swift): each profile's defaults,
/// overrides, and a clear error for each kind of bad entry.
final class CommunityActionsParsingTests: XCTestCase {
    /// The base job of JobFileTests with `communities:` lines after line 7.
    func yaml(_ communities: String) -> String {
        JobFileTests.yaml([7: "      ipv6: \"2001:7f8:7a::8960:1\"\n  communities:\n" + communities])
    }

    func error(_ communities: String) -> ConfigurationFileError? {
        do {
            _ = try JobFile.parse(yaml: yaml(communities), baseDirectory: nil)
            return nil
        } catch {
            return error
        }
    }

    func at(_ line: Int, _ field: String) -> ConfigurationFileError.Location {
        ConfigurationFileError.Location(file: "job.yaml", line: line, field: field)
    }

    func testProfileDefaults() throws {
        let a = CommunityActions.defaults(profile: .arouteserver, routeServerASN: ASN(8960))
        XCTAssertEqual(a.prependStandard.toPeer.map { $0?.description }, ["65511:peer", "65512:peer", "65513:peer"])
        XCTAssertEqual(a.prependStandard.toAll.map { $0?.description }, ["65501:8960", "65502:8960", "65503:8960"])
        XCTAssertEqual(a.prependLarge.toAll.map { $0?.description }, ["8960:101:0", "8960:102:0", "8960:103:0"])
        XCTAssertEqual(a.blackhole?.standard, [Community(65535, 666)])
        XCTAssertEqual(a.blackhole?.large, [LargeCommunity(8960, 666, 0)])
        XCTAssertEqual(a.gracefulShutdownStandard, [Community(65535, 0)])
        XCTAssertEqual(a.wellKnown, .interpret)
        // A 4-byte route server cannot stand in a standard "to all" community.
        XCTAssertEqual(CommunityActions.defaults(profile: .arouteserver, routeServerASN: ASN(196_608)).prependStandard.toAll,
                       [nil, nil, nil])
        let m = CommunityActions.defaults(profile: .ixpManager, routeServerASN: ASN(8960))
        XCTAssertEqual(m.prependStandard, PrependCommunities())
        XCTAssertEqual(m.prependLarge.toPeer.map { $0?.description }, ["8960:101:peer", "8960:102:peer", "8960:103:peer"])
        XCTAssertEqual(m.blackhole?.large, [])
    }

    func testOverridesReplaceOnlyWhatTheyName() throws {
        let job = try JobFile.parse(yaml: yaml("""
            profile: ixp-manager
            prepend:
              standard: {twice_to_peer: "65502:peer", once_to_all: "65501:0"}
            blackhole: {next_hop_ipv4: 185.1.15.66, max_length_ipv6: 64}
            graceful_shutdown: {standard: []}
            well_known: ignore
        """.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n")), baseDirectory: nil)
        let a = job.ixp.communities.actions
        XCTAssertEqual(a.prependStandard.toPeer.map { $0?.description }, [nil, "65502:peer", nil])
        XCTAssertEqual(a.prependStandard.toAll.map { $0?.description }, ["65501:0", nil, nil])
        XCTAssertEqual(a.prependLarge, CommunityActions.defaults(profile: .ixpManager, routeServerASN: ASN(8960)).prependLarge)
        XCTAssertEqual(a.blackhole?.nextHopIPv4, IPAddress("185.1.15.66"))
        XCTAssertNil(a.blackhole?.nextHopIPv6)
        XCTAssertEqual(a.blackhole?.maxLengthIPv6, 64)
        XCTAssertEqual(a.blackhole?.standard, [Community(65535, 666)])
        XCTAssertEqual(a.gracefulShutdownStandard, [])
        XCTAssertEqual(a.wellKnown, .ignore)
        XCTAssertNil(try JobFile.parse(yaml: yaml("    blackhole: off"), baseDirectory: nil).ixp.communities.actions.blackhole)
    }

    func testBadEntriesNameTheFieldAndWhatToWrite() {
        XCTAssertEqual(error("    prepend:\n      standard: {once_to_peer: \"65511:0\"}")?.description,
                       "job.yaml:10: ixp.communities.prepend.standard.once_to_peer: "
                           + "a prepend-to-peer community needs a peer field, like 65511:peer")
        XCTAssertEqual(error("    prepend:\n      large: {twice_to_all: \"8960:102:peer\"}")?.description,
                       "job.yaml:10: ixp.communities.prepend.large.twice_to_all: "
                           + "a prepend-to-all community names no peer (write the number the route server uses)")
        XCTAssertEqual(error("    prepend:\n      standard: {four_times_to_peer: \"65514:peer\"}"),
                       .unknownKey(at(10, "ixp.communities.prepend.standard.four_times_to_peer"), key: "four_times_to_peer",
                                   allowed: ["once_to_peer", "twice_to_peer", "thrice_to_peer", "once_to_all", "twice_to_all", "thrice_to_all"]))
        XCTAssertEqual(error("    prepend:\n      standard: {once_to_peer: \"65511:70000\"}"),
                       .invalid(at(10, "ixp.communities.prepend.standard.once_to_peer"),
                                expected: "a community like 65511:peer, each field a number or peer (not '65511:70000')"))
        XCTAssertEqual(error("    blackhole: {next_hop_ipv4: \"2001:7f8:7a::66\"}"),
                       .invalid(at(9, "ixp.communities.blackhole.next_hop_ipv4"),
                                expected: "the IXP's IPv4 blackhole next hop, like 185.1.15.66 (not '2001:7f8:7a::66')"))
        XCTAssertEqual(error("    blackhole: {max_length_ipv4: 33}"),
                       .invalid(at(9, "ixp.communities.blackhole.max_length_ipv4"), expected: "an IPv4 prefix length 0...32 (not '33')"))
        XCTAssertEqual(error("    blackhole: {standard: [\"65535:666:1\"]}"),
                       .invalid(at(9, "ixp.communities.blackhole.standard[0]"),
                                expected: "a standard community like 65535:666 (two numbers up to 65535) (not '65535:666:1')"))
        XCTAssertEqual(error("    blackhole: {standard: [], large: []}")?.description.contains("needs at least one community"), true)
        XCTAssertEqual(error("    well_known: drop"),
                       .invalid(at(9, "ixp.communities.well_known"),
                                expected: "interpret or ignore (what the route server does with NO_EXPORT and NO_ADVERTISE) (not 'drop')"))
    }
}
