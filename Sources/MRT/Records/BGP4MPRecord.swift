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

extension StateChange {
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
    public var addPath: Bool
    public var message: BGPMessage

    init(parsing body: UnsafeRawBufferPointer, subtype: UInt16) throws(DecodeError) {
        typealias S = MRTType.BGP4MP
        asnSize = [S.messageAS4, S.messageAS4Local, S.messageAS4AddPath, S.messageAS4LocalAddPath].contains(subtype) ? 4 : 2
        isLocal = [S.messageLocal, S.messageAS4Local, S.messageLocalAddPath, S.messageAS4LocalAddPath].contains(subtype)
        addPath = subtype >= S.messageAddPath
        var cursor = ByteCursor(body)
        let header = try BGP4MPSessionHeader.parse(&cursor, asnSize: asnSize)
        peerASN = ASN(header.peerASN)
        localASN = ASN(header.localASN)
        interfaceIndex = header.interfaceIndex
        peerAddress = header.peerAddress
        localAddress = header.localAddress
        let start = cursor.position
        do {
            message = try BGPMessage(parsing: UnsafeRawBufferPointer(rebasing: body[start...]), asnSize: asnSize, addPath: addPath)
        } catch {
            throw error.shifted(by: start)
        }
    }
}
