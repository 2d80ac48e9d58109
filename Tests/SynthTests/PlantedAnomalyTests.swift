import BGP
import Foundation
import MRT
import Routing
import Synth
import XCTest

/// The planted BGP anomalies are in the day's MRT files as truth.json says, and the ordinary
/// day around them keeps the rules they break.
final class PlantedAnomalyTests: XCTestCase {
    func day() throws -> PlantedDay { try PlantedDay.shared() }

    // MARK: the truth

    /// Every kind of the leak, transit-abuse, route-server-use and traffic checks, plus the
    /// consistency events; next-hop twice (another member's address, outside the LAN).
    func testEveryKindIsPlanted() throws {
        let d = try day()
        let kinds = Set(d.anomalies.map(\.check))
        let expected: Set<String> = [
            "transit-free-asn", "peer-leak", "max-prefix", "prefix-count-jump", "default-route", "bogon-prefix", "bogon-asn",
            "prefix-too-long", "as-set", "otc-leak", "first-as", "next-hop", "session-address", "control-community",
            "rpki-invalid", "irr-unregistered", "session-reset", "rs-prefix-set", "route-flapping",
            "traffic-unannounced", "traffic-filtered", "traffic-few-routes", "traffic-source-outside", "traffic-ratio",
        ]
        XCTAssertEqual(expected.subtracting(kinds), [])
        XCTAssertTrue(kinds.isSubset(of: expected.union(["as-path-mismatch", "prepend-mismatch", "med-mismatch", "community-mismatch"])),
                      "\(kinds.subtracting(expected))")
        let nextHops = d.anomalies("next-hop")
        XCTAssertEqual(nextHops.count, 2)
        XCTAssertEqual(nextHops.filter { $0.otherASN != nil }.count, 1)
        // Each BGP anomaly by a member of its own (the day has enough): a kind's entries come
        // from one member, but for next-hop's two cases.
        let bgp = ["transit-free-asn", "peer-leak", "max-prefix", "prefix-count-jump", "default-route", "bogon-prefix", "bogon-asn",
                   "prefix-too-long", "as-set", "otc-leak", "first-as", "next-hop", "session-address", "control-community",
                   "rpki-invalid", "irr-unregistered"]
        let planters = bgp.flatMap { Set(d.anomalies($0).map(\.asn)) }
        XCTAssertEqual(planters.count, bgp.count + 1)
        XCTAssertEqual(Set(planters).count, planters.count, "\(planters)")
    }

    func testTruthFileListsTheAnomaliesSorted() throws {
        let d = try day()
        let data = try Data(contentsOf: URL(fileURLWithPath: d.directory + "/truth.json"))
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let listed = try XCTUnwrap(json["anomalies"] as? [[String: Any]])
        XCTAssertEqual(listed.count, d.anomalies.count)
        XCTAssertEqual(d.anomalies, d.anomalies.sorted())
        for (entry, anomaly) in zip(listed, d.anomalies) {
            XCTAssertEqual(entry["check"] as? String, anomaly.check)
            XCTAssertEqual(entry["asn"] as? Int, Int(anomaly.asn.rawValue))
            XCTAssertEqual(entry["name"] as? String, anomaly.name)
            XCTAssertEqual(entry["prefix"] as? String, anomaly.prefix?.description)
            XCTAssertEqual(entry["other_asn"] as? Int, anomaly.otherASN.map { Int($0.rawValue) })
            XCTAssertEqual(entry["source"] as? String, anomaly.source)
            XCTAssertEqual(entry["detail"] as? String, anomaly.detail)
            XCTAssertEqual(try d.member(anomaly.asn).name, anomaly.name)
        }
        // The events: each reset, difference and flapping route once.
        let planted = d.report.planted
        XCTAssertEqual(d.anomalies("session-reset").count, planted.sessionResets.count)
        XCTAssertEqual(d.anomalies("route-flapping").count, planted.flappingRoutes.count)
        XCTAssertEqual(d.anomalies.filter { $0.check.hasSuffix("-mismatch") || $0.check == "rs-prefix-set" }.count,
                       planted.routeServerDifferences.count)
        XCTAssertTrue(d.report.summaryLines.contains { $0.hasPrefix("planted for the audit: \(d.anomalies.count) anomalies") })
    }

