import BGP
import Foundation
import Job
import Routing
import RouteServer
import XCTest

/// Each import rule with a route that triggers it and a near miss, against the shipped presets.
final class ImportPolicyTests: XCTestCase {
    var smarthub: ImportPolicy!
    var peg: ImportPolicy!

    override func setUpWithError() throws {
        smarthub = try Presets.load("smarthub-ix")
        peg = try Presets.load("peg-tech")
    }

    /// The rule ids of the reasons of a single route sent by AS3216 from 185.1.15.21.
    func ruleIDs(_ policy: ImportPolicy, _ prefix: String, path: [UInt32]? = nil, nextHop: String? = nil,
                 members: MemberDirectory? = nil) -> [String] {
        var b = RIBBuilder()
        let s = b.session(3216, "185.1.15.21")
        b.route(s, prefix, path: path, nextHop: nextHop)
        return policy.check(b.rib, members: members).reasons[0].map(\.problem.rule.rawValue)
    }

    func testBogonPrefixAndNearMiss() {
        // 10.1.0.0/16 lies in 10.0.0.0/8; 11.0.0.0/16 is just past it.
        XCTAssertEqual(ruleIDs(smarthub, "10.1.0.0/16"), ["bogon-prefix"])
        XCTAssertEqual(ruleIDs(smarthub, "11.0.0.0/16"), [])
        XCTAssertEqual(ruleIDs(smarthub, "2001:db8:1::/48"), ["bogon-prefix"])
        XCTAssertEqual(ruleIDs(smarthub, "2001:db9::/32"), [])
        var b = RIBBuilder()
        b.route(b.session(3216, "185.1.15.21"), "192.168.4.0/24")
        XCTAssertEqual(smarthub.check(b.rib).reasons[0], [ImportReason(.bogonPrefix(range: Prefix("192.168.0.0/16")!), clause: "S4")])
    }

    func testPrefixLengthLimitsAndNearMisses() {
        XCTAssertEqual(ruleIDs(smarthub, "193.0.0.0/25"), ["prefix-too-long"])
        XCTAssertEqual(ruleIDs(smarthub, "193.0.0.0/24"), [])
        XCTAssertEqual(ruleIDs(smarthub, "12.0.0.0/7"), ["prefix-too-short"])
        XCTAssertEqual(ruleIDs(smarthub, "12.0.0.0/8"), [])
        XCTAssertEqual(ruleIDs(smarthub, "2a00:1::/49"), ["prefix-too-long"])
        XCTAssertEqual(ruleIDs(smarthub, "2a00:1::/48"), [])
        XCTAssertEqual(ruleIDs(smarthub, "2a00::/15"), ["prefix-too-short"])
        XCTAssertEqual(ruleIDs(smarthub, "2a00::/16"), [])
    }

    func testDefaultRouteCarriesEveryReasonThatApplies() {
        // 0.0.0.0/0: shorter than /8 and the default route (it is not inside 0.0.0.0/8).
        XCTAssertEqual(ruleIDs(smarthub, "0.0.0.0/0"), ["prefix-too-short", "default-route"])
        XCTAssertEqual(ruleIDs(peg, "::/0"), ["prefix-too-short", "default-route"])
        XCTAssertEqual(ruleIDs(smarthub, "1.0.0.0/8"), [])
    }

    func testBogonASNInPathAndNearMiss() {
        XCTAssertEqual(ruleIDs(smarthub, "193.0.0.0/24", path: [3216, 64512, 20]), ["bogon-asn"])
        XCTAssertEqual(ruleIDs(smarthub, "193.0.0.0/24", path: [3216, 23456]), ["bogon-asn"])
        XCTAssertEqual(ruleIDs(smarthub, "193.0.0.0/24", path: [3216, 0]), ["bogon-asn"])
        XCTAssertEqual(ruleIDs(smarthub, "193.0.0.0/24", path: [3216, 4_200_000_000]), ["bogon-asn"])
        // 64495 is the last public ASN before the documentation range; 131072 the first after.
        XCTAssertEqual(ruleIDs(smarthub, "193.0.0.0/24", path: [3216, 64495, 131_072]), [])
    }

    func testFirstASMustBeTheMemberAndNearMiss() {
        var b = RIBBuilder()
        b.route(b.session(3216, "185.1.15.21"), "193.0.0.0/24", path: [8359, 20])
        XCTAssertEqual(smarthub.check(b.rib).reasons[0],
                       [ImportReason(.firstASNotSender(first: ASN(8359), sender: ASN(3216)), clause: "S4")])
        // Prepending itself is fine.
        XCTAssertEqual(ruleIDs(smarthub, "193.0.0.0/24", path: [3216, 3216, 20]), [])
    }

    func testNextHopMustBeTheSessionAddressAndNamesTheOwner() {
        let members = directory([(3216, "185.1.15.21", nil), (8359, "185.1.15.30", nil)])
        var b = RIBBuilder()
        b.route(b.session(3216, "185.1.15.21"), "193.0.0.0/24", nextHop: "185.1.15.30")
        XCTAssertEqual(smarthub.check(b.rib, members: members).reasons[0],
                       [ImportReason(.nextHopNotSender(nextHop: IPAddress("185.1.15.30"), owner: ASN(8359)), clause: "S4")])
        XCTAssertEqual(ruleIDs(smarthub, "193.0.0.0/24", nextHop: "185.1.15.21"), [])
    }

