import BGP
import Foundation
import MRT
import XCTest

/// A decoded record as owned values, so it outlives the reader's buffer and compares with `==`.
enum ReadBackRecord: Equatable {
    case peerIndexTable(PeerIndexTable)
    case rib(ReadBackRIB)
    case update(ReadBackUpdate)
    case stateChange(StateChange)
    case other(String)
}

struct ReadBackRIB: Equatable {
    var sequence: UInt32
    var prefix: Prefix
    var addPath: Bool
    /// The routes as the writer takes them, to compare with what was written.
    var routes: [RIBRoute]
    /// The PEER_INDEX_TABLE entry each route's index resolved to.
    var peers: [Peer]
}

struct ReadBackUpdate: Equatable {
    var peer: BGPSpeaker
    var local: BGPSpeaker
    var interfaceIndex: UInt16
    var asnSize: Int
    var addPath: Bool
    /// Classic withdrawn routes, then MP_UNREACH_NLRI's.
    var withdrawn: [NLRI]
    /// Classic NLRI, then MP_REACH_NLRI's.
    var announced: [NLRI]
    var attributes: PathAttributes
}

/// Records of `bytes` (plain or compressed) through the project's decoder, as owned values;
/// fails the test when any record is malformed or the stream stops early.
func readBack(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) throws -> [(header: RecordHeader, record: ReadBackRecord)] {
    try readBack(MRTInput(bytes: bytes), file: file, line: line)
}

/// Records of the file at `path`, read with `decodeRecords(of: path, ...)`.
func readBack(path: String, file: StaticString = #filePath, line: UInt = #line) -> [(header: RecordHeader, record: ReadBackRecord)] {
    var summary = DecodeSummary()
    var issues: [DecodeIssue] = []
    var records: [(RecordHeader, ReadBackRecord)] = []
    decodeRecords(of: path, summary: &summary, onIssue: { issues.append($0) }) { header, record in
        records.append((header, ReadBackRecord(record)))
    }
    XCTAssertTrue(issues.isEmpty, "decode issues: \(issues)", file: file, line: line)
    XCTAssertTrue(summary.clean, "decode summary: \(summary.report)", file: file, line: line)
    return records.map { (header: $0.0, record: $0.1) }
}

func readBack(_ input: MRTInput, file: StaticString = #filePath, line: UInt = #line) throws -> [(header: RecordHeader, record: ReadBackRecord)] {
    var summary = DecodeSummary()
    var issues: [DecodeIssue] = []
    var records: [(RecordHeader, ReadBackRecord)] = []
    decodeRecords(of: input, summary: &summary, onIssue: { issues.append($0) }) { header, record in
        records.append((header, ReadBackRecord(record)))
    }
    XCTAssertTrue(issues.isEmpty, "decode issues: \(issues)", file: file, line: line)
    XCTAssertTrue(summary.clean, "decode summary: \(summary.report)", file: file, line: line)
    return records.map { (header: $0.0, record: $0.1) }
}

extension ReadBackRecord {
    init(_ record: MRTRecord) {
        switch record {
        case let .peerIndexTable(table):
            self = .peerIndexTable(table)
        case let .rib(rib):
            self = .rib(ReadBackRIB(
                sequence: rib.sequence, prefix: rib.prefix, addPath: rib.addPath,
                routes: rib.entries.map {
                    RIBRoute(peerIndex: $0.peerIndex, originatedTime: $0.originatedTime, pathID: $0.pathID,
                             attributes: PathAttributes($0.attributes))
                },
                peers: rib.entries.map(\.peer)))
        case let .message(message):
            guard case let .update(update) = message.message else { self = .other("\(message.message)"); return }
            let a = update.attributes
            self = .update(ReadBackUpdate(
                peer: BGPSpeaker(asn: message.peerASN, address: message.peerAddress),
                local: BGPSpeaker(asn: message.localASN, address: message.localAddress),
                interfaceIndex: message.interfaceIndex, asnSize: message.asnSize, addPath: message.addPath,
                withdrawn: Array(update.withdrawn) + Array(a.mpUnreach?.nlri ?? .empty(.ipv6)),
                announced: Array(update.announced) + Array(a.mpReach?.nlri ?? .empty(.ipv6)),
                attributes: PathAttributes(a)))
        case let .stateChange(change):
            self = .stateChange(change)
        case let .tableDump(route):
            self = .other("TABLE_DUMP \(route.prefix)")
        case let .unsupported(kind):
            self = .other(kind)
        }
    }

    var rib: ReadBackRIB? { if case let .rib(r) = self { return r } else { return nil } }
    var update: ReadBackUpdate? { if case let .update(u) = self { return u } else { return nil } }
    var stateChange: StateChange? { if case let .stateChange(s) = self { return s } else { return nil } }
    var peerIndexTable: PeerIndexTable? { if case let .peerIndexTable(t) = self { return t } else { return nil } }
}

