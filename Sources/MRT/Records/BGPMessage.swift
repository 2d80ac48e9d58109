import BGP

/// A BGP message (RFC 4271 section 4) as carried in BGP4MP records.
public enum BGPMessage {
    case open(version: UInt8, asn: ASN, holdTime: UInt16, bgpID: UInt32)
    case update(UpdateMessage)
    case notification(code: UInt8, subcode: UInt8)
    case keepalive
    case routeRefresh
    case other(type: UInt8)

    /// `notes` says what the decode summary needs to know of an UPDATE, so that the caller
    /// does not take the message apart again (a copy of it) to find out.
    init(parsing bytes: UnsafeRawBufferPointer, asnSize: Int, addPath: AddPathFamilies, notes: inout UpdateNotes) throws(DecodeError) {
        guard bytes.count >= 19 else { throw DecodeError("BGP header", "\(bytes.count) bytes, a BGP message has at least 19", at: 0) }
        for i in 0..<16 where bytes[i] != 0xFF {
            throw DecodeError("BGP marker", "byte \(i) is \(bytes[i]), must be 255", at: i)
        }
        let length = Int(bytes.uint16(at: 16))
        guard length >= 19 else { throw DecodeError("BGP length", "\(length) is below the minimum of 19", at: 16) }
        let type = bytes[18]
        // Zebra recorded OPENs shorter than their length field: the fixed part (RFC 4271
        // section 4.2, 10 bytes) and what optional parameters there are still read.
        let shortOpen = type == 1 && length > bytes.count && bytes.count >= 29
        guard length <= bytes.count || shortOpen else {
            throw DecodeError("BGP length", "\(length) but the record holds only \(bytes.count) bytes of the message", at: 16)
        }
        if shortOpen { notes.shortOpen = true }
        let body = UnsafeRawBufferPointer(rebasing: bytes[19..<min(length, bytes.count)])
        switch type {
        case 1:
            var cursor = ByteCursor(body)
            guard let version = cursor.readUInt8(), let asn = cursor.readUInt16(), let hold = cursor.readUInt16(),
                  let id = cursor.readUInt32() else { throw DecodeError("OPEN", "cut short", at: 19) }
            self = .open(version: version, asn: ASN(UInt32(asn)), holdTime: hold, bgpID: id)
        case 2:
            do {
                let update = try UpdateMessage(parsing: body, asnSize: asnSize, addPath: addPath)
                notes = UpdateNotes(isUpdate: true, cutOffNLRI: update.hasCutOffNLRI, attributeFindings: update.attributes.hasFindings)
                self = .update(update)
            } catch {
                throw error.shifted(by: 19, within: "UPDATE")
            }
        case 3:
            guard body.count >= 2 else { throw DecodeError("NOTIFICATION", "cut short", at: 19) }
            self = .notification(code: body[0], subcode: body[1])
        case 4: self = .keepalive
        case 5: self = .routeRefresh
        default: self = .other(type: type)
        }
    }
}

/// What the decode summary needs to know of a BGP message that is an UPDATE.
struct UpdateNotes {
    var isUpdate = false
    /// An NLRI list ends in a partial prefix.
    var cutOffNLRI = false
    /// `WireAttributes.hasFindings` of its attributes.
    var attributeFindings = false
    /// An OPEN shorter than its length field (Zebra), read with what it carries.
    var shortOpen = false
    /// Zebra's message record without interface, family or addresses.
    var unaddressed = false
}

/// An UPDATE message (RFC 4271 section 4.3), borrowed from the record.
///
/// When the attributes call for RFC 7606 "treat-as-withdraw" (`attributes.treatAsWithdraw`),
/// the routes the UPDATE announced are moved to the withdrawals: `withdrawn` (IPv4) and
/// `attributes.mpUnreach` (MP_REACH_NLRI's), with `withdrawnByTreatAsWithdraw` and
/// `mpWithdrawnByTreatAsWithdraw` saying so. Consumers see withdrawals, as a speaker would.
/// Where the UPDATE withdraws routes of that family itself, the announced ones follow its
/// own in the same list (`withdrawnByTheUpdate`, `mpWithdrawnByTheUpdate` count its own).
public struct UpdateMessage {
    public var withdrawn: NLRIList
    public var attributes: WireAttributes
    public var announced: NLRIList
    public private(set) var withdrawnByTreatAsWithdraw = false
    public private(set) var mpWithdrawnByTreatAsWithdraw = false
    private var ownWithdrawals: UInt16 = 0
    private var ownMPWithdrawals: UInt16 = 0

