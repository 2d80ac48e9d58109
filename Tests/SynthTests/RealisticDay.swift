import BGP
import Foundation
import MRT
import Synth
import XCTest

/// A scaled-down large IXP's day (`--realistic-paths`): 60 members, 20,000 routes per route
/// server, four update files, no flows, and the real RIS updates shipped in data/sample as the
/// corpus. Generated once for the realistic-day tests, its RIB dumps decoded; removed when the
/// test process ends.
final class RealisticDay {
    static let corpus = SampleDayTests.packageRoot + "/data/sample/ris-rrc-ix-updates.20160811.1600.gz"
    static let options = SynthOptions(seed: 11, members: 60, routes: 20_000, updateInterval: 21_600, flowSamples: 0,
                                      realisticPaths: [corpus])

    /// One RIB entry: who sent it, the prefix, the attribute block as written.
    struct Entry: Hashable {
        var peerASN: ASN
        var peer: IPAddress
        var prefix: Prefix
        var block: [UInt8]
    }

    let directory: String
    let report: SynthReport
    /// Per route server, the RIB dump's entries.
    let ribs: [[Entry]]

    private static let made: Result<RealisticDay, Error> = Result { try RealisticDay() }

    static func shared() throws -> RealisticDay { try made.get() }

    nonisolated(unsafe) private static var removeAtExit: String?

    private init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("ixaudit-realistic-\(UUID().uuidString)").path
        RealisticDay.removeAtExit = directory
        atexit { if let path = RealisticDay.removeAtExit { try? FileManager.default.removeItem(atPath: path) } }
        report = try SyntheticDay.generate(Self.options, into: directory)
        ribs = try report.files.filter { $0.path.contains("/bview.") }.map { [directory] file in
            try Self.entries(directory + "/" + file.path)
        }
    }

    static func entries(_ path: String) throws -> [Entry] {
        var summary = DecodeSummary()
        var out: [Entry] = []
        decodeRecords(of: path, summary: &summary) { _, record in
            guard case let .rib(rib) = record else { return }
            for e in rib.entries {
                out.append(Entry(peerASN: e.peer.asn, peer: e.peer.address, prefix: rib.prefix, block: Array(e.attributes.block)))
            }
        }
        XCTAssertTrue(summary.clean, summary.report.joined(separator: "\n"))
        return out
    }
}
