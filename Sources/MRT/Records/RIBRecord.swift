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
    public var entries: [RIBEntry]

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
        let prefixStart = cursor.position
        guard let length = cursor.readUInt8() else { throw DecodeError("prefix length", "missing", at: prefixStart) }
        guard Int(length) <= family.maxPrefixLength else {
            throw DecodeError("prefix", "length \(length) is longer than \(family.maxPrefixLength) for \(family)", at: prefixStart)
        }
        guard let octets = cursor.readBytes((Int(length) + 7) / 8) else {
            throw DecodeError("prefix", "a /\(length) needs \((Int(length) + 7) / 8) bytes", at: prefixStart)
        }
        prefix = Prefix(address: PrefixBytes.address(family: family, bytes: octets, at: 0, count: octets.count), length: Int(length))
        guard let entryCount = cursor.readUInt16() else { throw DecodeError("entry count", "missing", at: cursor.position) }
        if entryCount > 0 && peers == nil {
            throw DecodeError("RIB entries", "no PEER_INDEX_TABLE precedes this record; the file does not start at the beginning of a dump", at: cursor.position)
        }
        var entries: [RIBEntry] = []
        entries.reserveCapacity(Int(entryCount))
        for index in 0..<Int(entryCount) {
            let start = cursor.position
            guard let peerIndex = cursor.readUInt16(), let originated = cursor.readUInt32() else {
                throw DecodeError("RIB entry \(index)", "cut short (the record announces \(entryCount) entries)", at: start)
            }
            guard let table = peers, Int(peerIndex) < table.peers.count else {
                throw DecodeError("RIB entry \(index)", "peer index \(peerIndex) is not in the PEER_INDEX_TABLE (\(peers?.peers.count ?? 0) peers)", at: start)
            }
            var pathID: UInt32 = 0
            if addPath {
                guard let id = cursor.readUInt32() else { throw DecodeError("RIB entry \(index) path identifier", "cut short", at: start + 6) }
                pathID = id
            }
            guard let attributeLength = cursor.readUInt16(), let block = cursor.readBytes(Int(attributeLength)) else {
                throw DecodeError("RIB entry \(index) attributes", "length runs past the end of the record", at: start)
            }
            let blockStart = cursor.position - block.count
            let attributes: WireAttributes
            do { attributes = try WireAttributes(parsing: block, asnSize: 4, addPath: addPath) } catch {
                throw error.shifted(by: blockStart, within: "RIB entry \(index)")
            }
            entries.append(RIBEntry(peerIndex: peerIndex, peer: table.peers[Int(peerIndex)], originatedTime: originated,
                                    pathID: pathID, attributes: attributes))
        }
        self.sequence = sequence
        self.safi = safi
        self.entries = entries
    }
}
