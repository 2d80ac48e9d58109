import Foundation
import MRT
import XCTest

/// OpenBGPD 7.7's MRT (scripts/speaker-lab/openbgpd.sh): each file's routes must equal what
/// `bgpctl show rib` reported for the same table. Fixtures are in Fixtures/speakers/openbgpd/
/// (or a live run's, SpeakerFixtures), beside the CLI output they are checked against. FRR,
/// GoBGP and BIRD have their own test files.
final class SpeakerFixtureTests: XCTestCase {
    struct Route: Hashable, Comparable, CustomStringConvertible {
        var prefix: String, path: String, nextHop: String, localPref: String, med: String
        static func < (a: Route, b: Route) -> Bool { a.description < b.description }
        var description: String { "\(prefix) via \(nextHop) path \(path) lpref \(localPref) med \(med)" }
    }

    func bytes(_ speaker: String, _ name: String) throws -> [UInt8] {
        try SpeakerFixtures.bytes(speaker, name)
    }

    /// The routes of `dump` lines: TABLE_DUMP and TABLE_DUMP2 (with a path id column for _AP).
    func routes(_ lines: [String]) -> [Route] {
        lines.map { line in
            let f = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            let shift = f[0].hasSuffix("_AP") ? 1 : 0
            return Route(prefix: f[5], path: f[6 + shift], nextHop: f[8 + shift], localPref: f[9 + shift], med: f[10 + shift])
        }.sorted()
    }

    /// OpenBGPD 7.7 `bgpctl show rib`: flags, validation state, prefix, gateway, lpref, med,
    /// AS path, origin letter.
    func openBGPDReported() throws -> [Route] {
        let text = String(decoding: try bytes("openbgpd", "openbgpd-show-rib.txt"), as: UTF8.self)
        return text.split(separator: "\n").filter { $0.hasPrefix("*") }.map { line in
            let f = line.split(separator: " ").map(String.init)
            return Route(prefix: f[2], path: f[6..<(f.count - 1)].joined(separator: " "), nextHop: f[3], localPref: f[4], med: f[5])
        }.sorted()
    }

    func testOpenBGPDTableDumpsAllFormsEqualWhatBgpctlReported() throws {
        let reported = try openBGPDReported()
        XCTAssertEqual(reported.count, 4, "192.0.2.0/24 twice (ADD-PATH ids 1 and 2), 198.51.100.0/24, 203.0.113.0/24")
        for name in ["openbgpd-table.mrt", "openbgpd-table-v2.mrt", "openbgpd-table-mp.mrt"] {
            let result = try decode(try bytes("openbgpd", name))
            XCTAssertTrue(result.summary.clean, "\(name): \(result.summary.report)")
            XCTAssertEqual(result.summary.recordsUnsupported, 0, name)
            XCTAssertEqual(routes(result.lines), reported, name)
        }
    }

    func testOpenBGPDTableMPIsBGP4MPEntryAndMatchesTableDump() throws {
        // `dump table-mp` writes BGP4MP subtype 2; bgpdump and mrtparse print nothing for it.
        var subtypes: Set<UInt16> = []
        let mp = try decode(try bytes("openbgpd", "openbgpd-table-mp.mrt")) { header, _ in subtypes.insert(header.subtype) }
        XCTAssertEqual(subtypes, [2])
        let v1 = try decode(try bytes("openbgpd", "openbgpd-table.mrt"))
        XCTAssertEqual(mp.lines, v1.lines, "the same table, line for line (same dump time, peer shown with its 2-byte AS)")
        // OpenBGPD keeps AGGREGATOR in its 4-byte form and writes it so into the 2-byte
        // records (RFC 7606 7.7 would discard it; it is read as the 4-byte form instead).
        XCTAssertEqual(v1.summary.aggregatorsReadAsFourByte, 1)
        XCTAssert(v1.lines.contains { $0.hasSuffix("|AG|4200000001 192.0.2.9|") })
    }

    func testOpenBGPDAllInCarriesTheAnnouncementsWithTheirPathIDs() throws {
        let result = try decode(try bytes("openbgpd", "openbgpd-all-in.mrt"))
        XCTAssertTrue(result.summary.clean)
        let announced = result.lines.filter { $0.contains("|A|") }.map { line -> String in
            let f = line.split(separator: "|").map(String.init)
            return "\(f[5])#\(f[6]) \(f[7])"
        }.sorted()
        XCTAssertEqual(announced, ["192.0.2.0/24#1 4200000001 64496", "192.0.2.0/24#2 4200000001 64497",
                                   "198.51.100.0/24#1 4200000001", "203.0.113.0/24#1 4200000001 64498"])
    }
}
