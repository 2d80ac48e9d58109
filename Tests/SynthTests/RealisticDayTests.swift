import BGP
import Foundation
import MRT
import Synth
import XCTest

/// The realistic profile (`--realistic-paths`) on a scaled-down large IXP's day
/// (`RealisticDay`), read back with the decoder.
final class RealisticDayTests: XCTestCase {
    static let corpus = RealisticDay.corpus
    static let options = RealisticDay.options

    func day() throws -> RealisticDay { try RealisticDay.shared() }

    static func temporaryDirectory(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("ixaudit-synth-\(name)-\(UUID().uuidString)").path
    }

    static func attributes(_ entry: RealisticDay.Entry) throws -> PathAttributes {
        try entry.block.withUnsafeBytes { PathAttributes(try WireAttributes(parsing: $0, asnSize: 4, addPath: false)) }
    }

    // MARK: routes

    /// Distinct attribute sets per route: most routes have their own, as on a real route
    /// server (the default day shares a set among a dozen routes).
    func testMostRoutesHaveAttributesOfTheirOwn() throws {
        let d = try day()
        for (rs, rib) in d.ribs.enumerated() {
            let distinct = Set(rib.map(\.block)).count
            let ratio = Double(distinct) / Double(rib.count)
            XCTAssertGreaterThanOrEqual(ratio, 0.6, "rs\(rs + 1): \(distinct) attribute sets for \(rib.count) routes")
            XCTAssertGreaterThan(rib.count, Self.options.routes * 9 / 10)
        }
    }

    /// Every route of a prefix the corpus holds ends in an origin the corpus gives that prefix
    /// (a prefix whose corpus paths all name a member takes another path: a few), and the
    /// members share prefixes, as transit networks do at an IX.
    func testPrefixesAndPathsComeFromTheCorpus() throws {
        let d = try day()
        var origins: [Prefix: Set<UInt32>] = [:]
        var summary = DecodeSummary()
        decodeRecords(of: Self.corpus, summary: &summary) { _, record in
            guard case let .message(message) = record, case let .update(update) = message.message,
                  let origin = (update.attributes.mergedASPath ?? update.attributes.asPath.asPath).originASN else { return }
            for nlri in update.announced { origins[nlri.prefix, default: []].insert(origin.rawValue) }
            for nlri in update.attributes.mpReach?.nlri.map(Array.init) ?? [] { origins[nlri.prefix, default: []].insert(origin.rawValue) }
        }
        let corpusUse = try XCTUnwrap(d.report.corpus)
        XCTAssertGreaterThan(corpusUse.routesFromCorpus, 5000)
        var fromCorpus = 0, sameOrigin = 0
        var announcers: [Prefix: Set<ASN>] = [:]
        for entry in d.ribs[0] {
            let a = try Self.attributes(entry)
            announcers[entry.prefix, default: []].insert(entry.peerASN)
            guard let known = origins[entry.prefix], a.asPath?.firstASN == entry.peerASN else { continue }
            fromCorpus += 1
            if let origin = a.asPath?.originASN, known.contains(origin.rawValue) { sameOrigin += 1 }
        }
        // Routes first announced during the day are not in the RIB dump.
        XCTAssertGreaterThanOrEqual(fromCorpus, corpusUse.routesFromCorpus * 95 / 100)
        XCTAssertGreaterThan(Double(sameOrigin), 0.9 * Double(fromCorpus))
        XCTAssertGreaterThan(announcers.values.filter { $0.count >= 3 }.count, 100, "prefixes several members announce")
    }

    /// The large members (the two top tiers) put 3 to 10 informational communities on every
    /// route; the others a few.
    func testLargeMembersTagEveryRouteWithInformationalCommunities() throws {
        let d = try day()
        let tiers = try XCTUnwrap(d.report.corpus?.tiers)
        XCTAssertEqual(tiers.count, 4)
        XCTAssertGreaterThanOrEqual(tiers[0], 1)
        let rib = d.ribs[0]
        let counts = Dictionary(rib.map { ($0.peerASN, 1) }, uniquingKeysWith: +)
        let large = Set(counts.sorted { ($0.value, $0.key) > ($1.value, $1.key) }.prefix(tiers[0] + tiers[1]).map(\.key))
        var tagged: [Bool: (routes: Int, within: Int)] = [:]
        for entry in rib {
            let a = try Self.attributes(entry)
            let asn = entry.peerASN.rawValue
            let informational = a.communities.filter { UInt32($0.high) == asn }.count + a.largeCommunities.filter { $0.global == asn }.count
            let isLarge = large.contains(entry.peerASN)
            let within = isLarge ? (3...10).contains(informational) : informational <= 4
            tagged[isLarge, default: (0, 0)].routes += 1
            if within { tagged[isLarge, default: (0, 0)].within += 1 }
        }
        let big = try XCTUnwrap(tagged[true]), small = try XCTUnwrap(tagged[false])
        XCTAssertGreaterThan(big.routes, rib.count / 2, "the large members send most routes")
        XCTAssertGreaterThanOrEqual(big.within, big.routes * 99 / 100, "large members: 3-10 informational communities a route")
        XCTAssertGreaterThanOrEqual(small.within, small.routes * 99 / 100, "the others: 4 at most")
    }

