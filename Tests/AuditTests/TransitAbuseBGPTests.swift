@testable import Audit
import BGP
import MRT
import XCTest

/// next-hop and first-as (S4) on route-server sessions and members' sessions.
final class TransitAbuseBGPTests: XCTestCase {
    let a = LeakDay.a

    func nextHopFindings(_ hop: String) throws -> [Finding] {
        var day = LeakDay()
        day.rib(a, "193.0.0.0/21", LeakDay.attributes([3216, 3333], nextHop: hop))
        return LeakDay.findings(TransitAbuseAnalysis.run(try day.inputs()), .nextHop)
    }

    func testAnotherMembersAddressAsNextHop() throws {
        // 185.1.15.30 is B's (AS8359 Bravo): a third-party next hop, B is the other member.
        let finding = try XCTUnwrap(try nextHopFindings("185.1.15.30").first)
        XCTAssertEqual(finding.member, ASN(3216))
        XCTAssertEqual(finding.otherMember, ASN(8359))
        XCTAssertEqual(finding.clause, "S4")
        XCTAssertTrue(finding.evidence.contains("next hop 185.1.15.30 is AS8359 Bravo's address, not the session's address 185.1.15.21"),
                      finding.evidence)
    }

    func testTheEvidenceSaysWhoseAddressTheNextHopIs() throws {
        XCTAssertTrue(try nextHopFindings("185.1.15.99").first?.evidence.contains("an unassigned address of the IX LAN") ?? false)
        XCTAssertTrue(try nextHopFindings("192.0.2.1").first?.evidence.contains("outside the IX LAN") ?? false)
        XCTAssertTrue(try nextHopFindings("185.1.15.8").first?.evidence.contains("route server rs1's address") ?? false)
    }

    func testTheSessionsOwnAddressIsNoFinding() throws {
        XCTAssertEqual(try nextHopFindings("185.1.15.21").count, 0)
    }

    func testOneFindingPerMemberAndNextHop() throws {
        // Two prefixes with B's address as next hop, one with C's: two findings, counts 2 and 1.
        var day = LeakDay()
        day.rib(a, "193.0.0.0/21", LeakDay.attributes([3216, 3333], nextHop: "185.1.15.30"))
        day.rib(a, "194.0.0.0/16", LeakDay.attributes([3216, 13335], nextHop: "185.1.15.30"))
        day.rib(a, "195.0.0.0/16", LeakDay.attributes([3216, 3333], nextHop: "185.1.15.31"))
        let findings = LeakDay.findings(TransitAbuseAnalysis.run(try day.inputs()), .nextHop).sorted { $0.count > $1.count }
        XCTAssertEqual(findings.map(\.count), [2, 1])
        XCTAssertEqual(findings.map(\.otherMember), [ASN(8359), ASN(8447)])
    }

    func testAFirstASThatIsNotTheMember() throws {
        // A relays 193.0.0.0/21 with B first in the path; 194.0.0.0/16 with A first is the near miss.
        var day = LeakDay()
        day.rib(a, "193.0.0.0/21", LeakDay.attributes([8359, 3333], nextHop: "185.1.15.21"))
        day.rib(a, "194.0.0.0/16", LeakDay.attributes([3216, 3333], nextHop: "185.1.15.21"))
        let findings = LeakDay.findings(TransitAbuseAnalysis.run(try day.inputs()), .firstAS)
        XCTAssertEqual(findings.map(\.prefix), [Prefix("193.0.0.0/21")])
        XCTAssertEqual(findings.first?.otherMember, ASN(8359))
        XCTAssertTrue(findings.first?.evidence.contains("begins with AS8359 Bravo, not the member AS3216") ?? false)
    }

    func testOnlyMembersSessionsOnOtherSources() throws {
        // On a collector's view, a non-member (AS12389) with a foreign next hop is not checked;
        // the member A with one is.
        let stranger = BGPSpeaker(asn: ASN(12389), address: IPAddress("192.0.2.50")!)
        var day = LeakDay()
        day.rib(stranger, "193.0.0.0/21", LeakDay.attributes([12389, 3333], nextHop: "192.0.2.51"), on: "collector")
        day.rib(a, "194.0.0.0/16", LeakDay.attributes([3216, 3333], nextHop: "185.1.15.30"), on: "collector")
        let findings = LeakDay.findings(TransitAbuseAnalysis.run(try day.inputs()), .nextHop)
        XCTAssertEqual(findings.map(\.member), [ASN(3216)])
    }

    func testTheAuditFindsThemInTheLeakSweepAsTheAnalysisAlone() throws {
        // The audit judges each set once for the leak and the transit-abuse checks; on both
        // sources, with a stranger's session the analysis skips and a set offending both ways
        // (B first and a bogon AS64512 in the path), it finds what the analysis alone finds.
        let stranger = BGPSpeaker(asn: ASN(12389), address: IPAddress("192.0.2.50")!)
        var day = LeakDay()
        day.rib(stranger, "193.0.0.0/21", LeakDay.attributes([12389, 3333], nextHop: "192.0.2.51"), on: "collector")
        day.rib(a, "194.0.0.0/16", LeakDay.attributes([3216, 3333], nextHop: "185.1.15.30"), on: "collector")
        day.rib(a, "195.0.0.0/16", LeakDay.attributes([8359, 64512, 3333], nextHop: "185.1.15.21"))
        day.rib(a, "196.0.0.0/16", LeakDay.attributes([3216, 3333], nextHop: "185.1.15.31"))
        let inputs = try day.inputs()
        let alone = TransitAbuseAnalysis.run(inputs)
        let audited = Audit.run(inputs).findings.filter { $0.check == .nextHop || $0.check == .firstAS }
        XCTAssertEqual(Set(alone.map(\.check)), [Check.nextHop, .firstAS])
        XCTAssertEqual(alone.count, 3)
        XCTAssertEqual(audited, alone.sorted(by: Finding.reportOrder))
    }
}
