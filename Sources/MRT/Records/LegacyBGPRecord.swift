import BGP

/// MRT type 5, BGP: what MRTd and the first route collectors (RIPE RIS until 2001) wrote
/// before BGP4MP. RFC 6396 section 4 lists the type as deprecated without its layout; the
/// layout is that of the MRT drafts, IPv4 and 2-byte ASNs only:
///
/// - UPDATE (1), OPEN (5), NOTIFY (6), KEEPALIVE (7): source AS (2), source IP (4),
///   destination AS (2), destination IP (4), then the BGP message without its 19-byte header
///   (RFC 4271 section 4): an UPDATE's withdrawn length, withdrawn routes, attribute length,
///   attributes and NLRI; an OPEN's version, AS, hold time and BGP identifier; a
///   NOTIFICATION's code and subcode. The source is the peer that sent the message.
/// - STATE_CHANGE (3): peer AS (2), peer IP (4), old state (2), new state (2).
/// - NULL (0), PREF_UPDATE (2), SYNC (4): nothing a route is made of.
///
/// Messages and state changes come out as their BGP4MP counterparts, so that the same
/// reconstruction reads them; `RecordHeader.type` (5) tells the two apart for printing.
enum LegacyBGPRecord {
    static func decode(_ body: UnsafeRawBufferPointer, subtype: UInt16) throws(DecodeError) -> MRTRecord {
        typealias S = MRTType.BGP
        switch subtype {
        case S.stateChange:
            return .stateChange(try stateChange(body))
        case S.update, S.open, S.notify, S.keepalive:
            return .message(try message(body, subtype: subtype))
        default:
            return .unsupported(MRTType.name(type: MRTType.bgp, subtype: subtype))
        }
    }

    private static func stateChange(_ body: UnsafeRawBufferPointer) throws(DecodeError) -> StateChange {
        var cursor = ByteCursor(body)
        guard let peerAS = cursor.readUInt16(), let peer = cursor.readUInt32() else {
            throw DecodeError("BGP STATE_CHANGE peer", "cut short (\(body.count) bytes, the peer AS and address take 6)", at: 0)
        }
        guard let old = cursor.readUInt16(), let new = cursor.readUInt16() else {
            throw DecodeError("old/new state", "cut short", at: cursor.position)
        }
        guard cursor.isAtEnd else {
            throw DecodeError("state change", "\(cursor.remaining) unexpected bytes after the new state", at: cursor.position)
        }
        return StateChange(peerASN: ASN(UInt32(peerAS)), localASN: ASN(0), interfaceIndex: 0,
                           peerAddress: IPAddress(ipv4: peer), localAddress: IPAddress(ipv4: 0),
                           oldState: BGPState(code: old), newState: BGPState(code: new))
    }

    private static func message(_ body: UnsafeRawBufferPointer, subtype: UInt16) throws(DecodeError) -> BGP4MPMessage {
        var cursor = ByteCursor(body)
        guard let sourceAS = cursor.readUInt16(), let source = cursor.readUInt32(),
              let destinationAS = cursor.readUInt16(), let destination = cursor.readUInt32() else {
            throw DecodeError("BGP source/destination", "cut short (\(body.count) bytes, the two ASes and addresses take 12)", at: 0)
        }
        let start = cursor.position
        let rest = UnsafeRawBufferPointer(rebasing: body[start...])
        var notes = UpdateNotes()
        let message: BGPMessage
        switch subtype {
        case MRTType.BGP.update:
            do {
                let update = try UpdateMessage(parsing: rest, asnSize: 2, addPath: .none)
                notes = UpdateNotes(isUpdate: true, cutOffNLRI: update.hasCutOffNLRI, attributeFindings: update.attributes.hasFindings)
                message = .update(update)
            } catch {
                throw error.shifted(by: start, within: "UPDATE")
            }
        case MRTType.BGP.open:
            var open = ByteCursor(rest)
            guard let version = open.readUInt8(), let asn = open.readUInt16(), let hold = open.readUInt16(),
                  let id = open.readUInt32() else { throw DecodeError("OPEN", "cut short (\(rest.count) bytes, at least 9 needed)", at: start) }
            message = .open(version: version, asn: ASN(UInt32(asn)), holdTime: hold, bgpID: id)
        case MRTType.BGP.notify:
            guard rest.count >= 2 else { throw DecodeError("NOTIFICATION", "cut short (\(rest.count) bytes, code and subcode take 2)", at: start) }
            message = .notification(code: rest[0], subcode: rest[1])
        default:
            message = .keepalive
        }
        return BGP4MPMessage(legacySource: ASN(UInt32(sourceAS)), address: IPAddress(ipv4: source),
                             destination: ASN(UInt32(destinationAS)), address: IPAddress(ipv4: destination),
                             message: message, notes: notes)
    }
}

extension BGP4MPMessage {
    /// A type-5 message: the source is the peer, the destination the collector.
    init(legacySource source: ASN, address sourceAddress: IPAddress, destination: ASN, address destinationAddress: IPAddress,
         message: BGPMessage, notes: UpdateNotes) {
        peerASN = source
        localASN = destination
        interfaceIndex = 0
        peerAddress = sourceAddress
        localAddress = destinationAddress
        asnSize = 2
        isLocal = false
        addPath = false
        pathIDFamilies = .none
        self.message = message
        self.notes = notes
    }
}
