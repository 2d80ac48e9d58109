import BGP
import Foundation
import MRT
import XCTest

/// Writes small MRT files for reconstruction tests.
struct MRTFiles {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("ixaudit-routing-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    /// Writes `records` to `name` (gzip-compressed when the name ends in .gz) and returns its path.
    func write(_ name: String, _ records: [[UInt8]]) throws -> String {
        let path = directory.appendingPathComponent(name).path
        let file = try MRTFileWriter(path: path, compression: name.hasSuffix(".gz") ? .gzip : .none)
        try file.append(contentsOf: records)
        try file.finish()
        return path
    }
}

/// The route server of the tests and two members, with addresses on an IX LAN.
enum Fixture {
    static let routeServer = BGPSpeaker(asn: ASN(8960), address: IPAddress("185.1.15.8")!)
    static let routeServerV6 = BGPSpeaker(asn: ASN(8960), address: IPAddress("2001:7f8:7a::8960:1")!)
    static let memberA = BGPSpeaker(asn: ASN(8359), address: IPAddress("185.1.15.21")!)
    static let memberB = BGPSpeaker(asn: ASN(8447), address: IPAddress("185.1.15.22")!)
    static let memberAv6 = BGPSpeaker(asn: ASN(8359), address: IPAddress("2001:7f8:7a::8359:1")!)

    static func prefix(_ text: String) -> Prefix { Prefix(text)! }

    static func attributes(path: [UInt32], nextHop: String, communities: [Community] = []) -> PathAttributes {
        var a = PathAttributes()
        a.origin = .igp
        a.asPath = ASPath(sequence: path)
        if let address = IPAddress(nextHop) {
            if address.family == .ipv4 { a.nextHop = address } else { a.mpNextHop = MPNextHop(address: address) }
        }
        a.communities = communities
        return a
    }

    static func peerTable(_ speakers: [BGPSpeaker]) -> PeerIndexTable {
        PeerIndexTable(collectorID: 0xB9010F08, viewName: "master4",
                       peers: speakers.map { Peer(bgpID: $0.address.ipv4Value, address: $0.address, asn: $0.asn) })
    }
}

/// The real MRT corpus (../shared/corpus beside the project, or IXAUDIT_CORPUS); skips the test without it.
func corpusDirectory() throws -> URL {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let path = ProcessInfo.processInfo.environment["IXAUDIT_CORPUS"] ?? root.appendingPathComponent("../shared/corpus").standardized.path
    guard FileManager.default.fileExists(atPath: path + "/mrt/updates.20160811.1600.gz") else {
        throw XCTSkip("the real MRT corpus is not here: expected ../shared/corpus beside the project (or IXAUDIT_CORPUS)")
    }
    return URL(fileURLWithPath: path)
}
