import BGP

/// BGP4MP_STATE_CHANGE(_AS4) (RFC 6396 section 4.4.1): a session's FSM moved between states
/// (RFC 4271 section 8.2.2).
public struct StateChange: Hashable, Sendable {
    public var peerASN: ASN
    public var localASN: ASN
    public var interfaceIndex: UInt16
    public var peerAddress: IPAddress
    public var localAddress: IPAddress
    public var oldState: BGPState
    public var newState: BGPState
}

/// The addressing part shared by BGP4MP messages and state changes.
struct BGP4MPSessionHeader {
    var peerASN: UInt32
    var localASN: UInt32
    var interfaceIndex: UInt16
    var family: AddressFamily
    var peerAddress: IPAddress
    var localAddress: IPAddress

    static func parse(_ cursor: inout ByteCursor, asnSize: Int) throws(DecodeError) -> BGP4MPSessionHeader {
        guard let peerAS = cursor.readASN(size: asnSize), let localAS = cursor.readASN(size: asnSize),
              let interfaceIndex = cursor.readUInt16(), let afi = cursor.readUInt16() else {
            throw DecodeError("BGP4MP header", "cut short", at: 0)
        }
        guard let family = AddressFamily(rawValue: afi) else {
            throw DecodeError("address family", "AFI \(afi) is neither IPv4 (1) nor IPv6 (2)", at: cursor.position - 2)
        }
        guard let peer = cursor.readBytes(family.addressLength), let local = cursor.readBytes(family.addressLength) else {
            throw DecodeError("peer/local address", "cut short", at: cursor.position)
        }
        return BGP4MPSessionHeader(
            peerASN: peerAS, localASN: localAS, interfaceIndex: interfaceIndex, family: family,
            peerAddress: PrefixBytes.address(family: family, bytes: peer, at: 0, count: family.addressLength),
            localAddress: PrefixBytes.address(family: family, bytes: local, at: 0, count: family.addressLength))
    }
}

extension BGP4MPSessionHeader {
    /// Zebra (before Quagga) also wrote BGP4MP messages (OPENs) with the two ASNs and then
    /// the BGP message straight away: no interface, family or addresses. Recognised only where
    /// the usual layout cannot be, the 16-byte BGP marker (all ones, RFC 4271 section 4.1)
    /// sitting where the interface index and an AFI of 65535 would be, with the message's
    /// length field filling the rest of the record.
    init?(zebraUnaddressed body: UnsafeRawBufferPointer, asnSize: Int) {
        let start = 2 * asnSize
        guard body.count >= start + 19, body[start..<(start + 16)].allSatisfy({ $0 == 0xFF }),
              Int(body.uint16(at: start + 16)) == body.count - start else { return nil }
        let peer = asnSize == 4 ? body.uint32(at: 0) : UInt32(body.uint16(at: 0))
        let local = asnSize == 4 ? body.uint32(at: 4) : UInt32(body.uint16(at: 2))
        self.init(peerASN: peer, localASN: local, interfaceIndex: 0, family: .ipv4,
                  peerAddress: IPAddress(ipv4: 0), localAddress: IPAddress(ipv4: 0))
    }
}

extension StateChange {
    /// Zebra (before Quagga) wrote some BGP4MP_STATE_CHANGE records 8 bytes long: peer AS,
    /// local AS, old state, new state, without interface, family and addresses (bgpdump
    /// reads them so too). Read with what they carry, the addresses 0.0.0.0: the
    /// reconstruction finds the session by its AS, as for BIRD's drops.
    static let zebraShortLength = 8

    init(zebraShort body: UnsafeRawBufferPointer) {
        self.init(peerASN: ASN(UInt32(body.uint16(at: 0))), localASN: ASN(UInt32(body.uint16(at: 2))), interfaceIndex: 0,
                  peerAddress: IPAddress(ipv4: 0), localAddress: IPAddress(ipv4: 0),
                  oldState: BGPState(code: body.uint16(at: 4)), newState: BGPState(code: body.uint16(at: 6)))
    }

