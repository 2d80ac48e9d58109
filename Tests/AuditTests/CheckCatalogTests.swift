import XCTest
@testable import Audit
import BGP

final class CheckCatalogTests: XCTestCase {
    func testIDsAreUniqueAndKebabCase() {
        let ids = Check.all.map(\.id)
        XCTAssertEqual(Set(ids).count, ids.count, "a check id is listed twice")
        for id in ids {
            XCTAssertTrue(id.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" }, id)
        }
    }

    func testEveryCategoryHasChecks() {
        for category in Category.allCases {
            XCTAssertFalse(Check.all.filter { $0.category == category }.isEmpty, "\(category)")
        }
    }

    func testSeverityOrder() {
        XCTAssertLessThan(Severity.info, Severity.notice)
        XCTAssertLessThan(Severity.notice, Severity.warning)
        XCTAssertLessThan(Severity.warning, Severity.error)
    }

    func testReportOrderPutsErrorsFirst() {
        let a = Finding(.routeFlapping, member: ASN(65001), evidence: "x")
        let b = Finding(.peerLeak, member: ASN(65002), evidence: "y")
        XCTAssertEqual([a, b].sorted(by: Finding.reportOrder).map(\.check.id), ["peer-leak", "route-flapping"])
    }
}
