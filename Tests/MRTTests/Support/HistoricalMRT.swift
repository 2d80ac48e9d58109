import Foundation
import XCTest

/// Records of the historical formats the 1999-2001 archives hold, built field by field.
enum HistoricalMRT {
    /// Type 5 (BGP) UPDATE: source AS, source IP (the peer), destination AS, destination IP
    /// (the collector), then the UPDATE without its 19-byte BGP header.
    static func update(timestamp: UInt32, source: (asn: UInt16, ip: String), destination: (asn: UInt16, ip: String) = (12654, "193.0.4.28"),
                       withdrawn: [String] = [], attributes: [UInt8] = [], announced: [String] = []) -> [UInt8] {
        let w = BGPBuilder.nlri(withdrawn)
        let body = BE.u16(source.asn) + addressBytes(source.ip) + BE.u16(destination.asn) + addressBytes(destination.ip)
            + BE.u16(w.count) + w + BE.u16(attributes.count) + attributes + BGPBuilder.nlri(announced)
        return MRTBuilder.record(type: 5, subtype: 1, timestamp: timestamp, body: body)
    }

    /// Type 5 STATE_CHANGE: peer AS, peer IP, old state, new state (RFC 4271 8.2.2 codes).
    static func stateChange(timestamp: UInt32, peer: (asn: UInt16, ip: String), old: UInt16, new: UInt16) -> [UInt8] {
        MRTBuilder.record(type: 5, subtype: 3, timestamp: timestamp, body: BE.u16(peer.asn) + addressBytes(peer.ip) + BE.u16(old) + BE.u16(new))
    }

    /// Type 5 OPEN: the four addressing fields, then version, AS, hold time, BGP id, no options.
    static func open(timestamp: UInt32, source: (asn: UInt16, ip: String), destination: (asn: UInt16, ip: String) = (12654, "193.0.4.28"),
                     bgpID: String) -> [UInt8] {
        let body = BE.u16(source.asn) + addressBytes(source.ip) + BE.u16(destination.asn) + addressBytes(destination.ip)
            + [4] + BE.u16(source.asn) + BE.u16(180) + addressBytes(bgpID) + [0]
        return MRTBuilder.record(type: 5, subtype: 5, timestamp: timestamp, body: body)
    }

    /// Type 5 KEEPALIVE (the addressing fields only) and NOTIFY (code, subcode).
    static func keepalive(timestamp: UInt32, source: (asn: UInt16, ip: String)) -> [UInt8] {
        MRTBuilder.record(type: 5, subtype: 7, timestamp: timestamp,
                          body: BE.u16(source.asn) + addressBytes(source.ip) + BE.u16(12654) + addressBytes("193.0.4.28"))
    }

    static func notify(timestamp: UInt32, source: (asn: UInt16, ip: String), code: UInt8, subcode: UInt8) -> [UInt8] {
        MRTBuilder.record(type: 5, subtype: 6, timestamp: timestamp,
                          body: BE.u16(source.asn) + addressBytes(source.ip) + BE.u16(12654) + addressBytes("193.0.4.28") + [code, subcode])
    }

    /// Type 5 SYNC: view number and a file name, NUL-terminated (MRTd's marker in its dumps).
    static func sync(timestamp: UInt32) -> [UInt8] {
        MRTBuilder.record(type: 5, subtype: 4, timestamp: timestamp, body: BE.u16(0) + Array("rib.1999".utf8) + [0])
    }
}

/// The reference decoder, where it is installed (Debian's bgpdump, `make deps`).
enum ReferenceDecoder {
    static let path = "/usr/bin/bgpdump"

    static func require() throws {
        guard FileManager.default.isExecutableFile(atPath: path) else { throw XCTSkip("\(path) is not installed (make deps)") }
    }

    /// `bgpdump -q -m` of these bytes, written to a scratch file; standard error discarded.
    static func lines(of bytes: [UInt8], in directory: String, name: String = "updates.19991215.0000") throws -> [String] {
        let file = directory + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-q", "-m", file]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        return text.isEmpty ? [] : text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }
}

extension HistoricalMRT {
    /// One TABLE_DUMP entry as the fields after view and sequence (RFC 6396 4.2): prefix,
    /// length, status 1, originated time, peer address, 2-byte peer AS, attribute length,
    /// attributes.
    static func entry(prefix: String, originated: UInt32, peer: (asn: UInt16, ip: String), attributes: [UInt8]) -> [UInt8] {
        let (address, length) = prefixParts(prefix)
        return address + [UInt8(length), 1] + BE.u32(originated) + addressBytes(peer.ip) + BE.u16(peer.asn)
            + BE.u16(attributes.count) + attributes
    }

    /// A TABLE_DUMP record holding several entries behind one view and sequence, with the
    /// length field as the 1999-2001 RIS dumps have it: the entries' bytes only, 4 short of
    /// the body written (`shortLength`), or the body's true length.
    static func batchedTableDump(timestamp: UInt32, sequence: UInt16, entries: [[UInt8]], shortLength: Bool = true) -> [UInt8] {
        let body = BE.u16(0) + BE.u16(sequence) + entries.flatMap { $0 }
        return BE.u32(timestamp) + BE.u16(12) + BE.u16(1) + BE.u32(UInt32(body.count - (shortLength ? 4 : 0))) + body
    }
}
