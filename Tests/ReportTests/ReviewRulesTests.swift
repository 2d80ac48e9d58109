@testable import Audit
import BGP
@testable import Report
import XCTest

/// The review page's verdict on rule S1 when a member lacks a route-server session
/// (rs-session-missing, docs/checks.md).
final class ReviewRulesTests: XCTestCase {
    let s1 = PolicyRules.smartHub[0]

    func runs(notRun: Set<CheckID> = []) -> [CheckRun] {
        Check.all.map { check in
            notRun.contains(check.id) ? CheckRun(check: check, status: .notRun(reason: "rs2: no RIB dump this night"))
                : CheckRun(check: check, status: .ran, findings: 0)
        }
    }

    func testAMemberOnOneRouteServerOnlyFailsS1() {
        // A finding of rs-session-missing (warning, clause S1) and nothing else: S1 fails and
        // names the check once.
        XCTAssertEqual(s1.clause, "S1")
        XCTAssertTrue(s1.checks.contains(.rsSessionMissing))
        let finding = Finding(.rsSessionMissing, member: ASN(3216), source: "rs1",
                              evidence: "IPv4: sessions with rs1 (rs1 185.1.15.21 up with 2 IPv4 and 0 IPv6 routes), none with rs2")
        let (result, evidence) = ReviewPage.verdict(s1, findings: [finding], checks: runs())
        XCTAssertEqual(result, .fail)
        XCTAssertEqual(evidence.markdown, "`rs-session-missing` ×1")
    }

    func testTheCheckNotRunIsNeverAPlainPass() {
        // Near miss: no finding, but rs-session-missing did not run (rs2's night incomplete):
        // S1 is only partly checked, and the evidence names the check that did not run.
        let (result, evidence) = ReviewPage.verdict(s1, findings: [], checks: runs(notRun: [.rsSessionMissing]))
        XCTAssertEqual(result, .partlyChecked)
        XCTAssertEqual(result.text.markdown, "pass (partly checked)")
        XCTAssertTrue(evidence.markdown.hasSuffix("not run: `rs-session-missing`"), evidence.markdown)
    }
}