    init(parsing body: UnsafeRawBufferPointer, asnSize: Int) throws(DecodeError) {
        var cursor = ByteCursor(body)
        let header = try BGP4MPSessionHeader.parse(&cursor, asnSize: asnSize)
        guard let old = cursor.readUInt16(), let new = cursor.readUInt16() else {
            throw DecodeError("old/new state", "cut short", at: cursor.position)
        }
        guard cursor.isAtEnd else {
            throw DecodeError("state change", "\(cursor.remaining) unexpected bytes after the new state", at: cursor.position)
        }
        self.init(peerASN: ASN(header.peerASN), localASN: ASN(header.localASN), interfaceIndex: header.interfaceIndex,
                  peerAddress: header.peerAddress, localAddress: header.localAddress,
                  oldState: BGPState(code: old), newState: BGPState(code: new))
    }
}

/// BGP4MP_MESSAGE and its AS4, LOCAL and ADDPATH variants (RFC 6396 section 4.4.2-4.4.6,
/// RFC 8050 section 3): one BGP message of a session.
public struct BGP4MPMessage {
    public var peerASN: ASN
    public var localASN: ASN
    public var interfaceIndex: UInt16
    public var peerAddress: IPAddress
    public var localAddress: IPAddress
    /// 4 for the AS4 subtypes: the width of ASNs in the message's AS_PATH and AGGREGATOR.
    public var asnSize: Int
    /// Sent by the collector (the _LOCAL subtypes) rather than received.
    public var isLocal: Bool
    /// An ADDPATH subtype (RFC 8050): every NLRI of the message has a path id.
    public var addPath: Bool
    /// The families whose NLRI carried path ids: every one for the ADDPATH subtypes; for the
    /// plain ones, what the session's OPEN messages negotiated (RFC 7911), or what the
    /// fallback inferred (`pathIDsInferred`).
    public var pathIDFamilies: AddPathFamilies
    /// No OPEN said how to read this plain-subtype UPDATE; read without path ids it was
    /// malformed, read with them it came out exact, so it was read with them.
    public var pathIDsInferred = false
    /// For an OPEN: its ADD-PATH and 4-byte ASN capabilities.
    public var capabilities: OpenCapabilities?
    public var message: BGPMessage
    /// Bytes after the BGP message in the record (RFC 6396 section 4.4.2: the message fills
    /// the record), and where they start in the record body; the message itself is whole.
    public var trailingBytes: Int { Int(trailing) }
    /// An OPEN shorter than its BGP length field says (Zebra), read with what it carries.
    public var isShortOpen: Bool {
        notes.shortOpen
    }
    /// A message record without interface, family and addresses (Zebra), read with the two
    /// ASNs and the message; its addresses are 0.0.0.0.
    public var isUnaddressed: Bool {
        notes.unaddressed
    }
    // Kept narrow: the record is copied whole on the hot path.
    private var trailing: Int32 = 0
    private var messageStart: Int32 = 0
    private var messageLength: UInt16 = 0
    var notes = UpdateNotes()

    /// Damage around the message that left the message itself whole.
    public var problems: [DecodeError] {
        guard trailingBytes > 0 else { return [] }
        return [DecodeError("BGP message", "\(trailingBytes) bytes follow the \(messageLength)-byte message; they were ignored",
                            at: Int(messageStart) + Int(messageLength), consequence: .partOmitted)]
    }

