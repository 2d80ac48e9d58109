import BGP

/// One end of a BGP session as BGP4MP records name it (RFC 6396 section 4.4): its AS and
/// its address. Both ends of a record have the same address family.
public struct BGPSpeaker: Hashable, Sendable {
    public var asn: ASN
    public var address: IPAddress
    public init(asn: ASN, address: IPAddress) { self.asn = asn; self.address = address }
}

extension MRTWriter {
    /// A BGP4MP record carrying one UPDATE (`BGPEncoder.update` says how routes and
    /// attributes are laid out): with `microseconds` a BGP4MP_ET record (RFC 6396 section 3).
    /// The subtype follows `asnSize` and `addPath`: BGP4MP_MESSAGE_AS4 (section 4.4.3) by
    /// default, BGP4MP_MESSAGE (4.4.2) for a two-octet session, and their ADD-PATH variants
    /// BGP4MP_MESSAGE_AS4_ADDPATH / BGP4MP_MESSAGE_ADDPATH (RFC 8050 section 3).
    public func update(timestamp: UInt32, microseconds: UInt32? = nil, peer: BGPSpeaker, local: BGPSpeaker,
                       announce: [NLRI] = [], withdraw: [NLRI] = [], attributes: PathAttributes = PathAttributes(),
                       asnSize: Int = 4, addPath: Bool = false, interfaceIndex: UInt16 = 0) -> [UInt8] {
        let bgp = BGPEncoder.update(announce: announce, withdraw: withdraw, attributes: attributes,
                                    asnSize: asnSize, addPath: addPath)
        return message(timestamp: timestamp, microseconds: microseconds, peer: peer, local: local,
                       message: bgp, asnSize: asnSize, addPath: addPath, interfaceIndex: interfaceIndex)
    }

    /// A BGP4MP record carrying any BGP message (`message`: header included, as
    /// `BGPEncoder.message` builds it), with the subtype chosen as for `update`.
    public func message(timestamp: UInt32, microseconds: UInt32? = nil, peer: BGPSpeaker, local: BGPSpeaker,
                        message: [UInt8], asnSize: Int = 4, addPath: Bool = false,
                        interfaceIndex: UInt16 = 0) -> [UInt8] {
        typealias S = MRTType.BGP4MP
        let subtype: UInt16
        switch (asnSize, addPath) {
        case (4, false): subtype = S.messageAS4
        case (2, false): subtype = S.message
        case (4, true): subtype = S.messageAS4AddPath
        case (2, true): subtype = S.messageAddPath
        default: preconditionFailure("ASNs are 2 or 4 bytes, not \(asnSize)")
        }
        var body = Self.sessionHeader(peer: peer, local: local, asnSize: asnSize, interfaceIndex: interfaceIndex)
        body += message
        return Self.record(type: microseconds == nil ? MRTType.bgp4mp : MRTType.bgp4mpET, subtype: subtype,
                           timestamp: timestamp, microseconds: microseconds, body: body)
    }

    /// BGP4MP_STATE_CHANGE_AS4 (RFC 6396 section 4.4.4), or BGP4MP_STATE_CHANGE (4.4.1) with
    /// `asnSize` 2: the session's FSM moved from `oldState` to `newState` (RFC 4271 section
    /// 8.2.2).
    public func stateChange(timestamp: UInt32, microseconds: UInt32? = nil, peer: BGPSpeaker, local: BGPSpeaker,
                            from oldState: BGPState, to newState: BGPState, asnSize: Int = 4,
                            interfaceIndex: UInt16 = 0) -> [UInt8] {
        precondition(asnSize == 2 || asnSize == 4, "ASNs are 2 or 4 bytes, not \(asnSize)")
        var body = Self.sessionHeader(peer: peer, local: local, asnSize: asnSize, interfaceIndex: interfaceIndex)
        body.appendBigEndian(oldState.code)
        body.appendBigEndian(newState.code)
        return Self.record(type: microseconds == nil ? MRTType.bgp4mp : MRTType.bgp4mpET,
                           subtype: asnSize == 4 ? MRTType.BGP4MP.stateChangeAS4 : MRTType.BGP4MP.stateChange,
                           timestamp: timestamp, microseconds: microseconds, body: body)
    }

    /// The fields every BGP4MP subtype starts with (RFC 6396 sections 4.4.1-4.4.4): peer AS,
    /// local AS (two octets, AS_TRANS for a larger ASN, or four), interface index, AFI, peer
    /// address, local address.
    static func sessionHeader(peer: BGPSpeaker, local: BGPSpeaker, asnSize: Int, interfaceIndex: UInt16) -> [UInt8] {
        precondition(peer.address.family == local.address.family,
                     "peer \(peer.address) and local \(local.address) addresses must be of one family")
        var out: [UInt8] = []
        out.appendASN(peer.asn, size: asnSize)
        out.appendASN(local.asn, size: asnSize)
        out.appendBigEndian(interfaceIndex)
        out.appendBigEndian(peer.address.family.rawValue)
        out.appendAddress(peer.address)
        out.appendAddress(local.address)
        return out
    }
}