    func testJobFileNamesTheReferenceFilesAndTheFlows() throws {
        let d = try day()
        XCTAssertTrue(d.job.inputs.flows?.hasSuffix("/flows/flows.2026-11-21.csv.gz") == true, "\(d.job.inputs)")
        XCTAssertTrue(d.job.inputs.rpki?.hasSuffix("/rpki/vrps.json") == true)
        XCTAssertTrue(d.job.inputs.irr?.hasSuffix("/irr/route-objects.txt") == true)
        XCTAssertTrue(d.job.inputs.relationships?.hasSuffix("/relationships/as-rel.txt") == true)
        XCTAssertNil(d.job.inputs.peeringdb)
    }

    // MARK: each planted route, read back

    func testPlantedRoutesAreInTheDayAsPlanted() throws {
        let d = try day()
        let lan = try XCTUnwrap(Prefix("185.1.15.0/24"))
        for anomaly in d.anomalies {
            guard let prefix = anomaly.prefix, !["route-flapping", "rs-prefix-set"].contains(anomaly.check),
                  !anomaly.check.hasSuffix("-mismatch") else { continue }
            for source in ["rs1", "rs2"] {
                let (record, a) = try d.route(source, anomaly.asn, prefix)
                XCTAssertTrue(record.isPresent, "\(anomaly) on \(source)")
                let path = a.asPath?.allASNs.map(\.rawValue) ?? []
                let message = "\(anomaly) on \(source): path \(a.asPath?.description ?? "none")"
                switch anomaly.check {
                case "transit-free-asn": XCTAssertEqual(Array(path.prefix(2)), [anomaly.asn.rawValue, 3356], message)
                case "peer-leak":
                    let other = try XCTUnwrap(anomaly.otherASN)
                    XCTAssertEqual(Array(path.prefix(2)), [anomaly.asn.rawValue, other.rawValue], message)
                    XCTAssertTrue(try d.route(source, other, prefix).record.isPresent, "AS\(other) announces \(prefix) itself")
                case "default-route": XCTAssertEqual(prefix.length, 0)
                case "bogon-prefix": XCTAssertTrue(try XCTUnwrap(Prefix("192.168.0.0/16")).contains(prefix))
                case "bogon-asn": XCTAssertTrue(path.contains { (64_512...65_534).contains($0) }, message)
                case "prefix-too-long": XCTAssertGreaterThan(Int(prefix.length), prefix.family == .ipv4 ? 24 : 48)
                case "as-set": XCTAssertTrue(a.asPath?.containsSet == true, message)
                case "otc-leak":
                    XCTAssertNotNil(a.onlyToCustomer, message)
                    XCTAssertGreaterThan(record.firstSeen, PlantedDay.dayStart, "announced during the day")
                case "first-as": XCTAssertNotEqual(a.asPath?.firstASN, anomaly.asn, message)
                case "next-hop":
                    if let owner = anomaly.otherASN {
                        XCTAssertEqual(a.nextHop, try d.member(owner).ipv4Addresses.first, message)
                    } else {
                        let hop = try XCTUnwrap(a.nextHop)
                        XCTAssertFalse(lan.contains(Prefix(address: hop, length: 32)), "\(hop)")
                    }
                case "control-community":
                    XCTAssertTrue(Set(a.communities).isSuperset(of: [Community(8960, 8960), Community(0, 8960)]), message)
                case "rpki-invalid":
                    let origin = try XCTUnwrap(a.asPath?.originASN)
                    let covering = d.vrps.filter { $0.prefix.contains(prefix) }
                    XCTAssertFalse(covering.isEmpty)
                    XCTAssertFalse(covering.contains { $0.asn == origin.rawValue }, message)
                case "irr-unregistered":
                    let origin = try XCTUnwrap(a.asPath?.originASN)
                    XCTAssertFalse(d.routeObjects.contains("\(prefix) AS\(origin)"))
                    XCTAssertTrue(d.vrps.contains { $0.prefix == prefix && $0.asn == origin.rawValue }, "a valid ROA")
                default: XCTFail("unexpected \(anomaly)")
                }
                if anomaly.check != "next-hop" {
                    let own = try d.member(anomaly.asn).addresses(prefix.family).first
                    XCTAssertEqual(a.effectiveNextHop(for: prefix.family), own, "next hop of \(anomaly)")
                }
            }
        }
    }

