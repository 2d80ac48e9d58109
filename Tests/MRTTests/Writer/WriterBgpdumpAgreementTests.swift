import BGP
import Foundation
import MRT
import XCTest

/// Files from the writer, printed by the reference decoder (`bgpdump -m`) and by ixaudit
/// (`decodeRecords` + `BgpdumpLineWriter`): the lines must be the same. Skipped where
/// bgpdump is not installed.
final class WriterBgpdumpAgreementTests: XCTestCase {
    static let bgpdump = "/usr/bin/bgpdump"

    /// A small IX day in one file: a route-server dump of both families with several members
    /// (ADD-PATH too), then updates of every kind and session state changes.
    static func ixDay() -> [[UInt8]] {
        var writer = MRTWriter()
        let t: UInt32 = 1_763_683_200
        let members: [(asn: UInt32, v4: String, v6: String)] = [
            (64496, "192.0.2.10", "2001:db8::a"), (4_200_000_123, "192.0.2.11", "2001:db8::b"),
            (15169, "192.0.2.12", "2001:db8::c"), (6939, "192.0.2.13", "2001:db8::d"),
        ]
        let peers = members.enumerated().flatMap { i, m in
            [Peer(bgpID: 0x0A00_0000 + UInt32(i), address: Example.ip(m.v4), asn: ASN(m.asn)),
             Peer(bgpID: 0x0A00_0000 + UInt32(i), address: Example.ip(m.v6), asn: ASN(m.asn))]
        }
        var records = [writer.peerIndexTable(PeerIndexTable(collectorID: 0xC000_02FE, viewName: "rs1", peers: peers), timestamp: t)]

        func route4(_ m: Int, _ path: [UInt32]) -> PathAttributes {
            var a = Example.memberRoute([members[m].asn] + path, communities: [Community(0, 6939), Community(64500, UInt16(m)), .noExport],
                                        nextHop: members[m].v4)
            a.largeCommunities = [LargeCommunity(64500, 0, 6939)]
            if m == 2 { a.med = 50; a.localPref = 100; a.atomicAggregate = true
                        a.aggregator = Aggregator(asn: ASN(4_200_000_001), address: Example.ip("192.0.2.12")) }
            if m == 3 { a.origin = .incomplete; a.onlyToCustomer = ASN(6939)
                        a.asPath!.segments.append(ASPath.Segment(.set, [ASN(64511), ASN(4_200_000_002)])) }
            return a
        }
        func route6(_ m: Int, _ path: [UInt32]) -> PathAttributes {
            var a = Example.memberRoute6([members[m].asn] + path, nextHop: members[m].v6, linkLocal: m % 2 == 0 ? "fe80::\(m + 1)" : nil)
            a.communities = [Community(64500, 1)]
            if m == 1 { a.med = 0xFFFF_FFFF }
            return a
        }
        for (i, prefix) in ["8.8.8.0/24", "1.1.1.0/24", "203.0.113.0/24", "0.0.0.0/0"].enumerated() {
            let routes = (0..<members.count).filter { ($0 + i) % 3 != 0 }.map {
                RIBRoute(peerIndex: UInt16(2 * $0), originatedTime: t - UInt32(100 * $0), attributes: route4($0, [3356, 15169]))
            }
            records.append(writer.rib(timestamp: t, prefix: Example.prefix(prefix), entries: routes))
        }
        for (i, prefix) in ["2001:4860::/32", "2a00:1450::/29", "2001:db8:ffff::/48"].enumerated() {
            let routes = (0..<members.count).filter { ($0 + i) % 2 == 0 }.map {
                RIBRoute(peerIndex: UInt16(2 * $0 + 1), originatedTime: t - 7, attributes: route6($0, [6939]))
            }
            records.append(writer.rib(timestamp: t, prefix: Example.prefix(prefix), entries: routes))
        }
        records.append(writer.rib(timestamp: t, prefix: Example.prefix("9.9.9.0/24"), entries: [
            RIBRoute(peerIndex: 0, originatedTime: t, pathID: 1, attributes: route4(0, [19281])),
            RIBRoute(peerIndex: 0, originatedTime: t, pathID: 2, attributes: route4(0, [3356, 19281])),
        ], addPath: true))
        records.append(writer.rib(timestamp: t, prefix: Example.prefix("2620:fe::/48"), entries: [
            RIBRoute(peerIndex: 1, originatedTime: t, pathID: 7, attributes: route6(0, [19281])),
        ], addPath: true))
        var many = route4(1, [174])
        many.communities = (0..<120).map { Community(64500, UInt16($0)) }
        records.append(writer.rib(timestamp: t, prefix: Example.prefix("100.64.0.0/10"),
                                  entries: [RIBRoute(peerIndex: 2, originatedTime: t, attributes: many)]))

        let rs4 = Example.routeServer4, rs6 = Example.routeServer6
        for (m, member) in members.enumerated() {
            let s4 = BGPSpeaker(asn: ASN(member.asn), address: Example.ip(member.v4))
            let s6 = BGPSpeaker(asn: ASN(member.asn), address: Example.ip(member.v6))
            let at = t + 60 * UInt32(m + 1)
            records.append(writer.update(timestamp: at, peer: s4, local: rs4,
                                         announce: Example.nlri(["198.51.100.0/24", "198.51.101.0/24"]),
                                         withdraw: Example.nlri(["203.0.113.0/24"]), attributes: route4(m, [174])))
            records.append(writer.update(timestamp: at, microseconds: 123_456, peer: s6, local: rs6,
                                         announce: Example.nlri(["2001:db8:100::/40"]), withdraw: Example.nlri(["2001:db8:ffff::/48"]),
                                         attributes: route6(m, [])))
            records.append(writer.update(timestamp: at + 1, peer: s6, local: rs6, withdraw: Example.nlri(["2001:db8:100::/40"])))
            records.append(writer.update(timestamp: at + 2, peer: s4, local: rs4, announce: Example.nlri(["198.51.102.0/23"]),
                                         attributes: route4(m, [3356, 4_200_000_555]), asnSize: 2))
            records.append(writer.update(timestamp: at + 3, peer: s4, local: rs4,
                                         announce: [NLRI(pathID: 1, prefix: Example.prefix("192.0.2.0/24"))],
                                         withdraw: [NLRI(pathID: 2, prefix: Example.prefix("192.0.2.0/24"))],
                                         attributes: route4(m, []), addPath: true))
            records.append(writer.stateChange(timestamp: at + 4, peer: s4, local: rs4, from: .established, to: .idle))
            records.append(writer.stateChange(timestamp: at + 5, microseconds: 1, peer: s6, local: rs6, from: .openConfirm, to: .established, asnSize: 2))
        }
        var longUpdate = route4(0, [])
        longUpdate.communities = (0..<200).map { Community(65000, UInt16($0)) }
        records.append(writer.update(timestamp: t + 3600, peer: Example.member4, local: rs4,
                                     announce: Example.nlri(["192.0.2.0/25", "192.0.2.128/25"]), attributes: longUpdate))
        return records
    }

