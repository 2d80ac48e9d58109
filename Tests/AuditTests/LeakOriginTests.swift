@testable import Audit
import BGP
import XCTest

/// rpki-invalid (RFC 6811) and irr-unregistered (P7), with reference sets built in memory.
final class LeakOriginTests: XCTestCase {
    let a = LeakDay.a

    /// A announces each prefix with the given origin (path 3216 origin).
    func day(_ routes: [(String, UInt32)]) -> LeakDay {
        var day = LeakDay()
        for (prefix, origin) in routes { day.rib(a, prefix, LeakDay.attributes([3216, origin], nextHop: "185.1.15.21")) }
        return day
    }

    func testRPKIInvalidByOriginAndByLength() throws {
        // ROA AS3333 193.0.0.0/21 max 22. 193.0.0.0/21 from 3333: valid. 193.0.0.0/23 from 3333:
        // longer than 22, invalid. 193.0.8.0/21... not covered: not found. 193.0.4.0/22 from
        // 13335: covered, wrong origin, invalid. One finding for A with the two invalid routes.
        let roas = try ROASet([ROASet.VRP(asn: ASN(3333), prefix: Prefix("193.0.0.0/21")!, maxLength: 22, trustAnchor: "ripe")])
        let inputs = try day([("193.0.0.0/21", 3333), ("193.0.0.0/23", 3333), ("193.0.8.0/21", 3333), ("193.0.4.0/22", 13335)])
            .inputs(rpki: roas)
        let findings = LeakDay.findings(LeakAnalysis.run(inputs), .rpkiInvalid)
        XCTAssertEqual(findings.count, 1)
        XCTAssertEqual(LeakDay.prefixes(findings), [Prefix("193.0.0.0/23")!, Prefix("193.0.4.0/22")!])
        let wrongOrigin = findings[0].routes[1].detail
        XCTAssertTrue(wrongOrigin.contains("no ROA names origin AS13335"), wrongOrigin)
        XCTAssertTrue(wrongOrigin.contains("AS3333 193.0.0.0/21-22 (ripe)"), wrongOrigin)
    }

    func testWithoutAVRPFileNothingIsValidated() throws {
        let inputs = try day([("193.0.0.0/23", 3333)]).inputs()
        XCTAssertEqual(LeakDay.findings(LeakAnalysis.run(inputs), .rpkiInvalid).count, 0)
    }

    func testIRRNeedsTheExactPrefixUnlessMoreSpecificsAreAccepted() throws {
        // route: 193.0.0.0/21 origin AS3333. The /21 from 3333 is registered; the /22 from 3333
        // only through the covering object; 194.0.0.0/16 not at all.
        let irr = RouteObjectSet([RouteObjectSet.RouteObject(prefix: Prefix("193.0.0.0/21")!, origin: ASN(3333))])
        let routes: [(String, UInt32)] = [("193.0.0.0/21", 3333), ("193.0.0.0/22", 3333), ("194.0.0.0/16", 3333)]
        let strict = LeakDay.findings(LeakAnalysis.run(try day(routes).inputs(irr: irr)), .irrUnregistered)
        XCTAssertEqual(LeakDay.prefixes(strict), [Prefix("193.0.0.0/22")!, Prefix("194.0.0.0/16")!])
        XCTAssertTrue(strict[0].evidence.contains("route: 193.0.0.0/21 origin: AS3333"), strict[0].evidence)
        var settings = AuditSettings()
        settings.leaks.irrAcceptsMoreSpecifics = true
        let loose = LeakDay.findings(LeakAnalysis.run(try day(routes).inputs(irr: irr, settings: settings)), .irrUnregistered)
        XCTAssertEqual(LeakDay.prefixes(loose), [Prefix("194.0.0.0/16")!])
    }
}
