import Foundation
import MRT
import XCTest

/// The fixtures of the speaker lab (scripts/speaker-lab/run.sh): Fixtures/speakers/<speaker>/,
/// or with `IXAUDIT_SPEAKER_FIXTURES` the directory a live run of the lab just wrote (`make
/// test-speakers`, in CI): the same checks against today's speakers.
enum SpeakerFixtures {
    static let directory = ProcessInfo.processInfo.environment["IXAUDIT_SPEAKER_FIXTURES"].map { URL(fileURLWithPath: $0) }
        ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/speakers")

    static func bytes(_ speaker: String, _ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent("\(speaker)/\(name)")))
    }

    static func text(_ speaker: String, _ name: String) throws -> String {
        String(decoding: try bytes(speaker, name), as: UTF8.self)
    }

    static func json(_ speaker: String, _ name: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(try bytes(speaker, name)))
    }
}

/// One route as a speaker's CLI shows it and as the decoder must give it: what the tests
/// compare (the path id where the session has ADD-PATH, nil otherwise).
struct SpeakerRoute: Hashable, Comparable, CustomStringConvertible {
    var prefix: String
    var pathID: UInt32?
    var nextHop: String
    var asPath: String

    static func < (a: SpeakerRoute, b: SpeakerRoute) -> Bool { a.description < b.description }
    var description: String { "\(prefix)#\(pathID.map(String.init) ?? "-") via \(nextHop) path \(asPath)" }

    /// The same route where the CLI does not show path ids.
    var withoutPathID: SpeakerRoute { SpeakerRoute(prefix: prefix, pathID: nil, nextHop: nextHop, asPath: asPath) }

    /// The routes of `dump` lines: RIB lines (TABLE_DUMP2, TABLE_DUMP2_AP) and announcements
    /// (BGP4MP `A`, BGP4MP_AP `A`); the _AP forms have the path id after the prefix.
    /// `peer` keeps only the lines of that peer address.
    static func decoded(_ lines: [String], peer: String? = nil) -> [SpeakerRoute] {
        lines.compactMap { line -> SpeakerRoute? in
            let f = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard f.count > 8, f[2] == "B" || f[2] == "A" else { return nil }
            if let peer, f[3] != peer { return nil }
            let addPath = f[0].hasSuffix("_AP")
            let shift = addPath ? 1 : 0
            return SpeakerRoute(prefix: f[5], pathID: addPath ? UInt32(f[6]) : nil, nextHop: f[8 + shift], asPath: f[6 + shift])
        }.sorted()
    }
}

/// Decodes a speaker's MRT file and checks that every record decoded cleanly.
func decodeSpeakerFile(_ speaker: String, _ name: String, file: StaticString = #filePath, line: UInt = #line,
                       inspect: (RecordHeader, MRTRecord) -> Void = { _, _ in }) throws -> Decoded {
    let result = try decode(try SpeakerFixtures.bytes(speaker, name), fixture: name, inspect: inspect)
    XCTAssertTrue(result.summary.clean, "\(speaker)/\(name): \(result.summary.report)", file: file, line: line)
    XCTAssertEqual(result.summary.recordsUnsupported, 0, "\(speaker)/\(name)", file: file, line: line)
    return result
}
