@testable import Audit
import BGP
import Foundation
import Job
import MRT
import RouteServer
import Routing

/// A small IX day for the leak, transit-abuse and route-server-use tests, written as MRT files
/// and reconstructed as the pipeline does: per source, a RIB dump at `LeakDay.start` and one
/// update file. SmartHub IX: route servers rs1 185.1.15.8 and rs2 185.1.15.9 (AS8960), LAN
/// 185.1.15.0/24 and 2001:7f8:7a::/64, policy smarthub-ix. The members (`LeakDay.members`):
/// A AS3216 "Alpha" .21, B AS8359 "Bravo" .30, C AS8447 "Charlie" .31, each with
/// 2001:7f8:7a::<n> where n is the last octet; their max-prefix comes from the policy
/// unless a test passes a member list.
struct LeakDay {
    /// 2026-11-21 00:00:00 UTC.
    static let start: UInt32 = 1_795_219_200
    static let routeServers = [RouteServerConfig(label: "rs1", asn: ASN(8960), ipv4: IPAddress("185.1.15.8"), ipv6: IPAddress("2001:7f8:7a::8960:1")),
                               RouteServerConfig(label: "rs2", asn: ASN(8960), ipv4: IPAddress("185.1.15.9"), ipv6: IPAddress("2001:7f8:7a::8960:2"))]
    static let a = BGPSpeaker(asn: ASN(3216), address: IPAddress("185.1.15.21")!)
    static let b = BGPSpeaker(asn: ASN(8359), address: IPAddress("185.1.15.30")!)
    static let c = BGPSpeaker(asn: ASN(8447), address: IPAddress("185.1.15.31")!)
    static let aV6 = BGPSpeaker(asn: ASN(3216), address: IPAddress("2001:7f8:7a::21")!)
    static let members = [
        Member(asn: ASN(3216), name: "Alpha", ipv4: [a.address], ipv6: [aV6.address]),
        Member(asn: ASN(8359), name: "Bravo", ipv4: [b.address], ipv6: [IPAddress("2001:7f8:7a::30")!]),
        Member(asn: ASN(8447), name: "Charlie", ipv4: [c.address], ipv6: [IPAddress("2001:7f8:7a::31")!]),
    ]
    static let peeringLANs = [Prefix("185.1.15.0/24")!, Prefix("2001:7f8:7a::/64")!]

    private var ribRoutes: [String: [(speaker: BGPSpeaker, prefix: Prefix, attributes: PathAttributes)]] = [:]
    private var speakers: [String: [BGPSpeaker]] = [:]
    private var updates: [String: [[UInt8]]] = [:]
    private let writer = MRTWriter()

    /// A route in `source`'s RIB dump (the baseline at `start`).
    mutating func rib(_ speaker: BGPSpeaker, _ prefix: String, _ attributes: PathAttributes, on source: String = "rs1") {
        know(speaker, on: source)
        ribRoutes[source, default: []].append((speaker, Prefix(prefix)!, attributes))
    }

    /// A session in the RIB dump's peer table with no routes.
    mutating func session(_ speaker: BGPSpeaker, on source: String = "rs1") { know(speaker, on: source) }

    /// An UPDATE `seconds` after `start` announcing `prefixes`.
    mutating func announce(after seconds: UInt32, _ speaker: BGPSpeaker, _ prefixes: [String], _ attributes: PathAttributes,
                           on source: String = "rs1") {
        know(speaker, on: source)
        updates[source, default: []].append(writer.update(timestamp: Self.start + seconds, peer: speaker, local: local(for: speaker, source),
                                                          announce: prefixes.map { NLRI(prefix: Prefix($0)!) }, attributes: attributes))
    }

    /// An UPDATE `seconds` after `start` withdrawing `prefixes`.
    mutating func withdraw(after seconds: UInt32, _ speaker: BGPSpeaker, _ prefixes: [String], on source: String = "rs1") {
        updates[source, default: []].append(writer.update(timestamp: Self.start + seconds, peer: speaker, local: local(for: speaker, source),
                                                          withdraw: prefixes.map { NLRI(prefix: Prefix($0)!) }))
    }

