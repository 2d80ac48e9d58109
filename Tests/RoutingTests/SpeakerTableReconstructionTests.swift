import BGP
import Foundation
import Routing
import XCTest

/// OpenBGPD wrote the same table as TABLE_DUMP and as BGP4MP_ENTRY (the MRT fixtures of the
/// speaker lab). BGP4MP_ENTRY carries the next hop in its own field, not in the attributes:
/// reconstructed from either file, every route has the same path and the same next hop.
final class SpeakerTableReconstructionTests: XCTestCase {
    private func routes(_ file: String) -> [String] {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../MRTTests/Fixtures/speakers/openbgpd/\(file)").standardized.path
        let reconstruction = Reconstruction()
        reconstruction.run([SourceInput(label: "rs", ribFiles: [path])])
        var lines: [String] = []
        for session in reconstruction.rib.sortedSessions {
            for (key, record) in session.presentRoutes {
                let a = reconstruction.rib.attributes[record.attributes]
                lines.append("\(session.id.peerAddress) \(key.prefix) via \(a.effectiveNextHop(for: key.prefix.family)?.description ?? "none") path \(a.asPath?.description ?? "")")
            }
        }
        return lines.sorted()
    }

    func testTableMPRoutesHaveTheNextHopOfTheirEntry() {
        let table = routes("openbgpd-table.mrt"), entries = routes("openbgpd-table-mp.mrt")
        XCTAssertFalse(table.isEmpty)
        XCTAssertEqual(entries, table)
        XCTAssertFalse(entries.contains { $0.contains("via none") }, "\(entries)")
    }
}
