import BGP
import Job
import Routing
import RouteServer
import XCTest

/// Pins how the two shipped profiles read SmartHub's control communities (docs/rules.md section A).
final class CommunityIntentTests: XCTestCase {
    static let rs = ASN(8960)
    let arouteserver = CommunityScheme.defaults(profile: .arouteserver, routeServerASN: rs)
    let ixpManager = CommunityScheme.defaults(profile: .ixpManager, routeServerASN: rs)
    /// Members of the examples.
    let members: Set<ASN> = [ASN(8359), ASN(8447), ASN(8342), ASN(8732), ASN(3216), ASN(196_608)]

    func intent(_ text: String, _ scheme: CommunityScheme) -> CommunityIntent {
        let parts = text.split(separator: " ").map(String.init)
        return CommunityIntent(communities: parts.compactMap { Community($0) },
                               largeCommunities: parts.filter { $0.split(separator: ":").count == 3 }.compactMap { LargeCommunity($0) },
                               scheme: scheme)
    }

    func receivers(_ i: CommunityIntent, _ profile: CommunityProfile) -> [UInt32] {
        members.filter { i.allows($0, profile: profile) }.map(\.rawValue).sorted()
    }

    // MARK: the examples of docs/rules.md, under both profiles

    func testBothProfilesRestrictivePlusIncludeReachesOnlyTheIncluded() {
        // 0:8960 8960:8359 8960:8447 -> only AS8359 and AS8447.
        for scheme in [arouteserver, ixpManager] {
            let i = intent("0:8960 8960:8359 8960:8447", scheme)
            XCTAssertTrue(i.isRestrictive)
            XCTAssertEqual(i.included, [ASN(8359), ASN(8447)])
            XCTAssertEqual(receivers(i, scheme.profile), [8359, 8447])
            XCTAssertEqual(i.audience(profile: scheme.profile), .only([ASN(8359), ASN(8447)]))
            XCTAssertEqual(i.problems(sender: ASN(3216), isMember: members.contains), [])
        }
    }

    func testBothProfilesOpenPlusExcludeReachesEveryoneButTheExcluded() {
        // 8960:8960 0:8342 0:8732 -> everyone except AS8342 and AS8732.
        for scheme in [arouteserver, ixpManager] {
            let i = intent("8960:8960 0:8342 0:8732", scheme)
            XCTAssertTrue(i.isOpen)
            XCTAssertEqual(receivers(i, scheme.profile), [3216, 8359, 8447, 196_608])
            XCTAssertEqual(i.audience(profile: scheme.profile).description, "open except AS8342 AS8732")
            XCTAssertEqual(i.problems(sender: ASN(3216), isMember: members.contains), [])
        }
    }

    func testBothProfilesNoControlCommunityIsOpen() {
        for scheme in [arouteserver, ixpManager] {
            let i = intent("3216:100 65000:1", scheme)
            XCTAssertFalse(i.hasControlCommunities)
            XCTAssertEqual(i.audience(profile: scheme.profile), .allExcept([]))
            XCTAssertEqual(receivers(i, scheme.profile).count, members.count)
            XCTAssertEqual(i.description, "(none)")
        }
    }

    func testBlockAllIsNotReadAsExcludingTheRouteServerASN() {
        // 0:8960 matches both block-all and 0:peer; the fixed pattern wins.
        let i = intent("0:8960", arouteserver)
        XCTAssertTrue(i.isRestrictive)
        XCTAssertEqual(i.excluded, [])
        XCTAssertEqual(receivers(i, .arouteserver), [])
    }

    // MARK: invalid mixes: the finding, and the reading of each profile

    func testOpenAndRestrictiveTogetherBlockWinsInBothProfiles() {
        for scheme in [arouteserver, ixpManager] {
            let i = intent("8960:8960 0:8960", scheme)
            XCTAssertEqual(i.problems(), [.openAndRestrictive])
            XCTAssertEqual(receivers(i, scheme.profile), [])
        }
    }

