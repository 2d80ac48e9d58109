import Audit
import BGP
@testable import Report
import XCTest

/// The summary's top findings: ranked by impact within severity, one row for the same
/// finding on both route servers, at most three rows per member.
final class TopFindingsTests: XCTestCase {
    func finding(_ check: Check, _ asn: UInt32, source: String = "rs1;rs2", other: UInt32? = nil, routes: Int,
                 evidence: String = "e") -> Finding {
        Finding(check, member: ASN(asn), source: source, otherMember: other.map { ASN($0) }, evidence: evidence, routesAffected: routes)
    }

    func testRankedByRoutesThenMembersWithinSeverityMergedAndCappedPerMember() {
        // AS1's max-prefix on rs1 and rs2 (1,059 routes each, the same evidence): one row
        // naming both. AS5 has four errors of 100-103 routes: its three largest only. AS2's
        // bogon-prefix (5 routes) before its peer leak (3 routes, 2 members): routes come
        // first. AS4's warning of 10,000 routes after every error; the notice not at all.
        // Expected: AS1 (1059), AS5 103, 102, 101, AS2 bogon-prefix, AS2 peer-leak, AS4.
        let findings = [
            finding(.maxPrefix, 1, source: "rs1 185.1.15.1", routes: 1059, evidence: "peak of 1059"),
            finding(.maxPrefix, 1, source: "rs2 185.1.15.1", routes: 1059, evidence: "peak of 1059"),
            finding(.peerLeak, 2, other: 3, routes: 3),
            finding(.bogonPrefix, 2, routes: 5),
            finding(.rsPrefixSet, 4, routes: 10_000),
            finding(.communityChurn, 6, routes: 50_000),
        ] + (100...103).map { finding(.firstAS, 5, source: "rs1 185.1.15.5", routes: $0, evidence: "\($0)") }
        let rows = TopFindings.select(findings)
        XCTAssertEqual(rows.map { "AS\($0.finding.member!) \($0.finding.check.id) \($0.finding.routesAffected)" }, [
            "AS1 max-prefix 1059", "AS5 first-as 103", "AS5 first-as 102", "AS5 first-as 101",
            "AS2 bogon-prefix 5", "AS2 peer-leak 3", "AS4 rs-prefix-set 10000",
        ])
        XCTAssertEqual(rows[0].place, "rs1, rs2 185.1.15.1")
        XCTAssertEqual(rows[1].place, "rs1 185.1.15.5")
        XCTAssertEqual(TopFindings.Impact(rows[5].finding).text, "3 routes, 2 members")
    }

    func testTheSameCheckWithOtherEvidenceIsNotMerged() {
        // Near miss: AS1's max-prefix peaks differ on rs1 and rs2: two rows, each naming its own.
        let rows = TopFindings.select([
            finding(.maxPrefix, 1, source: "rs1 185.1.15.1", routes: 1059, evidence: "peak of 1059"),
            finding(.maxPrefix, 1, source: "rs2 185.1.15.1", routes: 1001, evidence: "peak of 1001"),
        ])
        XCTAssertEqual(rows.map(\.place), ["rs1 185.1.15.1", "rs2 185.1.15.1"])
    }
}
