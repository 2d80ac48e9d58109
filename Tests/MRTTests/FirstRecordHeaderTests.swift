import BGP
import Foundation
import MRT
import XCTest

/// `MRTReader.firstRecordHeader`: the look at an update file's first record that orders a
/// merge of many files, in every container, and nil wherever it cannot be sure.
final class FirstRecordHeaderTests: XCTestCase {
    let writer = MRTWriter()
    let peer = BGPSpeaker(asn: ASN(8359), address: IPAddress("185.1.15.21")!)
    let local = BGPSpeaker(asn: ASN(8960), address: IPAddress("185.1.15.8")!)
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("ixaudit-first-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(at: directory) }

    func file(_ name: String, _ bytes: [UInt8]) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    /// Two UPDATEs: the first at 1100.000250 as BGP4MP_ET (type 17), the second at 1200.
    var records: [UInt8] {
        writer.update(timestamp: 1100, microseconds: 250, peer: peer, local: local, withdraw: [NLRI(prefix: Prefix("193.0.0.0/21")!)])
            + writer.update(timestamp: 1200, peer: peer, local: local, withdraw: [NLRI(prefix: Prefix("193.0.8.0/23")!)])
    }

    func testTheFirstHeaderInEveryContainer() throws {
        for (name, bytes) in [("plain", records), ("gz", Compressor.gzip(records)), ("bz2", Compressor.bzip2(records))] {
            let header = try XCTUnwrap(MRTReader.firstRecordHeader(path: try file("updates.\(name)", bytes)), name)
            XCTAssertEqual(header.timestamp, 1100, name)
            XCTAssertEqual(header.microseconds, 250, name)
            XCTAssertEqual(header.type, MRTType.bgp4mpET, name)
            // The ET length counts the 4 microsecond bytes; the header's length is the body's.
            XCTAssertEqual(Int(header.length) + 16, records.count - writer.update(timestamp: 1200, peer: peer, local: local, withdraw: [NLRI(prefix: Prefix("193.0.8.0/23")!)]).count, name)
        }
    }

    func testARecordWithoutMicrosecondsHasNone() throws {
        let plain = writer.update(timestamp: 1200, peer: peer, local: local, withdraw: [NLRI(prefix: Prefix("193.0.8.0/23")!)])
        let header = try XCTUnwrap(MRTReader.firstRecordHeader(path: try file("one.gz", Compressor.gzip(plain))))
        XCTAssertEqual(header.timestamp, 1200)
        XCTAssertNil(header.microseconds)
    }

    func testNilWhereTheFirstBytesAreNoHeader() throws {
        XCTAssertNil(MRTReader.firstRecordHeader(path: try file("empty", [])), "0 bytes")
        XCTAssertNil(MRTReader.firstRecordHeader(path: try file("short.gz", Compressor.gzip(Array(records.prefix(11))))), "11 bytes")
        XCTAssertNil(MRTReader.firstRecordHeader(path: try file("et-short", Array(records.prefix(14)))), "an ET header cut before its microseconds")
        // Type 99 is no MRT type: the caller decodes the file's first record instead.
        XCTAssertNil(MRTReader.firstRecordHeader(path: try file("damaged", [0, 0, 4, 0x4C, 0, 99, 0, 1, 0, 0, 0, 8] + records)))
        XCTAssertNil(MRTReader.firstRecordHeader(path: directory.appendingPathComponent("missing.gz").path))
        XCTAssertNil(MRTReader.firstRecordHeader(path: try file("corrupt.gz", [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 0xFF, 0xFF, 0xFF])))
    }
}
