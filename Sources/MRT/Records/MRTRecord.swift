import BGP

/// A decoded MRT record. Attribute and NLRI views inside borrow the record's bytes: use them
/// before asking the reader for the next record, or copy what you keep (`PathAttributes(_:)`).
///
/// The two large kinds are boxed: a record passes through several hands between the framing
/// and its reader, millions a night, and a message or a route of hundreds of bytes copied at
/// each cost the reading thread more than its one allocation does.
public enum MRTRecord {
    case peerIndexTable(PeerIndexTable)
    case rib(RIBRecord)
    indirect case tableDump(TableDumpRecord)
    indirect case message(BGP4MPMessage)
    case stateChange(StateChange)
    /// A type or subtype this decoder does not read (OSPF, IS-IS, deprecated types...).
    case unsupported(String)
}

/// A record shorter than its format says, read with what it carries ("short, recovered").
public enum ShortRecord: Sendable, CustomStringConvertible {
    case zebraStateChange
    case zebraOpen
    case zebraUnaddressedMessage

    public var description: String {
        switch self {
        case .zebraStateChange: return "BGP4MP_STATE_CHANGE of 8 bytes (Zebra: no interface, family or addresses)"
        case .zebraOpen: return "BGP4MP OPEN shorter than its BGP length (Zebra)"
        case .zebraUnaddressedMessage: return "BGP4MP message without interface, family or addresses (Zebra)"
        }
    }
}

/// Decodes framed records; keeps the PEER_INDEX_TABLE that TABLE_DUMP_V2 RIB records refer to.
public struct MRTDecoder {
    public private(set) var peerIndexTable: PeerIndexTable?
    /// ADD-PATH per session, from the OPEN messages seen so far (the stream is sequential).
    private var sessions = AddPathSessions()
    /// The record `decode` returned last has something for the decode summary beyond being
    /// decoded (damage, RFC 7606 handling, path ids from OPEN or inferred, a cut-off NLRI).
    /// Told from the record's parts before they are wrapped, so that the common record is not
    /// looked at (copied) again.
    public private(set) var lastHasFindings = false

    public init() {}

    /// The record `decode` returned last is shorter than its format says and was read with
    /// what it carries ("short, recovered"): its kind, for the decode summary.
    public private(set) var lastShortRecovered: ShortRecord?

    public mutating func decode(_ record: RawRecord) throws(DecodeError) -> MRTRecord {
        lastHasFindings = false
        lastShortRecovered = nil
        let header = record.header
        let body = record.body
        switch header.type {
        case MRTType.tableDumpV2:
            switch header.subtype {
            case MRTType.TableDumpV2.peerIndexTable:
                let table = try PeerIndexTable(parsing: body)
                peerIndexTable = table
                return .peerIndexTable(table)
            case MRTType.TableDumpV2.ribGeneric, MRTType.TableDumpV2.ribGenericAddPath:
                // RFC 6396 4.3.3: a RIB_GENERIC of an AFI/SAFI one does not know is set aside whole.
                if body.count >= 7, AddressFamily(rawValue: body.uint16(at: 4)) != nil, (1...2).contains(body[6]) {
                    return rib(try RIBRecord(parsing: body, subtype: header.subtype, peers: peerIndexTable))
                }
                guard body.count >= 7 else { throw DecodeError("RIB_GENERIC AFI/SAFI", "cut short", at: 4) }
                return .unsupported("RIB_GENERIC AFI \(body.uint16(at: 4)) SAFI \(body[6])")
            case 2...5, 8...11:
                return rib(try RIBRecord(parsing: body, subtype: header.subtype, peers: peerIndexTable))
            default:
                return .unsupported(MRTType.name(type: header.type, subtype: header.subtype))
            }
        case MRTType.bgp:
            let record = try LegacyBGPRecord.decode(body, subtype: header.subtype)
            if case let .message(message) = record { lastHasFindings = message.hasFindings }
            return record
        case MRTType.tableDump:
            return tableDump(try TableDumpRecord(parsing: body, subtype: header.subtype))
        case MRTType.bgp4mp, MRTType.bgp4mpET:
            switch header.subtype {
            case MRTType.BGP4MP.stateChange where body.count == StateChange.zebraShortLength:
                lastShortRecovered = .zebraStateChange
                return .stateChange(StateChange(zebraShort: body))
            case MRTType.BGP4MP.stateChange:
                return .stateChange(try StateChange(parsing: body, asnSize: 2))
            case MRTType.BGP4MP.stateChangeAS4:
                return .stateChange(try StateChange(parsing: body, asnSize: 4))
            case MRTType.BGP4MP.entry:
                return tableDump(try BGP4MPEntry.parse(body))
            case 1, 4, 6...11:
                return message(try BGP4MPMessage(parsing: body, subtype: header.subtype, sessions: &sessions))
            default:
                return .unsupported(MRTType.name(type: header.type, subtype: header.subtype))
            }
        default:
            return .unsupported(MRTType.name(type: header.type, subtype: header.subtype))
        }
    }
}

