import BGP

/// The sessions UPDATEs were applied to, found again by source, peer address and peer ASN
/// without hashing the source's name. A large night interleaves the UPDATEs of a thousand
/// sessions, so the next UPDATE is mostly from another peer than the last, and finding its
/// session by `SessionID` hashed the source's name, the address and the ASN every time.
///
/// Direct-mapped: each peer has one place, taken by the last peer that hashed to it; a peer
/// not found is looked up the long way and takes its place. The sessions are held unretained:
/// the RIB holds every session it made for as long as the reconstruction lives.
struct UpdatePeers {
    private struct Place {
        var source: Int32 = -1
        var asn: UInt32 = 0
        var address = IPAddress(ipv4: 0)
        var session: Unmanaged<SessionState>?
    }

    /// Places: four times the sessions of a large IXP's route server, so that few share one.
    private static let count = 4096
    private var places = [Place](repeating: Place(), count: UpdatePeers.count)

    /// The session of the peer `address`, `asn` of source number `source`, when it is here.
    func session(source: Int, address: IPAddress, asn: ASN) -> SessionState? {
        let place = places[Self.place(source: source, address: address, asn: asn)]
        guard place.source == Int32(truncatingIfNeeded: source), place.asn == asn.rawValue, place.address == address else { return nil }
        return place.session?.takeUnretainedValue()
    }

    mutating func remember(_ session: SessionState, source: Int, address: IPAddress, asn: ASN) {
        places[Self.place(source: source, address: address, asn: asn)] =
            Place(source: Int32(truncatingIfNeeded: source), asn: asn.rawValue, address: address, session: .passUnretained(session))
    }

    private static func place(source: Int, address: IPAddress, asn: ASN) -> Int {
        var h = address.low ^ address.high &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(asn.rawValue) << 32 ^ UInt64(truncatingIfNeeded: source)
        h = (h ^ h >> 29) &* 0xBF58_476D_1CE4_E5B9
        return Int(truncatingIfNeeded: h >> 40) & (count - 1)
    }
}
