import BGP
import Foundation
import Job
import MRT
import RouteServer
import Routing
import XCTest
@testable import Audit

/// A prefix a dozen members announce (transit networks do, at a large IX): every one of them
/// is found among its announcers, whatever its place in the sorted run. The look-up halves
/// runs of more than 8 announcers; the member at the halving point was lost, and traffic to
/// and from its prefixes was reported as unannounced.
final class TrafficManyAnnouncersTests: XCTestCase {
    func testEveryAnnouncerOfAPrefixAnnouncedByTwelveMembersIsFound() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ixaudit-announcers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let prefix = Prefix("82.30.0.0/16")!
        let speakers = (0..<12).map { (i: UInt32) -> BGPSpeaker in
            BGPSpeaker(asn: ASN(63_000 + 10 * i), address: IPAddress(ipv4: 0xB901_0F15 + i))
        }
        var writer = MRTWriter()
        let table = PeerIndexTable(collectorID: 0xB901_0F08, viewName: "master",
                                   peers: speakers.map { Peer(bgpID: $0.address.ipv4Value, address: $0.address, asn: $0.asn) })
        let entries = speakers.indices.map { i -> RIBRoute in
            var a = PathAttributes()
            a.origin = .igp
            a.asPath = ASPath(sequence: [speakers[i].asn.rawValue, 20_940])
            a.nextHop = speakers[i].address
            return RIBRoute(peerIndex: UInt16(i), originatedTime: 900, attributes: a)
        }
        let rib = directory.appendingPathComponent("rs1-rib").path
        let file = try MRTFileWriter(path: rib, compression: .none)
        try file.append(contentsOf: [writer.peerIndexTable(table, timestamp: 1000), writer.rib(timestamp: 1000, prefix: prefix, entries: entries)])
        try file.finish()

        let macs = speakers.indices.map { String(format: "02:00:00:00:00:%02x", $0) }
        let list = speakers.indices.map { Member(asn: speakers[$0].asn, ipv4: [speakers[$0].address], macAddresses: [MACAddress(macs[$0])!]) }
        let job = JobFile(ixp: IXPConfig(name: "Test IX", routeServers: [RouteServerConfig(label: "rs1", asn: ASN(8960), ipv4: IPAddress("185.1.15.8")!)]),
                          policy: .preset("none"), members: .inline(list), sources: [SourceConfig(label: "rs1", ribFiles: [rib])])
        let members = try job.memberDirectory()
        let reconstruction = Reconstruction()
        reconstruction.run(job.sources.map { (source: SourceConfig) in source.input })
        let inputs = AuditInputs(job: job, members: members, policy: ImportPolicy(name: "none"), rib: reconstruction.rib,
                                 reconstruction: reconstruction.summary, simulation: [], flows: [],
                                 peeringLANs: [Prefix("185.1.15.0/24")!])
        let index = TrafficIndex(inputs)
        let entry = index.table.lookup(IPAddress("82.30.1.1")!)
        XCTAssertEqual(index.announcerCount(entry), 12)
        for (m, asn) in index.asns.enumerated() {
            XCTAssertGreaterThanOrEqual(index.find(Int32(m), entry, count: index.announcerCount(entry)).position, 0,
                                        "AS\(asn) announces \(prefix)")
        }
        XCTAssertEqual(index.asns.count, 12)
    }
}
