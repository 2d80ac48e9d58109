import BGP
import Foundation
import MRT
import Routing
import XCTest

/// Sources are read side by side, each into a RIB of its own, then joined. Whatever the
/// scheduling, the day must be the one each source gives read alone: the same sessions with
/// the same routes and attribute values, the first source's attribute ids unchanged, the
/// counts added, and the data problems reported source by source in the order given.
final class SourcesSideBySideTests: XCTestCase {
    /// Three real sources: a RIB dump with its updates, an IX collector's stream, and a
    /// stream with damaged records (its problems must come out after the others').
    private func sources(_ corpus: URL) -> [SourceInput] {
        let mrt = { corpus.appendingPathComponent("mrt/" + $0).path }
        return [
            SourceInput(label: "rrc-2002", ribFiles: [mrt("bview.20020722.2337.gz")], updateFiles: [mrt("updates.20020722.2238.gz")]),
            SourceInput(label: "ix-2016", updateFiles: [mrt("updates.20160811.1600.gz")]),
            SourceInput(label: "damaged", updateFiles: [mrt("updates.long_withdrawal.gz"), mrt("updates.nlri_mask_trailing_bits.gz")]),
        ]
    }

    func testTogetherEqualsEachSourceAlone() throws {
        let all = sources(try corpusDirectory())
        var issuesTogether: [String] = []
        let together = Reconstruction()
        together.run(all) { issuesTogether.append($0.description) }

        var issuesAlone: [String] = []
        var sessions = 0, ribEntries = 0, updateMessages = 0
        for (index, source) in all.enumerated() {
            // Ending at the same time as the day read together (the last route-count sample and
            // the last-seen times of the routes still present depend on it).
            let alone = Reconstruction(until: together.summary.end)
            alone.run([source]) { issuesAlone.append($0.description) }
            sessions += alone.rib.sessions.count
            ribEntries += alone.summary.ribEntries
            updateMessages += alone.summary.updateMessages
            for session in alone.rib.sortedSessions {
                let joined = try XCTUnwrap(together.rib.sessions[session.id], "\(session.id) missing when read together")
                XCTAssertEqual(joined.announcements, session.announcements, "\(session.id)")
                XCTAssertEqual(joined.resets, session.resets, "\(session.id)")
                XCTAssertEqual(joined.series.count, session.series.count, "\(session.id)")
                let mine = joined.presentRoutes, theirs = session.presentRoutes
                XCTAssertEqual(mine.map(\.key), theirs.map(\.key), "\(session.id): routes")
                for (a, b) in zip(mine, theirs) {
                    XCTAssertEqual(together.rib.attributes[a.record.attributes], alone.rib.attributes[b.record.attributes],
                                   "\(session.id) \(a.key): attributes")
                    XCTAssertEqual(a.record.firstSeen, b.record.firstSeen)
                    XCTAssertEqual(a.record.lastSeen, b.record.lastSeen)
                    XCTAssertEqual(a.record.communityChanges, b.record.communityChanges)
                    if index == 0 { XCTAssertEqual(a.record.attributes, b.record.attributes, "the first source keeps its ids") }
                }
                let countsTogether = Dictionary(uniqueKeysWithValues: joined.updateAttributes.counts.map { (together.rib.attributes[$0.id], $0.prefixes) })
                let countsAlone = Dictionary(uniqueKeysWithValues: session.updateAttributes.counts.map { (alone.rib.attributes[$0.id], $0.prefixes) })
                XCTAssertEqual(countsTogether, countsAlone, "\(session.id): attribute sets of the updates")
            }
        }
        XCTAssertEqual(together.rib.sessions.count, sessions)
        XCTAssertEqual(together.summary.ribEntries, ribEntries)
        XCTAssertEqual(together.summary.updateMessages, updateMessages)
        XCTAssertGreaterThan(ribEntries, 100_000)
        XCTAssertFalse(issuesAlone.isEmpty, "the damaged source has problems to report")
        XCTAssertEqual(issuesTogether, issuesAlone, "problems in source order, as if read one after the other")
    }

    func testReadingTwiceGivesTheSameIDs() throws {
        let all = sources(try corpusDirectory())
        let first = Reconstruction(), second = Reconstruction()
        first.run(all)
        second.run(all)
        XCTAssertEqual(first.rib.attributes.count, second.rib.attributes.count)
        for session in first.rib.sortedSessions {
            let other = try XCTUnwrap(second.rib.sessions[session.id])
            XCTAssertEqual(session.presentRoutes.map(\.record.attributes), other.presentRoutes.map(\.record.attributes), "\(session.id)")
        }
    }
}