    /// `sessions` says how the plain subtypes' UPDATEs are to be read and learns from OPENs.
    init(parsing body: UnsafeRawBufferPointer, subtype: UInt16, sessions: inout AddPathSessions) throws(DecodeError) {
        typealias S = MRTType.BGP4MP
        switch subtype {
        case S.messageAS4, S.messageAS4Local, S.messageAS4AddPath, S.messageAS4LocalAddPath: asnSize = 4
        default: asnSize = 2
        }
        switch subtype {
        case S.messageLocal, S.messageAS4Local, S.messageLocalAddPath, S.messageAS4LocalAddPath: isLocal = true
        default: isLocal = false
        }
        addPath = subtype >= S.messageAddPath
        var cursor = ByteCursor(body)
        let unaddressed = BGP4MPSessionHeader(zebraUnaddressed: body, asnSize: asnSize)
        let header: BGP4MPSessionHeader
        if let unaddressed {
            header = unaddressed
            cursor = ByteCursor(body, position: 2 * asnSize)
        } else {
            header = try BGP4MPSessionHeader.parse(&cursor, asnSize: asnSize)
        }
        peerASN = ASN(header.peerASN)
        localASN = ASN(header.localASN)
        interfaceIndex = header.interfaceIndex
        peerAddress = header.peerAddress
        localAddress = header.localAddress
        let start = cursor.position
        let bytes = UnsafeRawBufferPointer(rebasing: body[start...])
        let known: AddPathFamilies? = addPath ? .everything : sessions.families(header, sentByLocal: isLocal)
        pathIDFamilies = known ?? .none
        var notes = UpdateNotes()
        do {
            message = try BGPMessage(parsing: bytes, asnSize: asnSize, addPath: pathIDFamilies, notes: &notes)
        } catch {
            guard known == nil, let retried = Self.withPathIDs(bytes, asnSize: asnSize, notes: &notes) else { throw error.shifted(by: start) }
            message = retried
            pathIDFamilies = .everything
            pathIDsInferred = true
        }
        if known == nil, notes.cutOffNLRI, let retried = Self.withPathIDs(bytes, asnSize: asnSize, notes: &notes) {
            message = retried
            pathIDFamilies = .everything
            pathIDsInferred = true
        }
        notes.unaddressed = unaddressed != nil
        self.notes = notes
        if case .open = message {
            // A Zebra OPEN shorter than its length field: the capabilities it carries.
            let length = min(Int(bytes.uint16(at: 16)), bytes.count)
            let parsed = OpenCapabilities(openBody: UnsafeRawBufferPointer(rebasing: bytes[19..<length]))
            capabilities = parsed
            sessions.open(header, sentByLocal: isLocal, parsed)
        }
        // RFC 6396 section 4.4.2: the message fills the rest of the record.
        messageStart = Int32(start)
        messageLength = bytes.uint16(at: 16)
        trailing = Int32(max(0, bytes.count - Int(messageLength)))
    }

    /// The fallback for plain-subtype UPDATEs of sessions whose OPENs are not in the file: the
    /// message read with a path id before every prefix, when that reads it exactly.
    /// `notes` are those of the message returned, untouched when it is nil.
    private static func withPathIDs(_ bytes: UnsafeRawBufferPointer, asnSize: Int, notes: inout UpdateNotes) -> BGPMessage? {
        var retried = UpdateNotes()
        guard let message = try? BGPMessage(parsing: bytes, asnSize: asnSize, addPath: .everything, notes: &retried),
              retried.isUpdate, !retried.cutOffNLRI else { return nil }
        notes = retried
        return message
    }
}

extension BGP4MPMessage {
    /// What `RecordStream` counts or reports beyond the decoding: path ids inferred or read
    /// from OPEN messages, bytes after the message, the UPDATE's attribute findings, a
    /// cut-off NLRI list.
    var hasFindings: Bool {
        if pathIDsInferred || trailing > 0 { return true }
        guard notes.isUpdate else { return false }
        return (!addPath && !pathIDFamilies.isEmpty) || notes.attributeFindings || notes.cutOffNLRI
    }
}

extension UpdateMessage {
    /// Some NLRI list ends in a partial prefix.
    var hasCutOffNLRI: Bool {
        withdrawn.cutOffBytes > 0 || announced.cutOffBytes > 0
            || (attributes.mpReach?.nlri?.cutOffBytes ?? 0) > 0 || (attributes.mpUnreach?.nlri?.cutOffBytes ?? 0) > 0
    }
}

extension BGP4MPMessage {
    /// Where the UPDATE's attribute block starts in `body` (the record body it was read from),
    /// for offsets of problems inside the block.
    func attributesOffset(in body: UnsafeRawBufferPointer) -> Int {
        guard case let .update(update) = message, let block = update.attributes.block.baseAddress,
              let record = body.baseAddress else { return 0 }
        return block - record
    }
}
