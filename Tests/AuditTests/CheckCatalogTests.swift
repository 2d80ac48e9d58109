import Foundation
import XCTest
@testable import Audit
import BGP
import Job

final class CheckCatalogTests: XCTestCase {
    func testIDsAreUniqueAndKebabCase() {
        let ids = Check.all.map(\.id.description)
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
        XCTAssertEqual([a, b].sorted(by: Finding.reportOrder).map(\.check.id.description), ["peer-leak", "route-flapping"])
    }

    /// Every rule of the import policy is reported by a check of the catalogue that carries
    /// the rule as its id, so the policy's and the audit's ids cannot drift apart.
    func testEveryImportRuleHasItsCheck() {
        for rule in ImportRule.allCases {
            let check = Check.enforcing(rule)
            XCTAssertEqual(check.id, .importRule(rule), "\(rule)")
            XCTAssertTrue(Check.all.contains(check), "\(rule) is not in Check.all")
        }
        let ruleChecks = Check.all.filter { if case .importRule = $0.id { return true } else { return false } }
        XCTAssertEqual(ruleChecks.count, ImportRule.allCases.count)
    }

    /// A policy without a rule leaves exactly that rule's check out, saying so by its id.
    func testAPolicyWithoutARuleLeavesOutItsCheck() {
        var policy = ImportPolicy(name: "partial")
        policy.prefixLength = PrefixLengthRule(clause: "S3")
        XCTAssertNil(policy.leavesOut(.prefixTooLong))
        XCTAssertNil(policy.leavesOut(.prefixTooShort))
        XCTAssertNil(policy.leavesOut(.peerLeak), "a check that applies no policy rule always runs")
        XCTAssertEqual(policy.leavesOut(.bogonASN), "the policy partial has no bogon-asn rule")
        XCTAssertEqual(policy.leavesOut(.maxPrefix), "the policy partial has no max-prefix rule")
    }

    /// docs/checks.md documents every check of the catalogue with its severity and clause.
    func testCheckTableDocumentsEveryCheck() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("docs/checks.md"), encoding: .utf8)
        let rows = text.split(separator: "\n").filter { $0.hasPrefix("| `") }
        XCTAssertEqual(rows.count, Check.all.count, "one row per check")
        for check in Check.all {
            guard let row = rows.first(where: { $0.hasPrefix("| `\(check.id)` |") }) else {
                XCTFail("docs/checks.md has no row for \(check.id)")
                continue
            }
            let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            XCTAssertEqual(cells[2], check.clause, check.id.description)
            XCTAssertEqual(cells[3], check.severity.rawValue, check.id.description)
        }
    }
}