    func testBgpdumpPrintsTheSameLines() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.bgpdump) else {
            throw XCTSkip("\(Self.bgpdump) is not installed")
        }
        let directory = try scratchDirectory(self)
        let records = Self.ixDay()
        for compression in [Compression.none, .gzip, .bzip2] {
            // bgpdump picks its decompressor by the file name's suffix.
            let suffix = [Compression.none: "", .gzip: ".gz", .bzip2: ".bz2"][compression]!
            let path = directory + "/updates.20261121.0000" + suffix
            let file = try MRTFileWriter(path: path, compression: compression)
            try file.append(contentsOf: records)
            try file.finish()

            let reference = try run(Self.bgpdump, ["-q", "-m", path])
            var ours: [UInt8] = []
            var summary = DecodeSummary()
            let writer = BgpdumpLineWriter()
            decodeRecords(of: path, summary: &summary) { header, record in
                writer.write(record, header: header, to: &ours)
            }
            XCTAssertTrue(summary.clean, "\(summary.report)")
            compare(ours, reference, "\(compression)")
        }
    }

    /// The same with `-l`: large communities after the standard ones.
    func testBgpdumpPrintsTheSameLargeCommunities() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.bgpdump) else {
            throw XCTSkip("\(Self.bgpdump) is not installed")
        }
        let path = try scratchDirectory(self) + "/rib.20261121.0000"
        let file = try MRTFileWriter(path: path)
        try file.append(contentsOf: Self.ixDay())
        try file.finish()
        let reference = try run(Self.bgpdump, ["-q", "-m", "-l", path])
        var ours: [UInt8] = []
        var summary = DecodeSummary()
        let writer = BgpdumpLineWriter(includeLargeCommunities: true)
        decodeRecords(of: path, summary: &summary) { header, record in
            writer.write(record, header: header, to: &ours)
        }
        XCTAssertTrue(ours.count > 0 && String(decoding: ours, as: UTF8.self).contains("|64500:0:6939|"))
        compare(ours, reference, "-l")
    }

    private func compare(_ ours: [UInt8], _ reference: String, _ context: String,
                         file: StaticString = #filePath, line: UInt = #line) {
        let ourLines = String(decoding: ours, as: UTF8.self).split(separator: "\n").map(String.init)
        let referenceLines = reference.split(separator: "\n").map(String.init)
        XCTAssertGreaterThan(ourLines.count, 50, file: file, line: line)
        XCTAssertEqual(ourLines.count, referenceLines.count, "\(context): line count", file: file, line: line)
        for (index, (mine, theirs)) in zip(ourLines, referenceLines).enumerated() where mine != theirs {
            XCTFail("\(context) line \(index + 1):\n ixaudit: \(mine)\n bgpdump: \(theirs)", file: file, line: line)
        }
    }

    /// Standard output of a command (standard error discarded).
    private func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "\(executable) \(arguments.joined(separator: " "))")
        return String(decoding: data, as: UTF8.self)
    }
}