    /// The near miss of the peer leak: one more member re-announces another's route, and the
    /// relationship file makes it that member's provider.
    func testPeerLeakNearMissIsExcusedByTheRelationshipFile() throws {
        let d = try day()
        let leaks = Set(d.anomalies("peer-leak").map { "\($0.asn) \($0.otherASN!)" })
        var others: [(ASN, ASN, Prefix)] = []
        for session in d.day.rib.sessions.values where session.id.source == "rs1" && d.assignedAddresses.contains(session.id.peerAddress) {
            for (key, record) in session.routes {
                let path = d.day.rib.attributes[record.attributes].asPath?.allASNs ?? []
                guard let behind = path.first(where: { $0 != session.id.peerASN }), d.memberASNs.contains(behind),
                      !leaks.contains("\(session.id.peerASN) \(behind)") else { continue }
                others.append((session.id.peerASN, behind, key.prefix))
            }
        }
        XCTAssertEqual(others.count, 1, "\(others)")
        let (provider, customer, prefix) = try XCTUnwrap(others.first)
        XCTAssertTrue(d.relationships.contains("\(provider)|\(customer)|-1"), "\(provider)|\(customer)|-1")
        XCTAssertTrue(try d.route("rs1", customer, prefix).record.isPresent)
        // No line makes a leaker the provider of the member it leaks.
        for leak in d.anomalies("peer-leak") {
            XCTAssertFalse(d.relationships.contains("\(leak.asn)|\(leak.otherASN!)|-1"))
        }
    }

    /// The session-address member speaks from an address the export assigns to nobody too,
    /// announcing what its own session announces.
    func testExtraSessionFromAnUnassignedAddress() throws {
        let d = try day()
        let planted = try XCTUnwrap(d.anomalies("session-address").first)
        for source in ["rs1", "rs2"] {
            let extra = d.day.rib.sessions.values.filter { $0.id.source == source && $0.id.peerASN == planted.asn
                && !d.assignedAddresses.contains($0.id.peerAddress) }
            XCTAssertEqual(extra.map(\.id.peerAddress), [IPAddress("185.1.15.7")!])
            let own = try d.session(source, planted.asn, .ipv4)
            XCTAssertEqual(Set(extra[0].presentRoutes.map(\.key)), Set(own.presentRoutes.map(\.key)))
            XCTAssertGreaterThan(extra[0].ipv4Routes, 0)
        }
    }

    /// max-prefix: the planted member is over its IX-F limit at midnight and at the end; every
    /// other session stays under its limit all day (P6).
    func testOnlyThePlantedMemberExceedsItsMaxPrefix() throws {
        let d = try day()
        let planted = try XCTUnwrap(d.anomalies("max-prefix").first?.asn)
        for session in d.day.rib.sessions.values {
            let member = try d.member(session.id.peerASN)
            let limit4 = try XCTUnwrap(member.maxPrefixIPv4), limit6 = member.maxPrefixIPv6 ?? 0
            let highest4 = session.series.map(\.ipv4).max() ?? session.ipv4Routes
            if session.id.peerASN == planted && session.id.peerAddress.family == .ipv4 {
                XCTAssertGreaterThan(session.ipv4Routes, limit4, "\(session.id)")
                let atMidnight = try d.session(session.id.source, planted, .ipv4, in: d.midnight).ipv4Routes
                XCTAssertGreaterThan(atMidnight, limit4)
            } else {
                XCTAssertLessThanOrEqual(max(highest4, session.ipv4Routes), limit4, "\(session.id)")
                XCTAssertLessThanOrEqual(max(session.series.map(\.ipv6).max() ?? 0, session.ipv6Routes), limit6, "\(session.id)")
            }
        }
    }

    /// prefix-count-jump: the rule (a 5-minute count at least the previous hour's highest plus
    /// max(100, half of it)) holds for the planted member's IPv4 sessions and for no other.
    func testOnlyThePlantedMemberJumps() throws {
        let d = try day()
        let planted = try XCTUnwrap(d.jumpMember)
        for session in d.day.rib.sessions.values {
            let midnightCount = d.midnight.rib.sessions[session.id].map { $0.ipv4Routes + $0.ipv6Routes } ?? 0
            let jumps = Self.jumps(session.series, start: midnightCount, ipv6: session.id.peerAddress.family == .ipv6)
            if session.id.peerASN == planted && session.id.peerAddress.family == .ipv4 {
                XCTAssertEqual(jumps.count, 1, "\(session.id)")
                XCTAssertTrue(jumps.allSatisfy { $0 >= PlantedDay.dayStart + 14 * 3600 && $0 < PlantedDay.dayStart + 14 * 3600 + 300 })
            } else {
                XCTAssertEqual(jumps, [], "\(session.id)")
            }
        }
    }

