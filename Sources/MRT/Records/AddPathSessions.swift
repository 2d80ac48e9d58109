import BGP

/// ADD-PATH as negotiated on each session of a BGP4MP stream, learnt from the OPEN messages in
/// it. RFC 7911 section 4: a sender puts path identifiers into the NLRI of a family when it
/// said "send" for that family and the receiver said "receive". The plain MESSAGE subtypes
/// do not say so (the ADDPATH subtypes of RFC 8050 do), yet BIRD and FRR write ADD-PATH
/// UPDATEs into them; the OPENs of the same file are how to read them.
///
/// A session is the pair of addresses and the interface. The ASNs are not part of the key:
/// an OPEN is recorded before the 4-byte ASN is negotiated, so a 4-byte peer's OPEN can show
/// AS_TRANS where its UPDATEs show its ASN (docs/route-server-semantics.md). The peer ASN
/// learnt is kept, and a message from another ASN on the same addresses is not trusted to
/// the same state.
struct AddPathSessions {
    struct Key: Hashable {
        var peer: IPAddress
        var local: IPAddress
        var interfaceIndex: UInt16
    }

    struct Sides {
        var peerASN: UInt32?
        /// The OPEN the peer sent (recorded as received) and the one the local side sent
        /// (recorded in a _LOCAL subtype).
        var peer: OpenCapabilities?
        var local: OpenCapabilities?
    }

    private var sessions: [Key: Sides] = [:]

    /// Remembers an OPEN; `sentByLocal` for the _LOCAL subtypes.
    mutating func open(_ header: BGP4MPSessionHeader, sentByLocal: Bool, _ capabilities: OpenCapabilities) {
        let key = Key(peer: header.peerAddress, local: header.localAddress, interfaceIndex: header.interfaceIndex)
        var sides = sessions[key] ?? Sides()
        if sentByLocal {
            sides.local = capabilities
        } else {
            sides.peer = capabilities
            let asn = header.peerASN == UInt32(ASN.trans.rawValue) ? capabilities.fourByteASN ?? header.peerASN : header.peerASN
            sides.peerASN = asn
        }
        sessions[key] = sides
    }

    /// The families whose NLRI carry path ids in a message of this session and direction;
    /// nil when the file does not say (no OPEN of the side that decides).
    func families(_ header: BGP4MPSessionHeader, sentByLocal: Bool) -> AddPathFamilies? {
        if sessions.isEmpty { return nil }
        let key = Key(peer: header.peerAddress, local: header.localAddress, interfaceIndex: header.interfaceIndex)
        guard let sides = sessions[key] else { return nil }
        if let known = sides.peerASN, header.peerASN != known, header.peerASN != UInt32(ASN.trans.rawValue) { return nil }
        let sender = sentByLocal ? sides.local : sides.peer
        let receiver = sentByLocal ? sides.peer : sides.local
        if let sender, let receiver { return sender.addPathSend.intersection(receiver.addPathReceive) }
        // One OPEN is enough when it rules path ids out.
        if let sender, sender.addPathSend.isEmpty { return AddPathFamilies.none }
        if let receiver, receiver.addPathReceive.isEmpty { return AddPathFamilies.none }
        return nil
    }
}
