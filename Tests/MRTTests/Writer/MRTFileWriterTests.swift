import BGP
import Foundation
import MRT
import XCTest

/// `MRTFileWriter`: plain, gzip and bzip2 files written and read back with
/// `decodeRecords(of: path, ...)`, which detects the format from the content.
final class MRTFileWriterTests: XCTestCase {
    /// A dump and a stretch of updates: enough records (over 2 MB) to pass several staging blocks.
    static func sampleRecords(prefixes: Int = 6_000) -> [[UInt8]] {
        var writer = MRTWriter()
        let t: UInt32 = 1_763_683_200
        let table = PeerIndexTable(collectorID: 1, viewName: "", peers: [
            Peer(bgpID: 1, address: Example.ip("192.0.2.10"), asn: ASN(64496)),
            Peer(bgpID: 2, address: Example.ip("2001:db8::b"), asn: ASN(4_200_000_124)),
        ])
        var records = [writer.peerIndexTable(table, timestamp: t)]
        for i in 0..<prefixes {
            var a = Example.memberRoute([64496, UInt32(1000 + i % 50_000)], communities: [Community(64500, UInt16(i % 65_536))])
            a.med = UInt32(i)
            let prefix = Prefix(address: IPAddress(ipv4: 0x0B00_0000 + UInt32(i) << 8), length: 24)
            records.append(writer.rib(timestamp: t, prefix: prefix, entries: [RIBRoute(peerIndex: 0, originatedTime: t - UInt32(i), attributes: a)]))
        }
        for i in 0..<prefixes {
            let prefix = Prefix(address: IPAddress(ipv6High: 0x2001_0db8_0000_0000 | UInt64(i) << 16, low: 0), length: 48)
            if i % 3 == 0 {
                records.append(writer.update(timestamp: t + UInt32(i), microseconds: UInt32(i % 1_000_000), peer: Example.member6,
                                             local: Example.routeServer6, withdraw: [NLRI(prefix: prefix)]))
            } else {
                records.append(writer.update(timestamp: t + UInt32(i), peer: Example.member6, local: Example.routeServer6,
                                             announce: [NLRI(prefix: prefix)],
                                             attributes: Example.memberRoute6([4_200_000_123, UInt32(i)], linkLocal: "fe80::a")))
            }
        }
        records.append(writer.stateChange(timestamp: t + 86_399, peer: Example.member4, local: Example.routeServer4, from: .established, to: .idle))
        return records
    }

    func testEveryCompressionRoundTrips() throws {
        let directory = try scratchDirectory(self)
        let records = Self.sampleRecords()
        let plain = records.flatMap { $0 }
        let expected = try readBack(plain)
        XCTAssertEqual(expected.count, records.count)
        for compression in [Compression.none, .gzip, .bzip2] {
            let path = directory + "/updates.\(compression)"
            let file = try MRTFileWriter(path: path, compression: compression)
            try file.append(contentsOf: records)
            try file.finish()
            XCTAssertEqual(file.recordsWritten, records.count)
            XCTAssertEqual(file.uncompressedBytes, Int64(plain.count))

            let onDisk = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            XCTAssertEqual(Int64(onDisk.count), file.fileBytes)
            XCTAssertEqual(try MRTInput(path: path).compression, compression)
            switch compression {
            case .none: XCTAssertEqual(onDisk, plain)
            case .gzip: XCTAssertEqual(Array(onDisk.prefix(2)), [0x1F, 0x8B]); XCTAssertLessThan(onDisk.count, plain.count / 3)
            case .bzip2: XCTAssertEqual(Array(onDisk.prefix(3)), Array("BZh".utf8)); XCTAssertLessThan(onDisk.count, plain.count / 3)
            }
            XCTAssertEqual(try decompressedBytes(path), plain, "\(compression): decompressed bytes")

            let read = readBack(path: path)
            XCTAssertEqual(read.count, expected.count, "\(compression)")
            XCTAssertTrue(zip(read, expected).allSatisfy { $0.header == $1.header && $0.record == $1.record }, "\(compression)")
        }
    }

    func testSmallAndEmptyFiles() throws {
        let directory = try scratchDirectory(self)
        let record = MRTWriter().stateChange(timestamp: 1, peer: Example.member4, local: Example.routeServer4, from: .active, to: .openSent)
        for compression in [Compression.none, .gzip, .bzip2] {
            let one = directory + "/one.\(compression)"
            let file = try MRTFileWriter(path: one, compression: compression, level: 1)
            try file.append(record)
            try file.finish()
            try file.finish()  // a second finish does nothing
            XCTAssertEqual(readBack(path: one).compactMap(\.record.stateChange?.newState), [.openSent])

            let empty = directory + "/empty.\(compression)"
            try MRTFileWriter(path: empty, compression: compression).finish()
            XCTAssertEqual(readBack(path: empty).count, 0)
        }
    }

    func testErrorsNameTheFile() throws {
        let directory = try scratchDirectory(self)
        let missing = directory + "/no/such/dir/rib.gz"
        XCTAssertThrowsError(try MRTFileWriter(path: missing, compression: .gzip)) { error in
            guard case let .cannotCreate(file, _) = error as? MRTWriteError else { return XCTFail("\(error)") }
            XCTAssertEqual(file, missing)
            XCTAssertTrue("\(error)".contains(missing))
        }
        let path = directory + "/done.mrt"
        let file = try MRTFileWriter(path: path)
        try file.finish()
        XCTAssertThrowsError(try file.append([0])) { error in
            XCTAssertEqual(error as? MRTWriteError, .finished(file: path))
            XCTAssertTrue("\(error)".contains(path))
        }
    }
}
