@testable import Audit
import BGP
import XCTest

/// peer-leak (RFC 7908 type 4): A (AS3216) re-announces B's (AS8359) prefixes with B in the
/// path while B announces them at the IX itself.
final class LeakPeerLeakTests: XCTestCase {
    let a = LeakDay.a, b = LeakDay.b

    /// B announces `prefixes` itself; A announces them (and `onlyA`) with `path`.
    func day(_ prefixes: [String], path: [UInt32], onlyA: [String] = []) -> LeakDay {
        var day = LeakDay()
        for p in prefixes {
            day.rib(b, p, LeakDay.attributes([8359], nextHop: "185.1.15.30"))
            day.rib(a, p, LeakDay.attributes(path, nextHop: "185.1.15.21"))
        }
        for p in onlyA { day.rib(a, p, LeakDay.attributes(path, nextHop: "185.1.15.21")) }
        return day
    }

    func relationships(_ text: String) throws -> ASRelationships {
        try ASRelationships(bytes: Array(text.utf8), file: "as-rel.txt")
    }

    func testAnotherMembersPrefixWithThatMemberInThePathIsANoticeWithoutRelationships() throws {
        // A: 193.0.0.0/21 via 3216 8359; B announces it too. No relationship file: the
        // relationship is unknown, so a notice that says so (an error needs the file).
        let findings = LeakDay.findings(LeakAnalysis.run(try day(["193.0.0.0/21"], path: [3216, 8359]).inputs()), .peerLeak)
        XCTAssertEqual(findings.count, 1)
        let finding = try XCTUnwrap(findings.first)
        XCTAssertEqual(finding.member, ASN(3216))
        XCTAssertEqual(finding.otherMember, ASN(8359))
        XCTAssertEqual(finding.prefix, Prefix("193.0.0.0/21"))
        XCTAssertTrue(finding.evidence.contains("AS8359 Bravo announces"), finding.evidence)
        XCTAssertEqual(finding.severity, .notice)
        XCTAssertTrue(finding.evidence.contains("the relationship of the two is unknown"), finding.evidence)
        XCTAssertTrue(finding.evidence.contains("give one, inputs.relationships or --relationships, to judge it"), finding.evidence)
    }

    func testAPrefixTheOtherMemberDoesNotAnnounceIsNoLeak() throws {
        // B announces only 193.0.0.0/21; A's 194.0.0.0/16 via B is not B's at the IX.
        let findings = LeakDay.findings(LeakAnalysis.run(try day([], path: [3216, 8359], onlyA: ["194.0.0.0/16"]).inputs()), .peerLeak)
        XCTAssertEqual(findings.count, 0)
    }

    func testACustomerIsNoLeak() throws {
        // 3216|8359|-1: A is B's provider, so A may announce B's prefixes.
        let inputs = try day(["193.0.0.0/21"], path: [3216, 8359]).inputs(relationships: relationships("3216|8359|-1\n"))
        XCTAssertEqual(LeakDay.findings(LeakAnalysis.run(inputs), .peerLeak).count, 0)
    }

    func testAPeerIsALeakAndTheEvidenceSaysWhy() throws {
        let inputs = try day(["193.0.0.0/21"], path: [3216, 8359]).inputs(relationships: relationships("3216|8359|0\n"))
        let finding = try XCTUnwrap(LeakDay.findings(LeakAnalysis.run(inputs), .peerLeak).first)
        XCTAssertEqual(finding.severity, .error)
        XCTAssertTrue(finding.evidence.contains("AS3216 is AS8359's peer"), finding.evidence)
    }

    func testEveryPairOfTheChainMustBeProviderToCustomer() throws {
        // Path 3216 12389 8359: A -> 12389 -> B. Both pairs provider-to-customer: no leak; the
        // second pair unknown: a leak naming it.
        let path: [UInt32] = [3216, 12389, 8359]
        let both = try day(["193.0.0.0/21"], path: path).inputs(relationships: relationships("3216|12389|-1\n12389|8359|-1\n"))
        XCTAssertEqual(LeakDay.findings(LeakAnalysis.run(both), .peerLeak).count, 0)
        let first = try day(["193.0.0.0/21"], path: path).inputs(relationships: relationships("3216|12389|-1\n"))
        let finding = try XCTUnwrap(LeakDay.findings(LeakAnalysis.run(first), .peerLeak).first)
        XCTAssertTrue(finding.evidence.contains("does not know AS12389-AS8359"), finding.evidence)
    }

    func testPrependsAreCollapsed() throws {
        // 3216 3216 8359 8359 is the chain 3216 -> 8359, which the file makes provider-to-customer.
        let inputs = try day(["193.0.0.0/21"], path: [3216, 3216, 8359, 8359]).inputs(relationships: relationships("3216|8359|-1\n"))
        XCTAssertEqual(LeakDay.findings(LeakAnalysis.run(inputs), .peerLeak).count, 0)
    }

    func testOneFindingPerPairWithFiveExamples() throws {
        // Six leaked prefixes: one finding, count 6, the first five in the evidence, prefix the
        // smallest, all six among its routes.
        let prefixes = (0..<6).map { "193.0.\($0).0/24" }.reversed()
        let finding = try XCTUnwrap(LeakDay.findings(LeakAnalysis.run(try day(Array(prefixes), path: [3216, 8359]).inputs()), .peerLeak).first)
        XCTAssertEqual(finding.count, 6)
        XCTAssertEqual(finding.prefix, Prefix("193.0.0.0/24"))
        XCTAssertTrue(finding.evidence.contains("6 prefixes (193.0.0.0/24, 193.0.1.0/24, 193.0.2.0/24, 193.0.3.0/24, 193.0.4.0/24 "
            + "and 1 more)"), finding.evidence)
        XCTAssertFalse(finding.evidence.contains("193.0.5.0/24"), finding.evidence)
        XCTAssertEqual(finding.routes.map(\.prefix.description), (0..<6).map { "193.0.\($0).0/24" })
    }
}