    /// The two route servers hold the same routes but for the planted differences.
    func testTheRouteServersHoldAlmostTheSameRoutes() throws {
        let d = try day()
        let rs1 = Set(d.ribs[0]), rs2 = Set(d.ribs[1])
        let shared = rs1.intersection(rs2).count
        XCTAssertGreaterThanOrEqual(Double(shared), 0.99 * Double(max(rs1.count, rs2.count)))
        XCTAssertLessThan(shared, max(rs1.count, rs2.count), "the planted differences")
    }

    // MARK: the day's events

    /// More than 4/3 prefix events per route on each route server (2 million for 1.5 million
    /// routes): path changes, community changes, withdrawals and announcements again, and
    /// session resets, one of them a large member's.
    func testMoreThanOnePrefixEventPerRoute() throws {
        let d = try day()
        for (rs, server) in d.report.routeServers.enumerated() {
            var last: [String: PathAttributes] = [:]
            for entry in d.ribs[rs] { last["\(entry.peer) \(entry.prefix)"] = try Self.attributes(entry) }
            var announced = 0, withdrawn = 0, pathChanges = 0, communityChanges = 0, again = 0
            var summary = DecodeSummary()
            for file in d.report.files where file.path.hasPrefix("mrt/rs\(rs + 1)/") && file.path.contains("/updates.") {
                decodeRecords(of: d.directory + "/" + file.path, summary: &summary) { _, record in
                    guard case let .message(message) = record, case let .update(update) = message.message else { return }
                    let a = PathAttributes(update.attributes)
                    let prefixes = Array(update.announced) + (update.attributes.mpReach?.nlri.map(Array.init) ?? [])
                    let gone = Array(update.withdrawn) + (update.attributes.mpUnreach?.nlri.map(Array.init) ?? [])
                    for nlri in gone {
                        withdrawn += 1
                        last["\(message.peerAddress) \(nlri.prefix)"] = nil
                    }
                    for nlri in prefixes {
                        announced += 1
                        let key = "\(message.peerAddress) \(nlri.prefix)"
                        if let before = last[key] {
                            if before.asPath != a.asPath, before.asPath?.originASN == a.asPath?.originASN { pathChanges += 1 }
                            if before.asPath == a.asPath, before.communities != a.communities { communityChanges += 1 }
                        } else {
                            again += 1
                        }
                        last[key] = a
                    }
                }
            }
            XCTAssertTrue(summary.clean)
            XCTAssertEqual(announced, server.announcements)
            XCTAssertEqual(withdrawn, server.withdrawals)
            XCTAssertGreaterThanOrEqual(3 * (announced + withdrawn), 4 * server.routes, "rs\(rs + 1): prefix events")
            XCTAssertGreaterThan(pathChanges, server.routes / 20, "rs\(rs + 1)")
            XCTAssertGreaterThan(communityChanges, server.routes / 100, "rs\(rs + 1)")
            XCTAssertGreaterThan(withdrawn, server.routes / 5, "rs\(rs + 1)")
            XCTAssertGreaterThan(again, server.routes / 5, "rs\(rs + 1): announced again after a withdrawal or a reset")
        }
        let resets = d.report.planted.sessionResets
        XCTAssertFalse(resets.isEmpty)
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(resets.map(\.routesReannounced).max()), Self.options.routes / 200,
                                    "a large member's session reset")
    }

    // MARK: determinism

    func testSameSeedAndFilesGiveTheSameBytesAndAnotherSeedOthers() throws {
        let d = try day()
        let again = Self.temporaryDirectory("realistic-again"), other = Self.temporaryDirectory("realistic-other")
        defer {
            try? FileManager.default.removeItem(atPath: again)
            try? FileManager.default.removeItem(atPath: other)
        }
        let second = try SyntheticDay.generate(Self.options, into: again)
        XCTAssertEqual(second.files.map(\.path), d.report.files.map(\.path))
        for file in d.report.files {
            let a = try Data(contentsOf: URL(fileURLWithPath: d.directory + "/" + file.path))
            let b = try Data(contentsOf: URL(fileURLWithPath: again + "/" + file.path))
            XCTAssertTrue(a == b, "\(file.path) differs between two runs with the same seed")
        }
        var options = Self.options
        options.seed = 12
        let third = try SyntheticDay.generate(options, into: other)
        for file in third.files where file.path.contains("/bview.") {
            let a = try Data(contentsOf: URL(fileURLWithPath: d.directory + "/" + file.path))
            let b = try Data(contentsOf: URL(fileURLWithPath: other + "/" + file.path))
            XCTAssertFalse(a == b, "\(file.path) is the same with another seed")
        }
    }

    func testAFileWithoutRoutesIsRefusedWithItsName() throws {
        let directory = Self.temporaryDirectory("realistic-refused")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var options = Self.options
        options.realisticPaths = [directory + "/missing.gz"]
        XCTAssertThrowsError(try SyntheticDay.generate(options, into: directory)) { error in
            guard case let SynthError.corpus(path, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(path, directory + "/missing.gz")
        }
    }
}
