import BGP
import Foundation
import Job
import MRT
import RouteServer
import Routing
@testable import Audit

/// The hand-worked IX day of the traffic tests, written as MRT files and reconstructed, with
/// the route server simulated. Peering LANs 185.1.15.0/24 and 2001:7f8:7a::/64; rs1 is AS8960
/// at 185.1.15.8; a bilateral collector `col` sees B and D. The policy rejects IPv4 longer
/// than /24 (and nothing else).
///
/// | member | ASN | address | MAC | announces |
/// | --- | --- | --- | --- | --- |
/// | A Alpha | 3216 | .21, 2001:7f8:7a::3216:1 | 02:00:00:00:32:16 | rs1: 81.21.0.0/16, 2a01:3216::/32 |
/// | B Beta | 8359 | .30 | 02:00:00:00:83:59 | rs1: 82.30.0.0/16 (open), 82.30.128.0/24 (0:3216: not to A), 83.30.0.0/16 (0:3216), 84.30.0.0/16 (0:8960 8960:8447: only C), 89.30.0.0/25 (rejected: too long), 88.30.0.0/16 (withdrawn at t=2000); col: 87.30.0.0/16 |
/// | C Gamma | 8447 | .31 | 02:00:00:00:84:47 | rs1: 85.31.0.0/16 |
/// | D Delta | 8342 | .32 (no route-server session) | 02:00:00:00:83:42 | col: 86.32.0.0/16 |
///
/// rs1 carries 7 accepted prefixes at the end of the day (81.21/16, 2a01:3216::/32, 82.30/16,
/// 82.30.128/24, 83.30/16, 84.30/16, 85.31/16). In best mode A gets 82.30/16 and 85.31/16 (2 of
/// 7), B gets 81.21/16 and 85.31/16 (2), C gets all five IPv4 prefixes of A and B (5), D nothing.
final class TrafficDay {
    static let macA = "02:00:00:00:32:16", macB = "02:00:00:00:83:59", macC = "02:00:00:00:84:47"
    static let macD = "02:00:00:00:83:42", macUnknown = "02:00:00:00:99:99"
    static let header = "timestamp,src_mac,dst_mac,src_ip,dst_ip,bytes,packets,sampling_rate"

    let a = ASN(3216), b = ASN(8359), c = ASN(8447), d = ASN(8342)
    let directory: URL
    let job: JobFile
    let members: MemberDirectory
    let policy: ImportPolicy
    let reconstruction: Reconstruction
    let simulation: [ExportResult]