    func testIncludeWithoutRestrictiveIsOpenInBothProfiles() {
        for scheme in [arouteserver, ixpManager] {
            let i = intent("8960:8359", scheme)
            XCTAssertEqual(i.problems(), [.includeWithoutRestrictive([ASN(8359)])])
            XCTAssertEqual(receivers(i, scheme.profile).count, members.count)
        }
    }

    func testExcludeWithRestrictiveExcludeBeatsIncludeOfTheSamePeer() {
        // 0:8960 8960:8359 0:8359 0:8447: AS8359 both included and excluded: exclude wins
        // (arouteserver's first step; IXP Manager's standard 0:peer before RS:peer).
        for scheme in [arouteserver, ixpManager] {
            let i = intent("0:8960 8960:8359 0:8359 0:8447", scheme)
            XCTAssertEqual(i.problems(), [.excludeWithRestrictive([ASN(8359), ASN(8447)])])
            XCTAssertEqual(receivers(i, scheme.profile), [])
        }
    }

    func testCommunityNamingTheSenderOrANonMemberIsAFinding() {
        let i = intent("8960:8960 0:3216 0:64999", arouteserver)
        XCTAssertEqual(i.problems(sender: ASN(3216), isMember: members.contains),
                       [.namesSender(ASN(3216)), .namesNonMember([ASN(64999)])])
    }

    func testArouteserverLargeAndStandardFormsOfAStepTogether() {
        // Standard block-all, large include of AS8359: arouteserver takes include (step 2)
        // before block-all (step 3) whatever the form.
        let i = intent("0:8960 8960:1:8359", arouteserver)
        XCTAssertEqual(receivers(i, .arouteserver), [8359])
        // Large exclude beats a standard include of the same peer.
        let j = intent("0:8960 8960:8359 8960:0:8359", arouteserver)
        XCTAssertEqual(receivers(j, .arouteserver), [])
    }

    func testIXPManagerLargePermitBeatsStandardBlock() {
        // Standard exclude of AS8342, large include of AS8342: large first, so AS8342 gets it.
        let i = intent("0:8342 8960:1:8342 8960:8960", ixpManager)
        XCTAssertTrue(i.allows(ASN(8342), profile: .ixpManager))
        // The same communities under arouteserver: exclude is the first step, AS8342 is out.
        XCTAssertFalse(i.allows(ASN(8342), profile: .arouteserver))
        // Large open beats standard block-all under IXP Manager, not under arouteserver.
        let j = intent("0:8960 8960:1:0", ixpManager)
        XCTAssertEqual(j.problems(), [.openAndRestrictive])
        XCTAssertEqual(receivers(j, .ixpManager).count, members.count)
        XCTAssertEqual(receivers(j, .arouteserver), [])
    }

    func testIXPManagerLargeBlockBeatsStandardInclude() {
        let i = intent("8960:0:0 8960:8359", ixpManager)
        XCTAssertEqual(receivers(i, .ixpManager), [])
        XCTAssertEqual(receivers(i, .arouteserver), [8359])
    }

    func testBothProfilesFourByteASNNamedByLargeCommunity() {
        // AS196608 does not fit a 16-bit field: only 8960:1:196608 can name it.
        XCTAssertNil(StandardCommunityPattern("8960:peer")!.community(for: ASN(196_608)))
        for scheme in [arouteserver, ixpManager] {
            let i = intent("0:8960 8960:1:196608", scheme)
            XCTAssertEqual(i.included, [ASN(196_608)])
            XCTAssertEqual(receivers(i, scheme.profile), [196_608])
            XCTAssertEqual(i.problems(sender: ASN(3216), isMember: members.contains), [])
            let x = intent("8960:0:196608", scheme)
            XCTAssertEqual(receivers(x, scheme.profile), [3216, 8342, 8359, 8447, 8732])
        }
    }

    func testOtherLargeCommunitiesOfTheRouteServerAreNotControl() {
        // RS:65520:n is how a route server tags rejected routes: not an export control.
        let i = intent("8960:65520:3", arouteserver)
        XCTAssertFalse(i.hasControlCommunities)
    }
}
