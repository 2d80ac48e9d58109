import BGP
import Foundation
import MRT
import Routing
import XCTest

/// A night's update files, many and in any order, plain, gzip or bzip2, reconstruct exactly
/// what the same records do in one file in time order: the merge orders the files by their
/// first header and decompresses the file it reaches next ahead of time.
final class UpdateMergeTests: XCTestCase {
    var files: MRTFiles!
    let writer = MRTWriter()
    let rs = Fixture.routeServer, members = [Fixture.memberA, Fixture.memberB]
    let prefixes = (0..<24).map { Fixture.prefix("193.0.\($0 * 4).0/22") }
    lazy var paths = [Fixture.attributes(path: [8359, 3333], nextHop: "185.1.15.21"),
                      Fixture.attributes(path: [8359, 8359, 3333], nextHop: "185.1.15.21"),
                      Fixture.attributes(path: [8447, 174], nextHop: "185.1.15.22", communities: [Community(8960, 8960)])]

    override func setUpWithError() throws { files = try MRTFiles() }
    override func tearDown() { files.remove() }

    /// 2026-11-21 00:00 UTC: a time of the MRT era, which the search past damage looks for.
    let midnight: UInt32 = 1_795_219_200

    /// 600 UPDATEs at distinct times, a second apart from `midnight` (announce or withdraw,
    /// either member, any prefix), from a fixed pseudo-random sequence.
    func events() -> [(time: UInt32, record: [UInt8])] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        return (0..<600).map { index in
            let time = midnight + UInt32(index)
            let member = members[next(2)]
            let nlri = [NLRI(prefix: prefixes[next(prefixes.count)])]
            let record = next(3) == 0
                ? writer.update(timestamp: time, peer: member, local: rs, withdraw: nlri)
                : writer.update(timestamp: time, peer: member, local: rs, announce: nlri, attributes: paths[next(paths.count)])
            return (time, record)
        }
    }

    func write(_ name: String, _ records: [[UInt8]], _ compression: Compression) throws -> String {
        let path = files.directory.appendingPathComponent(name).path
        let file = try MRTFileWriter(path: path, compression: compression)
        try file.append(contentsOf: records)
        try file.finish()
        return path
    }

    /// Every session's routes with what the reconstruction recorded of them.
    func state(_ r: Reconstruction) -> [String] {
        r.rib.sortedSessions.flatMap { session in
            session.routes.keys.compactMap { key -> String? in
                guard let record = session.routes[key] else { return nil }
                return "\(session.id) \(key.prefix) present=\(record.isPresent) attributes=\(r.rib.attributes[record.attributes].asPath) "
                    + "first=\(record.firstSeen) last=\(record.lastSeen) flaps=\(record.flaps) changes=\(record.attributeChanges)"
            } + ["\(session.id) updates=\(session.updates) announced=\(session.announcements) withdrawn=\(session.withdrawals)"]
        }
    }

    func testThirtyFilesInAnyOrderReadLikeOneFileInTimeOrder() throws {
        let all = events()
        // 30 files of 20 records; neighbours overlap in time: the last record of each file
        // moves to the next file's middle (each file stays in time order inside).
        var chunks = stride(from: 0, to: all.count, by: 20).map { Array(all[$0..<($0 + 20)]) }
        for index in 0..<(chunks.count - 1) {
            let moved = chunks[index].removeLast()
            chunks[index + 1].insert(moved, at: 0)
            chunks[index + 1].sort { $0.time < $1.time }
        }
        let containers: [Compression] = [.gzip, .none, .bzip2]
        var paths = try chunks.enumerated().map { index, chunk in
            try write("updates.\(index)", chunk.map(\.record), containers[index % containers.count])
        }
        // Given in a shuffled order, with an empty file and one whose first bytes are damaged
        // (no header to look at: its first record is decoded to place it).
        paths.reverse()
        paths.swapAt(3, 17)
        paths.insert(try write("empty.gz", [], .gzip), at: 5)
        var damaged = [UInt8](repeating: 0xEE, count: 40)
        damaged += writer.update(timestamp: midnight + 599, microseconds: 500, peer: members[0], local: rs, withdraw: [NLRI(prefix: prefixes[0])])
        paths.insert(try write("damaged", [damaged], .none), at: 9)
        let reference = try write("reference", all.map(\.record) + [damaged], .none)

        let merged = Reconstruction(seriesInterval: 100)
        merged.run([SourceInput(label: "rs1", updateFiles: paths)])
        let alone = Reconstruction(seriesInterval: 100)
        alone.run([SourceInput(label: "rs1", updateFiles: [reference])])

        XCTAssertEqual(merged.summary.updateMessages, 601)
        XCTAssertEqual(merged.summary.outOfOrderRecords, 0)
        XCTAssertEqual(merged.summary.files.count, 32)
        XCTAssertEqual(state(merged), state(alone))
        XCTAssertEqual(merged.summary.start, midnight)
        XCTAssertEqual(merged.summary.end, midnight + 599)
        // Both members hold routes of many prefixes: the comparison is not of two empty states.
        XCTAssertGreaterThan(state(alone).count, 30)
    }
}