    /// `extra`: more rs1 routes, as (member letter, prefix, communities).
    init(extra: [(member: Character, prefix: String, communities: String)] = []) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("ixaudit-traffic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let rs = BGPSpeaker(asn: ASN(8960), address: IPAddress("185.1.15.8")!)
        let speakerA = BGPSpeaker(asn: a, address: IPAddress("185.1.15.21")!)
        let speakerA6 = BGPSpeaker(asn: a, address: IPAddress("2001:7f8:7a::3216:1")!)
        let speakerB = BGPSpeaker(asn: b, address: IPAddress("185.1.15.30")!)
        let speakerC = BGPSpeaker(asn: c, address: IPAddress("185.1.15.31")!)
        let speakerD = BGPSpeaker(asn: d, address: IPAddress("185.1.15.32")!)

        var writer = MRTWriter()
        let peers = [speakerA, speakerA6, speakerB, speakerC]
        var records = [writer.peerIndexTable(Self.table(peers), timestamp: 1000)]
        let routes: [(peer: Int, prefix: String, communities: String)] = [
            (0, "81.21.0.0/16", ""), (1, "2a01:3216::/32", ""),
            (2, "82.30.0.0/16", ""), (2, "82.30.128.0/24", "0:3216"), (2, "83.30.0.0/16", "0:3216"),
            (2, "84.30.0.0/16", "0:8960 8960:8447"), (2, "89.30.0.0/25", ""), (2, "88.30.0.0/16", ""),
            (3, "85.31.0.0/16", ""),
        ] + extra.map { (["A": 0, "B": 2, "C": 3][$0.member]!, $0.prefix, $0.communities) }
        for route in routes {
            let attributes = Self.attributes(peers[route.peer], route.communities)
            records.append(writer.rib(timestamp: 1000, prefix: Prefix(route.prefix)!,
                                      entries: [RIBRoute(peerIndex: UInt16(route.peer), originatedTime: 900, attributes: attributes)]))
        }
        let rib = try Self.write(directory, "rs1-rib.gz", records)
        let updates = try Self.write(directory, "rs1-updates.gz", [
            writer.update(timestamp: 2000, peer: speakerB, local: rs, withdraw: [NLRI(prefix: Prefix("88.30.0.0/16")!)]),
        ])
        var collector = MRTWriter()
        let collectorRIB = try Self.write(directory, "col-rib.gz", [
            collector.peerIndexTable(Self.table([speakerB, speakerD]), timestamp: 1000),
            collector.rib(timestamp: 1000, prefix: Prefix("87.30.0.0/16")!,
                          entries: [RIBRoute(peerIndex: 0, originatedTime: 900, attributes: Self.attributes(speakerB, ""))]),
            collector.rib(timestamp: 1000, prefix: Prefix("86.32.0.0/16")!,
                          entries: [RIBRoute(peerIndex: 1, originatedTime: 900, attributes: Self.attributes(speakerD, ""))]),
        ])

        let list = [
            Member(asn: a, name: "Alpha", ipv4: [speakerA.address], ipv6: [speakerA6.address], macAddresses: [MACAddress(Self.macA)!]),
            Member(asn: b, name: "Beta", ipv4: [speakerB.address], macAddresses: [MACAddress(Self.macB)!]),
            Member(asn: c, name: "Gamma", ipv4: [speakerC.address], macAddresses: [MACAddress(Self.macC)!]),
            Member(asn: d, name: "Delta", ipv4: [speakerD.address], routeServer: false, macAddresses: [MACAddress(Self.macD)!]),
        ]
        job = JobFile(ixp: IXPConfig(name: "Test IX", routeServers: [RouteServerConfig(label: "rs1", asn: ASN(8960), ipv4: rs.address)]),
                      policy: .preset("traffic-test"), members: .inline(list),
                      sources: [SourceConfig(label: "rs1", ribFiles: [rib], updateFiles: [updates]),
                                SourceConfig(label: "col", ribFiles: [collectorRIB])])
        members = try job.memberDirectory()
        var policy = ImportPolicy(name: "traffic-test")
        policy.prefixLength = PrefixLengthRule(clause: "S3")
        self.policy = policy
        reconstruction = Reconstruction()
        reconstruction.run(job.sources.map(\.input))
        simulation = RouteServerSimulation.run(rib: reconstruction.rib, job: job, members: members, policy: policy)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// The day's inputs with these flow files.
    /// The day's inputs with these flow files; `peeringLANs` as an IX-F export gives them.
    func inputs(flows: [String], settings: TrafficSettings = TrafficSettings(), simulated: Bool = true,
                peeringLANs: [Prefix] = [Prefix("185.1.15.0/24")!, Prefix("2001:7f8:7a::/64")!]) -> AuditInputs {
        var all = AuditSettings()
        all.traffic = settings
        return AuditInputs(job: job, members: members, policy: policy, rib: reconstruction.rib,
                           reconstruction: reconstruction.summary, simulation: simulated ? simulation : [],
                           flows: flows.compactMap { try? FlowReader(path: $0) },
                           peeringLANs: peeringLANs, settings: all)
    }

    /// Writes flow text to a file of the day's directory, compressed as asked.
    func flowFile(_ name: String, _ text: String, compression: Compression = .none) throws -> String {
        try Self.write(directory, name, [Array(text.utf8)], compression: compression)
    }

    /// Runs the traffic checks on CSV lines (the header is added) and returns the result and
    /// the issues reported.
    func run(_ lines: [String], settings: TrafficSettings = TrafficSettings(), simulated: Bool = true) throws
        -> (result: TrafficResult, issues: [String]) {
        let path = try flowFile("flows-\(UUID().uuidString).csv", ([Self.header] + lines).joined(separator: "\n") + "\n")
        var issues: [String] = []
        let result = TrafficAnalysis.run(inputs(flows: [path], settings: settings, simulated: simulated)) { issues.append($0) }
        return (result, issues)
    }

    private static func table(_ speakers: [BGPSpeaker]) -> PeerIndexTable {
        PeerIndexTable(collectorID: 0xB9010F08, viewName: "master",
                       peers: speakers.map { Peer(bgpID: UInt32(truncatingIfNeeded: $0.address.low) | 1, address: $0.address, asn: $0.asn) })
    }

    private static func attributes(_ speaker: BGPSpeaker, _ communities: String) -> PathAttributes {
        var a = PathAttributes()
        a.origin = .igp
        a.asPath = ASPath(sequence: [speaker.asn.rawValue])
        if speaker.address.family == .ipv4 { a.nextHop = speaker.address } else { a.mpNextHop = MPNextHop(address: speaker.address) }
        a.communities = communities.split(separator: " ").compactMap { Community(String($0)) }
        return a
    }

    private static func write(_ directory: URL, _ name: String, _ records: [[UInt8]], compression: Compression? = nil) throws -> String {
        let path = directory.appendingPathComponent(name).path
        let file = try MRTFileWriter(path: path, compression: compression ?? (name.hasSuffix(".gz") ? .gzip : .none))
        try file.append(contentsOf: records)
        try file.finish()
        return path
    }
}

/// CSV lines of samples, `count` identical ones at a time.
struct TrafficLines {
    private(set) var lines: [String] = []

    mutating func add(_ count: Int, _ sourceMAC: String, _ destinationMAC: String, from source: String, to destination: String,
                      bytes: Int, rate: Int = 1, time: Int = 1_000) {
        let line = "\(time),\(sourceMAC),\(destinationMAC),\(source),\(destination),\(bytes),1,\(rate)"
        lines += repeatElement(line, count: count)
    }
}

extension TrafficResult {
    func findings(_ check: Check) -> [Finding] { findings.filter { $0.check == check } }
}
