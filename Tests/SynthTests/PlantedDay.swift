import BGP
import Foundation
import Job
import MRT
import Routing
import Synth
import XCTest

/// One synthetic day with every planted anomaly (40 members, so that each kind has a member
/// of its own; 6000 routes; 20,000 flow samples), generated once for the planted-anomaly and
/// flow tests and read back with the project's readers. Removed when the test process ends.
final class PlantedDay {
    static let options = SynthOptions(seed: 5, members: 40, routes: 6_000, updateInterval: 900, flowSamples: 20_000)

    let directory: String
    let report: SynthReport
    let job: JobFile
    let export: IXFMemberExport
    /// The whole day applied, and the RIB dumps alone.
    let day: Reconstruction
    let midnight: Reconstruction

    private static let made: Result<PlantedDay, Error> = Result { try PlantedDay() }

    static func shared() throws -> PlantedDay { try made.get() }

    private init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("ixaudit-planted-\(UUID().uuidString)").path
        PlantedDay.removeAtExit = directory
        atexit { if let path = PlantedDay.removeAtExit { try? FileManager.default.removeItem(atPath: path) } }
        report = try SyntheticDay.generate(Self.options, into: directory)
        job = try JobFile.load(path: directory + "/job.yaml", date: Self.options.date, requireFiles: true)
        export = try IXFMemberExport.load(path: directory + "/ixf-members.json")
        day = Reconstruction()
        day.run(job.sources.map(\.input))
        midnight = Reconstruction(until: PlantedDay.dayStart)
        midnight.run(job.sources.map(\.input))
    }

    nonisolated(unsafe) private static var removeAtExit: String?

    /// 2026-11-21 00:00 UTC.
    static let dayStart: UInt32 = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let date = calendar.date(from: DateComponents(year: options.date.year, month: options.date.month, day: options.date.day))!
        return UInt32(date.timeIntervalSince1970)
    }()

    var anomalies: [PlantedAnomaly] { report.planted.anomalies }
    func anomalies(_ check: String) -> [PlantedAnomaly] { anomalies.filter { $0.check == check } }

    func member(_ asn: ASN) throws -> Member { try XCTUnwrap(export.members.first { $0.asn == asn }, "AS\(asn) not in the export") }

    /// The member's session of the prefix's family on `source` (its first address).
    func session(_ source: String, _ asn: ASN, _ family: AddressFamily, in r: Reconstruction? = nil) throws -> SessionState {
        let address = try XCTUnwrap(try member(asn).addresses(family).first, "AS\(asn) has no \(family) address")
        return try XCTUnwrap((r ?? day).rib.sessions[SessionID(source: source, peerAddress: address, peerASN: asn)],
                             "no session of AS\(asn) \(address) on \(source)")
    }

    /// The route's last attributes on the member's own session of `source`.
    func route(_ source: String, _ asn: ASN, _ prefix: Prefix) throws -> (record: RouteRecord, attributes: PathAttributes) {
        let record = try XCTUnwrap(try session(source, asn, prefix.family).routes[RouteKey(prefix: prefix)],
                                   "AS\(asn) never announced \(prefix) on \(source)")
        return (record, day.rib.attributes[record.attributes])
    }

    // MARK: what is planted

    /// Member ASN and prefix of the planted route anomalies.
    lazy var plantedRoutes: Set<String> = Set(anomalies.compactMap { a in a.prefix.map { "\(a.asn) \($0)" } })
    lazy var assignedAddresses: Set<IPAddress> = Set(export.members.flatMap { $0.peeringAddresses.map(\.address) })
    lazy var memberASNs: Set<ASN> = Set(export.members.map(\.asn))
    lazy var jumpMember: ASN? = anomalies("prefix-count-jump").first?.asn

    lazy var transitFreeMember: ASN? = anomalies("transit-free-asn").first?.asn

    /// Whether the route on the session is planted: a planted anomaly's route (the transit-free
    /// one's three), any route of a session from an unassigned address, a member's
    /// re-announcement of another member's route (the peer leaks and their near miss), the
    /// prefix-count jump's burst.
    func isPlanted(_ session: SessionState, _ prefix: Prefix, _ attributes: PathAttributes, firstSeen: UInt32) -> Bool {
        if plantedRoutes.contains("\(session.id.peerASN) \(prefix)") { return true }
        if !assignedAddresses.contains(session.id.peerAddress) { return true }
        let path = attributes.asPath?.allASNs ?? []
        if session.id.peerASN == transitFreeMember && path.contains(ASN(3356)) { return true }
        if let behind = path.first(where: { $0 != session.id.peerASN }), memberASNs.contains(behind) { return true }
        let burst = Self.dayStart + 14 * 3600
        if session.id.peerASN == jumpMember, firstSeen >= burst, firstSeen < burst + 300 { return true }
        return false
    }

    // MARK: the reference files

    /// rpki/vrps.json: (prefix, max length, ASN).
    lazy var vrps: [(prefix: Prefix, maxLength: Int, asn: UInt32)] = {
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: directory + "/rpki/vrps.json")),
              let top = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let roas = top["roas"] as? [[String: Any]] else { return [] }
        return roas.compactMap { roa in
            guard let asn = roa["asn"] as? Int, let text = roa["prefix"] as? String, let prefix = Prefix(text),
                  let maxLength = roa["maxLength"] as? Int else { return nil }
            return (prefix, maxLength, UInt32(asn))
        }
    }()

    /// irr/route-objects.txt: "prefix ASorigin" of each object.
    lazy var routeObjects: Set<String> = {
        guard let text = try? String(contentsOfFile: directory + "/irr/route-objects.txt", encoding: .utf8) else { return [] }
        var objects = Set<String>()
        var prefix: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count == 2 else { continue }
            switch fields[0] {
            case "route:", "route6:": prefix = String(fields[1])
            case "origin:": if let p = prefix { objects.insert("\(p) \(fields[1])") }
            default: break
            }
        }
        return objects
    }()

    lazy var relationships: [String] = {
        let text = (try? String(contentsOfFile: directory + "/relationships/as-rel.txt", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") }
    }()

    // MARK: the flows

    struct Sample {
        var time: UInt32
        var sourceMAC: String
        var destinationMAC: String
        var source: IPAddress
        var destination: IPAddress
        var bytes: Int
        var packets: Int
        var samplingRate: Int
    }

    /// The flows file's lines, the header first.
    lazy var flowLines: [Substring] = {
        guard let path = job.inputs.flows, let input = try? MRTInput(path: path) else { return [] }
        var bytes: [UInt8] = []
        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 8)
        defer { block.deallocate() }
        while let n = try? input.read(into: block), n > 0 {
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: block[0..<n]))
        }
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n")
    }()

    lazy var samples: [Sample] = flowLines.dropFirst().compactMap { line in
        let f = line.split(separator: ",", omittingEmptySubsequences: false)
        guard f.count == 8, let time = UInt32(f[0]), let source = IPAddress(String(f[3])), let destination = IPAddress(String(f[4])),
              let bytes = Int(f[5]), let packets = Int(f[6]), let rate = Int(f[7]) else { return nil }
        return Sample(time: time, sourceMAC: String(f[1]), destinationMAC: String(f[2]), source: source, destination: destination,
                      bytes: bytes, packets: packets, samplingRate: rate)
    }

    /// The member each MAC of the export belongs to.
    lazy var macOwners: [String: ASN] = {
        var owners: [String: ASN] = [:]
        for member in export.members { for mac in member.macAddresses { owners[mac.description] = member.asn } }
        return owners
    }()

    /// Every prefix each member announced on any session during the day.
    lazy var announced: [ASN: PrefixTrie<Bool>] = {
        var tries: [ASN: PrefixTrie<Bool>] = [:]
        for session in day.rib.sessions.values {
            for key in session.routes.keys { tries[session.id.peerASN, default: PrefixTrie()].insert(key.prefix, true) }
        }
        return tries
    }()

    func announces(_ asn: ASN, _ address: IPAddress) -> Bool { announced[asn]?.longestMatch(address) != nil }
}