    /// Times of the 5-minute samples whose count jumps over the hour before.
    static func jumps(_ series: [RouteCountSample], start: Int, ipv6: Bool) -> [UInt32] {
        var out: [UInt32] = []
        var history: [(time: UInt32, count: Int)] = [(0, start)]
        for sample in series {
            let count = ipv6 ? sample.ipv6 : sample.ipv4
            let window = history.filter { $0.time + 3600 >= sample.time }
            let before = history.last { $0.time + 3600 < sample.time }.map { [$0] } ?? []
            let highest = (window + before).map(\.count).max() ?? 0
            if count >= highest + max(100, highest / 2) { out.append(sample.time) }
            history.append((sample.time, count))
        }
        return out
    }

    // MARK: the ordinary day

    /// Every route not planted keeps the rules the planted ones break: first AS the member,
    /// next hop its session's address, public ASNs only, no AS_SET or OTC, lengths /8-/24 and
    /// /16-/48, no bogon, at any time of the day.
    func testOrdinaryRoutesKeepTheRules() throws {
        let d = try day()
        var checked = 0
        for session in d.day.rib.sessions.values {
            for (key, record) in session.routes {
                let a = d.day.rib.attributes[record.attributes]
                guard !d.isPlanted(session, key.prefix, a, firstSeen: record.firstSeen) else { continue }
                let message = "\(session.id) \(key.prefix) \(a.asPath?.description ?? "")"
                let path = a.asPath?.allASNs.map(\.rawValue) ?? []
                XCTAssertEqual(a.asPath?.firstASN, session.id.peerASN, message)
                XCTAssertEqual(a.effectiveNextHop(for: key.prefix.family), session.id.peerAddress, message)
                XCTAssertFalse(path.contains { $0 == 0 || $0 == 23_456 || (64_496...131_071).contains($0) || $0 >= 4_200_000_000 }, message)
                XCTAssertFalse(path.contains(3356) || path.contains(174), message)
                XCTAssertFalse(a.asPath?.containsSet ?? true, message)
                XCTAssertNil(a.onlyToCustomer, message)
                let lengths = key.prefix.family == .ipv4 ? 8...24 : 16...48
                XCTAssertTrue(lengths.contains(Int(key.prefix.length)), message)
                XCTAssertFalse(Set(a.communities).isSuperset(of: [Community(8960, 8960), Community(0, 8960)]), message)
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, PlantedDay.options.routes)
    }

    /// rpki/vrps.json and irr/route-objects.txt register every ordinary route's prefix with
    /// its origin (a ROA of its exact length, a route object).
    func testReferenceFilesCoverEveryOrdinaryRoute() throws {
        let d = try day()
        var roas = Set<String>()
        for vrp in d.vrps { roas.insert("\(vrp.prefix)-\(vrp.maxLength) AS\(vrp.asn)") }
        XCTAssertGreaterThan(roas.count, PlantedDay.options.routes * 9 / 10)
        var missing: [String] = []
        for session in d.day.rib.sessions.values {
            for (key, record) in session.routes {
                let a = d.day.rib.attributes[record.attributes]
                guard !d.isPlanted(session, key.prefix, a, firstSeen: record.firstSeen), let origin = a.asPath?.originASN else { continue }
                if !roas.contains("\(key.prefix)-\(key.prefix.length) AS\(origin)") { missing.append("ROA \(key.prefix) AS\(origin)") }
                if !d.routeObjects.contains("\(key.prefix) AS\(origin)") { missing.append("route object \(key.prefix) AS\(origin)") }
            }
        }
        XCTAssertEqual(Array(missing.prefix(5)), [])
        XCTAssertEqual(d.report.roas, d.vrps.count)
        XCTAssertEqual(d.report.routeObjects, d.routeObjects.count)
    }
}