    /// The audit's inputs: the files written to a temporary directory (removed before
    /// returning) and reconstructed; sources named `rs1`/`rs2` are route servers, any other
    /// is a collector's view.
    func inputs(members: [Member] = LeakDay.members, policy: ImportPolicy? = nil, relationships: ASRelationships? = nil,
                rpki: ROASet? = nil, irr: RouteObjectSet? = nil, peeringLANs: [Prefix] = LeakDay.peeringLANs,
                settings: AuditSettings = AuditSettings()) throws -> AuditInputs {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ixaudit-leaks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var sources: [SourceConfig] = []
        for label in Set(speakers.keys).sorted() {
            var ribFiles: [String] = [], updateFiles: [String] = []
            if let routes = ribRoutes[label] {
                ribFiles = [try write(directory, "\(label)-rib", ribRecords(label, routes))]
            }
            if let records = updates[label] { updateFiles = [try write(directory, "\(label)-updates", records)] }
            sources.append(SourceConfig(label: label, ribFiles: ribFiles, updateFiles: updateFiles))
        }
        let reconstruction = Reconstruction(seriesInterval: 300)
        reconstruction.run(sources.map(\.input))
        let job = JobFile(ixp: IXPConfig(name: "SmartHub IX", routeServers: Self.routeServers), policy: .preset("smarthub-ix"),
                          members: .inline(members), sources: sources)
        return AuditInputs(job: job, members: try job.memberDirectory(), policy: try policy ?? Self.smarthubPolicy(),
                           rib: reconstruction.rib, reconstruction: reconstruction.summary, simulation: [],
                           relationships: relationships, rpki: rpki, irr: irr, peeringLANs: peeringLANs, settings: settings)
    }

    static func smarthubPolicy() throws -> ImportPolicy {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return try ImportPolicy.preset("smarthub-ix", directory: root.appendingPathComponent("data/policies").path)
    }

    /// The findings of one check, in the order given.
    static func findings(_ all: [Finding], _ check: Check) -> [Finding] { all.filter { $0.check == check } }

    /// The prefixes of every route behind `findings`, in their order.
    static func prefixes(_ findings: [Finding]) -> [Prefix] { findings.flatMap { $0.routes.map(\.prefix) } }

    // MARK: attributes

    /// What a well-behaved member sends: its path, the next hop given (IPv4 in NEXT_HOP, IPv6
    /// in MP_REACH), communities as text (`8960:8960`, `8960:0:8359`).
    static func attributes(_ path: [UInt32], nextHop: String, communities: String = "", otc: UInt32? = nil) -> PathAttributes {
        var a = PathAttributes()
        a.origin = .igp
        a.asPath = ASPath(sequence: path)
        let hop = IPAddress(nextHop)!
        if hop.family == .ipv4 { a.nextHop = hop } else { a.mpNextHop = MPNextHop(address: hop) }
        let parts = communities.split(separator: " ").map(String.init)
        a.communities = parts.filter { $0.split(separator: ":").count == 2 }.compactMap { Community($0) }
        a.largeCommunities = parts.filter { $0.split(separator: ":").count == 3 }.compactMap { LargeCommunity($0) }
        a.onlyToCustomer = otc.map { ASN($0) }
        return a
    }

    /// The same with a path of several segments.
    static func attributes(segments: [ASPath.Segment], nextHop: String) -> PathAttributes {
        var a = attributes([], nextHop: nextHop)
        a.asPath = ASPath(segments)
        return a
    }

    // MARK: writing

    private mutating func know(_ speaker: BGPSpeaker, on source: String) {
        if !(speakers[source] ?? []).contains(speaker) { speakers[source, default: []].append(speaker) }
    }

    private func local(for speaker: BGPSpeaker, _ source: String) -> BGPSpeaker {
        let server = Self.routeServers.first { $0.label == source } ?? Self.routeServers[0]
        let address = speaker.address.family == .ipv4 ? server.ipv4! : server.ipv6!
        return BGPSpeaker(asn: server.asn, address: address)
    }

    private func ribRecords(_ source: String, _ routes: [(speaker: BGPSpeaker, prefix: Prefix, attributes: PathAttributes)]) -> [[UInt8]] {
        var dump = MRTWriter()
        let peers = speakers[source] ?? []
        var records = [dump.peerIndexTable(PeerIndexTable(collectorID: 0xB9010F08, viewName: source, peers: peers.map {
            Peer(bgpID: $0.address.family == .ipv4 ? $0.address.ipv4Value : 0x0A000001, address: $0.address, asn: $0.asn)
        }), timestamp: Self.start)]
        let byPrefix = Dictionary(grouping: routes, by: \.prefix)
        for prefix in byPrefix.keys.sorted() {
            let entries = byPrefix[prefix]!.map {
                RIBRoute(peerIndex: UInt16(peers.firstIndex(of: $0.speaker)!), originatedTime: Self.start - 600, attributes: $0.attributes)
            }
            records.append(dump.rib(timestamp: Self.start, prefix: prefix, entries: entries))
        }
        return records
    }

    private func write(_ directory: URL, _ name: String, _ records: [[UInt8]]) throws -> String {
        let path = directory.appendingPathComponent(name).path
        let file = try MRTFileWriter(path: path)
        try file.append(contentsOf: records)
        try file.finish()
        return path
    }
}