    func testTransitFreeASNBehindTheMemberAndNearMiss() {
        XCTAssertEqual(ruleIDs(smarthub, "193.0.0.0/24", path: [3216, 3356, 20]), ["transit-free-asn"])
        // The member itself being a transit-free network is no leak.
        var b = RIBBuilder()
        b.route(b.session(3356, "185.1.15.22"), "193.0.0.0/24", path: [3356, 20])
        XCTAssertEqual(smarthub.check(b.rib).reasons[0], [])
        XCTAssertEqual(ruleIDs(smarthub, "193.0.0.0/24", path: [3216, 3357]), [])
    }

    func testASPathTooLongAndNearMiss() {
        XCTAssertEqual(ruleIDs(smarthub, "193.0.0.0/24", path: Array(repeating: 3216, count: 65)), ["as-path-too-long"])
        XCTAssertEqual(ruleIDs(smarthub, "193.0.0.0/24", path: Array(repeating: 3216, count: 64)), [])
    }

    func testMaxPrefixFromMemberListDisablesTheSession() {
        // AS3216 may send 2 IPv4 routes; it sends 3: the session goes down, all 3 rejected.
        // AS8359 sends 2 with the same limit: a near miss.
        let members = directory([(3216, "185.1.15.21", 2), (8359, "185.1.15.30", 2)])
        var b = RIBBuilder()
        let a = b.session(3216, "185.1.15.21"), c = b.session(8359, "185.1.15.30")
        for p in ["193.0.0.0/24", "193.0.1.0/24", "193.0.2.0/24"] { b.route(a, p) }
        for p in ["194.0.0.0/24", "194.0.1.0/24"] { b.route(c, p) }
        let result = smarthub.check(b.rib, members: members)
        XCTAssertEqual(result.reasons[0], [ImportReason(.maxPrefixExceeded(limit: 2, routes: 3), clause: "S4")])
        XCTAssertEqual(result.rejectedCount, 3)
        XCTAssertEqual(result.rejected, [0, 1, 2])
    }

    func testMaxPrefixPolicyDefaultOfPEGTechAndBlockAction() throws {
        // PEG Tech: 1000 per IPv4 session when the member list gives none. 1001 routes: over.
        var b = RIBBuilder()
        let a = b.session(3216, "185.1.15.21")
        for i in 0..<1001 { b.route(a, "100.\(i / 256 + 128).\(i % 256).0/24", firstSeen: UInt32(i)) }
        XCTAssertEqual(peg.check(b.rib).rejectedCount, 1001)
        var block = peg!
        block.maxPrefix?.action = .block
        // Block keeps the first 1000 seen: only the last one is rejected.
        XCTAssertEqual(block.check(b.rib).rejected, [1000])
        // SmartHub gives no default: no limit without the member list.
        XCTAssertEqual(smarthub.check(b.rib).rejectedCount, 0)
    }

    /// Routes sharing one attribute set are checked in a row, and the set's reasons are
    /// found once for a run of them from one session: here AS8359's path and next hop, sent
    /// by AS8359 itself (accepted) and by AS3216 (first AS and next hop not its own), the
    /// sessions interleaved in route order, and one of AS8359's prefixes a bogon, which must
    /// stay that route's alone.
    func testRoutesSharingASetAreCheckedForTheirOwnSessionAndPrefix() {
        let members = directory([(3216, "185.1.15.21", nil), (8359, "185.1.15.30", nil)])
        var b = RIBBuilder()
        let a = b.session(3216, "185.1.15.21"), owner = b.session(8359, "185.1.15.30")
        let sent = [(owner, "193.0.0.0/24"), (owner, "10.1.0.0/16"), (a, "193.0.1.0/24"), (owner, "193.0.2.0/24"),
                    (a, "193.0.3.0/24"), (a, "193.0.4.0/24"), (owner, "193.0.5.0/24")]
        for (session, prefix) in sent { b.route(session, prefix, path: [8359, 20], nextHop: "185.1.15.30") }
        XCTAssertEqual(Set(b.rib.routes.map(\.attributes)).count, 1, "one set for every route")
        let reasons = smarthub.check(b.rib, members: members).reasons
        let borrowed = [ImportReason(.firstASNotSender(first: ASN(8359), sender: ASN(3216)), clause: "S4"),
                        ImportReason(.nextHopNotSender(nextHop: IPAddress("185.1.15.30"), owner: ASN(8359)), clause: "S4")]
        for (i, (session, prefix)) in sent.enumerated() {
            let expected = session == a ? borrowed : prefix == "10.1.0.0/16" ? [ImportReason(.bogonPrefix(range: Prefix("10.0.0.0/8")!), clause: "S4")] : []
            XCTAssertEqual(reasons[i], expected, "route \(i): \(prefix) from session \(session)")
        }
    }
}
