/// What one side of a session said in its OPEN message (RFC 4271 section 4.2) that decides how
/// the session's later messages are to be read: ADD-PATH per AFI/SAFI (RFC 7911 section 4,
/// capability 69) and the 4-byte ASN (RFC 6793 section 3, capability 65).
public struct OpenCapabilities: Hashable, Sendable {
    /// Families for which this side is able to receive path identifiers (Send/Receive 1 or 3).
    public var addPathReceive = AddPathFamilies.none
    /// Families for which this side would like to send them (Send/Receive 2 or 3).
    public var addPathSend = AddPathFamilies.none
    public var fourByteASN: UInt32? {
        get { hasFourByteASN ? asn4 : nil }
        set { asn4 = newValue ?? 0; hasFourByteASN = newValue != nil }
    }
    private var asn4: UInt32 = 0
    private var hasFourByteASN = false

    public init() {}

    /// Reads the optional parameters of an OPEN body (the bytes after the BGP header). Damaged
    /// parameters end the reading: what was read before them stands, as a speaker that
    /// accepted the OPEN would have used it.
    init(openBody body: UnsafeRawBufferPointer) {
        var cursor = ByteCursor(body)
        guard cursor.skip(9), let declared = cursor.readUInt8() else { return }
        // RFC 9072 section 2: length 255 followed by type 255 announces 2-octet lengths.
        var extended = false
        var total = Int(declared)
        if declared == 255, let marker = cursor.getUInt8(at: cursor.position), marker == 255 {
            _ = cursor.skip(1)
            guard let long = cursor.readUInt16() else { return }
            extended = true
            total = Int(long)
        }
        guard let parameters = cursor.readBytes(total) else { return }
        var params = ByteCursor(parameters)
        while let type = params.readUInt8() {
            guard let length = extended ? params.readUInt16().map(Int.init) : params.readUInt8().map(Int.init),
                  let value = params.readBytes(length) else { return }
            // Parameter 2: capabilities (RFC 5492 section 4), code, length, value each.
            guard type == 2 else { continue }
            var capabilities = ByteCursor(value)
            while let code = capabilities.readUInt8(), let length = capabilities.readUInt8() {
                guard let value = capabilities.readBytes(Int(length)) else { return }
                read(capability: code, value)
            }
        }
    }

    private mutating func read(capability code: UInt8, _ value: UnsafeRawBufferPointer) {
        switch code {
        case 65 where value.count == 4:
            fourByteASN = value.uint32(at: 0)
        case 69:
            // RFC 7911 section 4: AFI (2), SAFI (1), Send/Receive (1) per family.
            var offset = 0
            while offset + 4 <= value.count {
                let afi = value.uint16(at: offset), safi = value[offset + 2], mode = value[offset + 3]
                if mode & 1 != 0 { addPathReceive.insert(afi: afi, safi: safi) }
                if mode & 2 != 0 { addPathSend.insert(afi: afi, safi: safi) }
                offset += 4
            }
        default:
            break
        }
    }
}