/// A path attribute block through `BGPEncoder` and back through `WireAttributes`.
func attributesRoundTrip(_ attributes: PathAttributes, asnSize: Int = 4,
                         file: StaticString = #filePath, line: UInt = #line) throws -> PathAttributes {
    let block = BGPEncoder.pathAttributes(attributes, asnSize: asnSize)
    return try block.withUnsafeBytes { raw in
        PathAttributes(try WireAttributes(parsing: raw, asnSize: asnSize, addPath: false))
    }
}

/// (flags, type, value length) of each attribute of a block, in order.
func attributeHeaders(_ block: [UInt8]) -> [(flags: UInt8, type: UInt8, length: Int)] {
    var result: [(UInt8, UInt8, Int)] = []
    var i = 0
    while i + 3 <= block.count {
        let flags = block[i], type = block[i + 1]
        let extended = flags & 0x10 != 0
        let length = extended ? Int(block[i + 2]) << 8 | Int(block[i + 3]) : Int(block[i + 2])
        result.append((flags, type, length))
        i += (extended ? 4 : 3) + length
    }
    return result.map { (flags: $0.0, type: $0.1, length: $0.2) }
}

/// Example values, named for what they are.
enum Example {
    static func ip(_ text: String) -> IPAddress { IPAddress(text)! }
    static func prefix(_ text: String) -> Prefix { Prefix(text)! }
    static func nlri(_ texts: [String], pathID: UInt32 = 0) -> [NLRI] {
        texts.map { NLRI(pathID: pathID, prefix: prefix($0)) }
    }

    static let routeServer4 = BGPSpeaker(asn: ASN(64500), address: ip("192.0.2.254"))
    static let routeServer6 = BGPSpeaker(asn: ASN(64500), address: ip("2001:db8::fe"))
    static let member4 = BGPSpeaker(asn: ASN(4_200_000_123), address: ip("192.0.2.10"))
    static let member6 = BGPSpeaker(asn: ASN(4_200_000_123), address: ip("2001:db8::a"))

    /// Every attribute the writer knows, with values that exercise each encoding.
    static var everyAttribute: PathAttributes {
        var a = PathAttributes()
        a.origin = .egp
        a.asPath = ASPath([
            ASPath.Segment(.confedSequence, [ASN(65001), ASN(65002)]),
            ASPath.Segment(.sequence, [ASN(64496), ASN(4_200_000_000), ASN(3356)]),
            ASPath.Segment(.confedSet, [ASN(65010)]),
            ASPath.Segment(.set, [ASN(64511), ASN(4_200_000_001)]),
        ])
        a.nextHop = ip("192.0.2.10")
        a.mpNextHop = MPNextHop(address: ip("2001:db8::a"), linkLocal: ip("fe80::1"))
        a.med = 0xFFFF_FFFF
        a.localPref = 200
        a.atomicAggregate = true
        a.aggregator = Aggregator(asn: ASN(4_200_000_002), address: ip("198.51.100.1"))
        a.communities = [Community(64500, 1), Community(0, 6939), .noExport, .noAdvertise]
        a.extendedCommunities = [ExtendedCommunity(rawValue: 0x0002_FC00_0000_0001), ExtendedCommunity(rawValue: 0x4300_0000_0000_0001)]
        a.largeCommunities = [LargeCommunity(64500, 0, 6939), LargeCommunity(4_200_000_000, 1, 2)]
        a.onlyToCustomer = ASN(64500)
        a.originatorID = ip("10.0.0.1")
        a.clusterList = [ip("10.0.0.2"), ip("10.0.0.3")]
        a.unknown = [UnknownAttribute(flags: 0xC0, type: 99, value: [1, 2, 3]),
                     UnknownAttribute(flags: 0xD0, type: 200, value: [9])]
        return a
    }

    /// What a member typically sends a route server: IPv4.
    static func memberRoute(_ path: [UInt32], communities: [Community] = [], nextHop: String = "192.0.2.10") -> PathAttributes {
        var a = PathAttributes()
        a.origin = .igp
        a.asPath = ASPath(sequence: path)
        a.nextHop = ip(nextHop)
        a.communities = communities
        return a
    }

    /// The same for IPv6, with a link-local next hop when given.
    static func memberRoute6(_ path: [UInt32], nextHop: String = "2001:db8::a", linkLocal: String? = nil) -> PathAttributes {
        var a = PathAttributes()
        a.origin = .igp
        a.asPath = ASPath(sequence: path)
        a.mpNextHop = MPNextHop(address: ip(nextHop), linkLocal: linkLocal.map(ip))
        return a
    }
}

/// A fresh scratch directory for one test, removed afterwards.
func scratchDirectory(_ test: XCTestCase) throws -> String {
    let path = NSTemporaryDirectory() + "ixaudit-writer-\(getpid())-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
    return path
}

/// Every MRT byte of a file, as `MRTInput` decompresses it.
func decompressedBytes(_ path: String) throws -> [UInt8] {
    let input = try MRTInput(path: path)
    var result: [UInt8] = []
    var block = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = try block.withUnsafeMutableBytes { try input.read(into: $0) }
        if n == 0 { return result }
        result += block[0..<n]
    }
}
