@testable import Audit
import BGP
import MRT
import XCTest

/// session-address (S7) and control-community (section A, arouteserver order, RS AS8960).
final class RouteServerUseTests: XCTestCase {
    let a = LeakDay.a

    func sessionFindings(_ speaker: BGPSpeaker, source: String = "rs1") throws -> [Finding] {
        var day = LeakDay()
        day.rib(speaker, "193.0.0.0/21", LeakDay.attributes([speaker.asn.rawValue, 3333], nextHop: speaker.address.description), on: source)
        return LeakDay.findings(RouteServerUseAnalysis.run(try day.inputs()), .sessionAddress)
    }

    func testAMemberOnAnAddressTheIXDidNotAssignIt() throws {
        // AS3216 from 185.1.15.77 (its address is .21).
        let finding = try XCTUnwrap(try sessionFindings(BGPSpeaker(asn: ASN(3216), address: IPAddress("185.1.15.77")!)).first)
        XCTAssertEqual(finding.source, "rs1 185.1.15.77")
        XCTAssertTrue(finding.evidence.contains("did not assign it 185.1.15.77"), finding.evidence)
        XCTAssertTrue(finding.evidence.contains("185.1.15.21"), finding.evidence)
    }

    func testSomeoneOnAnotherMembersAddress() throws {
        // AS12389 speaks from B's address.
        let finding = try XCTUnwrap(try sessionFindings(BGPSpeaker(asn: ASN(12389), address: LeakDay.b.address)).first)
        XCTAssertEqual(finding.otherMember, ASN(8359))
        XCTAssertTrue(finding.evidence.contains("assigned to AS8359 Bravo"), finding.evidence)
    }

    func testNeitherAddressNorASNAMembers() throws {
        let finding = try XCTUnwrap(try sessionFindings(BGPSpeaker(asn: ASN(12389), address: IPAddress("185.1.15.99")!)).first)
        XCTAssertTrue(finding.evidence.contains("an unassigned address of the IX LAN"), finding.evidence)
    }

    func testTheMembersOwnAddressOrAnotherSourceIsNoFinding() throws {
        XCTAssertEqual(try sessionFindings(a).count, 0)
        XCTAssertEqual(try sessionFindings(BGPSpeaker(asn: ASN(3216), address: IPAddress("185.1.15.77")!), source: "collector").count, 0)
    }

    func communityFindings(_ routes: [(String, String)]) throws -> [Finding] {
        var day = LeakDay()
        for (prefix, communities) in routes {
            day.rib(a, prefix, LeakDay.attributes([3216, 3333], nextHop: "185.1.15.21", communities: communities))
        }
        return LeakDay.findings(RouteServerUseAnalysis.run(try day.inputs()), .controlCommunity)
    }

    func testOpenAndRestrictiveTogether() throws {
        // 8960:8960 with 0:8960 on two routes: one finding, count 2; block wins: no one gets it.
        let findings = try communityFindings([("193.0.0.0/21", "8960:8960 0:8960"), ("194.0.0.0/16", "8960:8960 0:8960")])
        XCTAssertEqual(findings.count, 1)
        XCTAssertEqual(findings.first?.count, 2)
        XCTAssertEqual(findings.first?.prefix, Prefix("193.0.0.0/21"))
        XCTAssertTrue(findings.first?.evidence.contains("announce it to: no one") ?? false, findings.first?.evidence ?? "")
    }

    func testIncludeWithoutRestrictiveAndANonMember() throws {
        // 8960:8359 alone is include without restrictive (open anyway); 0:12389 names a non-member.
        let findings = try communityFindings([("193.0.0.0/21", "8960:8359"), ("194.0.0.0/16", "0:12389")])
        XCTAssertEqual(findings.count, 2)
        XCTAssertTrue(findings.contains { $0.evidence.contains("include without restrictive (AS8359)") })
        XCTAssertTrue(findings.contains { $0.evidence.contains("not members: AS12389") && $0.evidence.contains("open except AS12389") })
    }

    func testRestrictivePlusIncludeIsValid() throws {
        XCTAssertEqual(try communityFindings([("193.0.0.0/21", "0:8960 8960:8359"), ("194.0.0.0/16", "8960:8960 0:8447")]).count, 0)
    }

    func testTheAuditFindsThemInTheLeakSweepAsTheAnalysisAlone() throws {
        // The audit judges control communities in its leak sweep; with the same sets on rs1,
        // rs2 and a collector (which the analysis does not look at), a stranger's session and
        // a set that is also a bogon-ASN leak, it finds what the analysis alone finds.
        let stranger = BGPSpeaker(asn: ASN(12389), address: IPAddress("185.1.15.99")!)
        var day = LeakDay()
        for source in ["rs1", "rs2", "collector"] {
            day.rib(a, "193.0.0.0/21", LeakDay.attributes([3216, 3333], nextHop: "185.1.15.21", communities: "8960:8960 0:8960"), on: source)
            day.rib(a, "194.0.0.0/16", LeakDay.attributes([3216, 64512, 3333], nextHop: "185.1.15.21", communities: "0:12389"), on: source)
            day.rib(stranger, "195.0.0.0/16", LeakDay.attributes([12389, 3333], nextHop: "185.1.15.99", communities: "8960:8359"), on: source)
        }
        let inputs = try day.inputs()
        let alone = RouteServerUseAnalysis.run(inputs)
        let audited = Audit.run(inputs).findings.filter { $0.check == .controlCommunity || $0.check == .sessionAddress }
        XCTAssertEqual(alone.filter { $0.check == .controlCommunity }.count, 3)
        XCTAssertEqual(audited, alone.sorted(by: Finding.reportOrder))
    }
}