extension MRTDecoder {
    /// An entry after the first of a TABLE_DUMP record holding several (`RawRecord.tableDumpEntries`).
    public mutating func decodeTableDumpEntry(_ record: RawRecord, at offset: Int) throws(DecodeError) -> MRTRecord {
        lastHasFindings = false
        return tableDump(try TableDumpRecord(parsing: record.body, entryAt: offset, subtype: record.header.subtype))
    }

    private mutating func rib(_ record: RIBRecord) -> MRTRecord {
        lastHasFindings = record.hasFindings
        return .rib(record)
    }

    private mutating func tableDump(_ record: TableDumpRecord) -> MRTRecord {
        lastHasFindings = record.attributes.hasFindings
        return .tableDump(record)
    }

    private mutating func message(_ record: BGP4MPMessage) -> MRTRecord {
        lastHasFindings = record.hasFindings
        if record.isShortOpen { lastShortRecovered = .zebraOpen }
        if record.isUnaddressed { lastShortRecovered = .zebraUnaddressedMessage }
        return .message(record)
    }
}

extension MRTRecord {
    /// Routes (announced or withdrawn prefixes, RIB entries) and state changes in the record.
    public var routeCount: Int {
        switch self {
        case let .rib(rib): return rib.entries.count
        case .tableDump, .stateChange: return 1
        case let .message(message):
            guard case let .update(update) = message.message else { return 0 }
            return update.withdrawn.count + update.announced.count
                + (update.attributes.mpReach?.nlri?.count ?? 0) + (update.attributes.mpUnreach?.nlri?.count ?? 0)
        case .peerIndexTable, .unsupported: return 0
        }
    }
}

extension MRTRecord {
    /// The NLRI list of this message that ends in a cut-off prefix, if any: the record was
    /// decoded up to it, and the cut is worth reporting.
    public var incompleteNLRI: NLRIList? {
        guard case let .message(message) = self, case let .update(update) = message.message else { return nil }
        let lists = [update.withdrawn, update.announced, update.attributes.mpUnreach?.nlri, update.attributes.mpReach?.nlri]
        return lists.lazy.compactMap { $0 }.first { $0.cutOffBytes > 0 }
    }
}

extension MRTRecord {
    /// Path attributes that appeared more than once in a block (the first of each was used).
    public var duplicateAttributeCount: Int {
        switch self {
        case let .rib(rib): return rib.entries.reduce(0) { $0 + $1.attributes.duplicateCount }
        case let .tableDump(route): return route.attributes.duplicateCount
        case let .message(message):
            guard case let .update(update) = message.message else { return 0 }
            return update.attributes.duplicateCount
        case .peerIndexTable, .stateChange, .unsupported: return 0
        }
    }
}
