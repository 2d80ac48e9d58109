import BGP

/// One route of a RIB record: the peer that sent it, when, and its attributes.
public struct RIBEntry {
    public var peerIndex: UInt16
    public var peer: Peer
    public var originatedTime: UInt32
    /// RFC 8050 path identifier; 0 for the non-ADD-PATH subtypes.
    public var pathID: UInt32
    public var attributes: WireAttributes
}

/// A TABLE_DUMP_V2 RIB record (RFC 6396 section 4.3.2; RIB_GENERIC 4.3.3; RFC 8050 ADD-PATH):
/// one prefix and every peer's route for it.
public struct RIBRecord {
    public var sequence: UInt32
    public var prefix: Prefix
    public var safi: UInt8
    public var addPath: Bool
    /// The usable entries: a damaged entry or one whose attributes call for RFC 7606
    /// treat-as-withdraw is left out and listed in `problems`.
    public var entries: [RIBEntry]
    /// What was left out or is wrong, each with its offset: entries that could not be used,
    /// an entry count that differs from the entries present, bytes after the last entry.
    public var problems: [DecodeError] = []
    /// Problems, or entries whose attributes have something for the decode summary.
    var hasFindings = false

    /// Decodes a RIB record; `peers` is the PEER_INDEX_TABLE that precedes it in the file.
    init(parsing body: UnsafeRawBufferPointer, subtype: UInt16, peers: PeerIndexTable?) throws(DecodeError) {
        typealias S = MRTType.TableDumpV2
        var cursor = ByteCursor(body)
        guard let sequence = cursor.readUInt32() else { throw DecodeError("sequence number", "cut short", at: 0) }
        let family: AddressFamily
        let safi: UInt8
        addPath = subtype >= S.ribIPv4UnicastAddPath
        switch subtype {
        case S.ribIPv4Unicast, S.ribIPv4UnicastAddPath: family = .ipv4; safi = 1
        case S.ribIPv4Multicast, S.ribIPv4MulticastAddPath: family = .ipv4; safi = 2
        case S.ribIPv6Unicast, S.ribIPv6UnicastAddPath: family = .ipv6; safi = 1
        case S.ribIPv6Multicast, S.ribIPv6MulticastAddPath: family = .ipv6; safi = 2
        default:
            guard let afi = cursor.readUInt16(), let genericSAFI = cursor.readUInt8() else {
                throw DecodeError("RIB_GENERIC AFI/SAFI", "cut short", at: 4)
            }
            guard let known = AddressFamily(rawValue: afi), (1...2).contains(genericSAFI) else {
                throw DecodeError("RIB_GENERIC", "AFI \(afi) SAFI \(genericSAFI) is not IPv4/IPv6 unicast or multicast; this decoder does not read it", at: 4)
            }
            family = known; safi = genericSAFI
        }
        let prefix = try PrefixBytes.read(from: &cursor, family: family)
        self.prefix = prefix
        let countOffset = cursor.position
        guard let entryCount = cursor.readUInt16() else { throw DecodeError("entry count", "missing", at: countOffset) }
        if entryCount > 0 && peers == nil {
            throw DecodeError("RIB entries", "no PEER_INDEX_TABLE precedes this record; the file does not start at the beginning of a dump", at: cursor.position)
        }
        var entries: [RIBEntry] = []
        entries.reserveCapacity(Int(entryCount))
        var problems: [DecodeError] = []
        var index = 0
        var cutShort = false
        // Every entry whose bytes are complete is read, also past the announced count: a
        // writer that counts one too few must not lose a route (RFC 6396 section 4.3.2 gives
        // the count; the record length bounds the entries).
        while !cursor.isAtEnd {
            let start = cursor.position
            guard let peerIndex = cursor.readUInt16(), let originated = cursor.readUInt32(),
                  let pathID = addPath ? cursor.readUInt32() : 0,
                  let attributeLength = cursor.readUInt16(), let block = cursor.readBytes(Int(attributeLength)) else {
                let what = index < entryCount ? "RIB entry \(index)" : "RIB entries"
                let detail = index < entryCount ? "cut short: \(body.count - start) bytes left (the record announces \(entryCount) entries)"
                    : "\(body.count - start) bytes after the \(index) entries are not a complete entry"
                problems.append(DecodeError(what, detail, at: start, consequence: .partOmitted))
                cutShort = index < entryCount
                break
            }
            defer { index += 1 }
            guard let table = peers, Int(peerIndex) < table.peers.count else {
                problems.append(DecodeError("RIB entry \(index)", "peer index \(peerIndex) is not in the PEER_INDEX_TABLE (\(peers?.peers.count ?? 0) peers); the entry was left out",
                                            at: start, consequence: .partOmitted))
                continue
            }
            let blockStart = cursor.position - block.count
            let attributes: WireAttributes
            do {
                attributes = try WireAttributes(parsing: block, asnSize: 4, context: .ribEntry(prefix: prefix))
            } catch {
                problems.append(error.shifted(by: blockStart, within: "RIB entry \(index)").with(.partOmitted))
                continue
            }
            if attributes.hasProblem, let problem = attributes.problem {
                problems.append(problem.shifted(by: blockStart, within: "RIB entry \(index)"))
                if attributes.treatAsWithdraw { continue }
            }
            if attributes.hasFindings { hasFindings = true }
            entries.append(RIBEntry(peerIndex: peerIndex, peer: table.peers[Int(peerIndex)], originatedTime: originated,
                                    pathID: pathID, attributes: attributes))
        }
        if index != Int(entryCount) && !cutShort {
            problems.append(DecodeError("entry count", "the record announces \(entryCount) entries but holds \(index)\(index > entryCount ? "; every complete one was read" : "")",
                                        at: countOffset, consequence: .partOmitted))
        }
        self.problems = problems
        if !problems.isEmpty { hasFindings = true }
        self.sequence = sequence
        self.safi = safi
        self.entries = entries
    }
}