    /// How many of the first routes of `withdrawn` the UPDATE withdrew itself; the rest are
    /// its announcements treated as withdrawn when `withdrawnByTreatAsWithdraw`.
    public var withdrawnByTheUpdate: Int { withdrawnByTreatAsWithdraw ? Int(ownWithdrawals) : withdrawn.count }
    /// The same for the NLRI of `attributes.mpUnreach`.
    public var mpWithdrawnByTheUpdate: Int {
        let count = attributes.mpUnreach?.nlri?.count ?? 0
        return mpWithdrawnByTreatAsWithdraw ? Int(ownMPWithdrawals) : count
    }
    /// The announced routes that RFC 7606 turned into withdrawals.
    public var routesTreatedAsWithdrawn: Int {
        (withdrawn.count - withdrawnByTheUpdate) + ((attributes.mpUnreach?.nlri?.count ?? 0) - mpWithdrawnByTheUpdate)
    }

    /// `addPath`: the families whose NLRI carry path identifiers (RFC 7911).
    init(parsing body: UnsafeRawBufferPointer, asnSize: Int, addPath: AddPathFamilies) throws(DecodeError) {
        var cursor = ByteCursor(body)
        guard let withdrawnLength = cursor.readUInt16() else { throw DecodeError("withdrawn routes length", "missing", at: 0) }
        guard let withdrawnBytes = cursor.readBytes(Int(withdrawnLength)) else {
            throw DecodeError("withdrawn routes length", "\(withdrawnLength) but \(cursor.remaining) bytes remain", at: 0)
        }
        do { withdrawn = try NLRIList(bytes: withdrawnBytes, family: .ipv4, addPath: addPath.ipv4Unicast) } catch {
            throw error.shifted(by: 2, within: "withdrawn")
        }
        guard let attributeLength = cursor.readUInt16() else { throw DecodeError("path attribute length", "missing", at: cursor.position) }
        let blockStart = cursor.position
        guard let block = cursor.readBytes(Int(attributeLength)) else {
            throw DecodeError("path attribute length", "\(attributeLength) but \(cursor.remaining) bytes remain", at: blockStart - 2)
        }
        do { attributes = try WireAttributes(parsing: block, asnSize: asnSize, context: .update(addPath)) } catch {
            throw error.shifted(by: blockStart)
        }
        let nlriStart = cursor.position
        do {
            announced = try NLRIList(bytes: UnsafeRawBufferPointer(rebasing: body[nlriStart...]), family: .ipv4, addPath: addPath.ipv4Unicast)
        } catch {
            throw error.shifted(by: nlriStart)
        }
        attributes.requireMandatory(nlriField: announced.count > 0 || announced.cutOffBytes > 0,
                                    mpNLRI: (attributes.mpReach?.nlri?.count ?? 0) > 0)
        if attributes.treatAsWithdraw { try withdrawAnnounced(attributeBlockAt: blockStart) }
    }

    /// RFC 7606 section 2: the announced routes are withdrawn instead, after the UPDATE's own
    /// withdrawals of the same family. Only a list that cannot be appended (a cut-off last
    /// prefix, or MP_UNREACH_NLRI of another family than MP_REACH_NLRI) makes the UPDATE
    /// malformed.
    private mutating func withdrawAnnounced(attributeBlockAt blockStart: Int) throws(DecodeError) {
        let reason = attributes.problem.map { "\($0.field): \($0.problem)" } ?? ""
        if announced.count > 0 || announced.cutOffBytes > 0 {
            let own = withdrawn.count
            guard let merged = withdrawn.count == 0 && withdrawn.cutOffBytes == 0 ? announced : withdrawn.appending(announced) else {
                throw DecodeError("treat-as-withdraw", "\(reason); the UPDATE also withdraws routes and one of the two lists ends in a cut-off prefix, so they cannot be joined", at: blockStart)
            }
            withdrawn = merged
            announced = .empty(.ipv4)
            withdrawnByTreatAsWithdraw = true
            ownWithdrawals = UInt16(own)
        }
        if let reach = attributes.mpReach, let list = reach.nlri, list.count > 0 || list.cutOffBytes > 0 {
            let own = attributes.mpUnreach?.nlri?.count ?? 0
            guard attributes.withdrawMPReach() else {
                throw DecodeError("treat-as-withdraw", "\(reason); the UPDATE's MP_UNREACH_NLRI also withdraws routes, of another family or ending in a cut-off prefix, so the two cannot be joined", at: blockStart)
            }
            mpWithdrawnByTreatAsWithdraw = true
            ownMPWithdrawals = UInt16(own)
        }
    }
}
