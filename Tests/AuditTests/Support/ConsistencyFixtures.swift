@testable import Audit
import BGP
import Foundation
import Job
import MRT
import RouteServer
import Routing

/// A small IX day for the consistency tests, written as MRT files and reconstructed as the
/// pipeline does: per source a RIB dump at `ConsistencyDay.start` (when it has RIB routes) and
/// one update file. SmartHub IX with route servers rs1 and rs2 (AS8960); any other source label
/// is another IXP's or a collector's view. Members (`ConsistencyDay.members`):
/// A AS3216 "Alpha" with two connections, 185.1.15.21 and 185.1.15.121, and 2001:7f8:7a::21;
/// B AS8359 "Bravo" 185.1.15.30 and 2001:7f8:7a::30.
struct ConsistencyDay {
    /// 2026-11-21 00:00:00 UTC.
    static let start: UInt32 = 1_795_219_200
    static let routeServers = [RouteServerConfig(label: "rs1", asn: ASN(8960), ipv4: IPAddress("185.1.15.8"), ipv6: IPAddress("2001:7f8:7a::8960:1")),
                               RouteServerConfig(label: "rs2", asn: ASN(8960), ipv4: IPAddress("185.1.15.9"), ipv6: IPAddress("2001:7f8:7a::8960:2"))]
    static let a = BGPSpeaker(asn: ASN(3216), address: IPAddress("185.1.15.21")!)
    static let aSecond = BGPSpeaker(asn: ASN(3216), address: IPAddress("185.1.15.121")!)
    static let aV6 = BGPSpeaker(asn: ASN(3216), address: IPAddress("2001:7f8:7a::21")!)
    static let b = BGPSpeaker(asn: ASN(8359), address: IPAddress("185.1.15.30")!)
    static let bV6 = BGPSpeaker(asn: ASN(8359), address: IPAddress("2001:7f8:7a::30")!)
    static let members = [
        Member(asn: ASN(3216), name: "Alpha", ipv4: [a.address, aSecond.address], ipv6: [aV6.address]),
        Member(asn: ASN(8359), name: "Bravo", ipv4: [b.address], ipv6: [bV6.address]),
    ]

    private var ribRoutes: [String: [(speaker: BGPSpeaker, prefix: Prefix, attributes: PathAttributes)]] = [:]
    private var speakers: [String: [BGPSpeaker]] = [:]
    private var updates: [String: [[UInt8]]] = [:]
    private let writer = MRTWriter()

    /// A route in `source`'s RIB dump (the baseline at `start`).
    mutating func rib(_ source: String, _ speaker: BGPSpeaker, _ prefix: String, _ attributes: PathAttributes) {
        know(speaker, on: source)
        ribRoutes[source, default: []].append((speaker, Prefix(prefix)!, attributes))
    }

    /// The same route in the RIB dumps of several sources.
    mutating func rib(_ sources: [String], _ speaker: BGPSpeaker, _ prefix: String, _ attributes: PathAttributes) {
        for source in sources { rib(source, speaker, prefix, attributes) }
    }

    /// A session in the RIB dump's peer table, with no routes.
    mutating func session(_ source: String, _ speaker: BGPSpeaker) {
        know(speaker, on: source)
        if ribRoutes[source] == nil { ribRoutes[source] = [] }
    }

    /// An UPDATE `seconds` after `start` announcing `prefixes`.
    mutating func announce(_ source: String, after seconds: UInt32, _ speaker: BGPSpeaker, _ prefixes: [String],
                           _ attributes: PathAttributes) {
        know(speaker, on: source)
        updates[source, default: []].append(writer.update(timestamp: Self.start + seconds, peer: speaker, local: local(speaker, source),
                                                          announce: prefixes.map { NLRI(prefix: Prefix($0)!) }, attributes: attributes))
    }

    /// An UPDATE `seconds` after `start` withdrawing `prefixes`.
    mutating func withdraw(_ source: String, after seconds: UInt32, _ speaker: BGPSpeaker, _ prefixes: [String]) {
        know(speaker, on: source)
        updates[source, default: []].append(writer.update(timestamp: Self.start + seconds, peer: speaker, local: local(speaker, source),
                                                          withdraw: prefixes.map { NLRI(prefix: Prefix($0)!) }))
    }

    /// The session leaves Established `down` seconds after `start` and, when `up` is given,
    /// is Established again then (the member announces its routes again with `announce`).
    mutating func reset(_ source: String, _ speaker: BGPSpeaker, down: UInt32, up: UInt32?) {
        stateChange(source, speaker, after: down, from: .established, to: .idle)
        if let up { stateChange(source, speaker, after: up, from: .openConfirm, to: .established) }
    }

    /// A STATE_CHANGE `seconds` after `start`.
    mutating func stateChange(_ source: String, _ speaker: BGPSpeaker, after seconds: UInt32, from: BGPState, to: BGPState) {
        know(speaker, on: source)
        updates[source, default: []].append(writer.stateChange(timestamp: Self.start + seconds, peer: speaker,
                                                               local: local(speaker, source), from: from, to: to))
    }

    /// The audit's inputs: the files written to a temporary directory (removed before
    /// returning) and reconstructed.
    func inputs(members: [Member] = ConsistencyDay.members, settings: AuditSettings = AuditSettings()) throws -> AuditInputs {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ixaudit-consistency-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var sources: [SourceConfig] = []
        for label in Set(speakers.keys).sorted() {
            var ribFiles: [String] = [], updateFiles: [String] = []
            if let routes = ribRoutes[label] { ribFiles = [try write(directory, "\(label)-rib", ribRecords(label, routes))] }
            if let records = updates[label] { updateFiles = [try write(directory, "\(label)-updates", records)] }
            sources.append(SourceConfig(label: label, ribFiles: ribFiles, updateFiles: updateFiles))
        }
        let reconstruction = Reconstruction(seriesInterval: 300)
        reconstruction.run(sources.map(\.input))
        let job = JobFile(ixp: IXPConfig(name: "SmartHub IX", routeServers: Self.routeServers), policy: .preset("smarthub-ix"),
                          members: .inline(members), sources: sources)
        return AuditInputs(job: job, members: try job.memberDirectory(), policy: ImportPolicy(name: "smarthub-ix"),
                           rib: reconstruction.rib, reconstruction: reconstruction.summary, simulation: [], settings: settings)
    }

    /// The findings of the consistency analysis on this day, and the scores.
    func run(members: [Member] = ConsistencyDay.members, settings: AuditSettings = AuditSettings()) throws
        -> (findings: [Finding], scores: [MemberConsistency]) {
        ConsistencyAnalysis.run(try inputs(members: members, settings: settings))
    }

    /// What a member sends: its path, the next hop (IPv4 in NEXT_HOP, IPv6 in MP_REACH), a
    /// MED, communities as text (`8960:8960`, `8960:0:8359`).
    static func attributes(_ path: [UInt32], nextHop: String, med: UInt32? = nil, communities: String = "") -> PathAttributes {
        var a = PathAttributes()
        a.origin = .igp
        a.asPath = ASPath(sequence: path)
        let hop = IPAddress(nextHop)!
        if hop.family == .ipv4 { a.nextHop = hop } else { a.mpNextHop = MPNextHop(address: hop) }
        a.med = med
        let parts = communities.split(separator: " ").map(String.init)
        a.communities = parts.filter { $0.split(separator: ":").count == 2 }.compactMap { Community($0) }
        a.largeCommunities = parts.filter { $0.split(separator: ":").count == 3 }.compactMap { LargeCommunity($0) }
        return a
    }

    // MARK: writing

    private mutating func know(_ speaker: BGPSpeaker, on source: String) {
        if !(speakers[source] ?? []).contains(speaker) { speakers[source, default: []].append(speaker) }
    }

    /// The route server's (or, for another source, rs1's) address of the speaker's family.
    private func local(_ speaker: BGPSpeaker, _ source: String) -> BGPSpeaker {
        let server = Self.routeServers.first { $0.label == source } ?? Self.routeServers[0]
        return BGPSpeaker(asn: server.asn, address: speaker.address.family == .ipv4 ? server.ipv4! : server.ipv6!)
    }

    private func ribRecords(_ source: String, _ routes: [(speaker: BGPSpeaker, prefix: Prefix, attributes: PathAttributes)]) -> [[UInt8]] {
        var dump = MRTWriter()
        let peers = speakers[source] ?? []
        var records = [dump.peerIndexTable(PeerIndexTable(collectorID: 0xB9010F08, viewName: source, peers: peers.enumerated().map {
            Peer(bgpID: 0x0A00_0001 + UInt32($0.offset), address: $0.element.address, asn: $0.element.asn)
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
