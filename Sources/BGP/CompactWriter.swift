/// Writes the compact form of a set (`PathAttributes+Compact`) into bytes reserved for it in
/// one step: a decoder writes millions of sets a night, and appending to an array byte by byte
/// pays a growth and uniqueness check for each. The layout of the common part (header, AS
/// path, communities) is written here only; the rare part's counts and addresses go through
/// it too (`CompactBytes`).
public struct CompactWriter {
    private let base: UnsafeMutableRawPointer
    private let limit: Int
    private(set) var written = 0

    private init(_ base: UnsafeMutableRawPointer, limit: Int) {
        self.base = base
        self.limit = limit
    }

    /// Appends to `out` what `body` writes, which must be at most `bound` bytes. Written into
    /// scratch memory (on the stack for a common set) and appended in one copy: growing `out`
    /// by the bound, zero-filled, and cutting it back cost a third of the writing.
    public static func append(to out: inout [UInt8], bound: Int, _ body: (inout CompactWriter) -> Void) {
        withUnsafeTemporaryAllocation(byteCount: bound, alignment: 8) { scratch in
            var writer = CompactWriter(scratch.baseAddress!, limit: bound)
            body(&writer)
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[0..<writer.written]))
        }
    }

    /// The rare part of a set whose only rare attribute is MP_REACH_NLRI's next hop, as
    /// `RareAttributes.appendCompact` writes it (`rareMPNextHopBound` bytes at most).
    public mutating func rareMPNextHop(_ hop: MPNextHop) {
        var fields: PathAttributes.RareField = .mpNextHop
        if hop.linkLocal != nil { fields.insert(.linkLocal) }
        byte(fields.rawValue)
        address(hop.address)
        if let linkLocal = hop.linkLocal { address(linkLocal) }
    }

    public static let rareMPNextHopBound = 1 + 2 * addressBound

    /// The most bytes `header`, `count` and `address` write.
    public static let headerBound = 1 + 1 + addressBound + 4 + 4
    public static let countBound = 10
    static let addressBound = 17

    /// The presence byte and the fixed fields that follow it.
    public mutating func header(origin: Origin?, nextHop: IPAddress?, med: UInt32?, localPref: UInt32?,
                                hasASPath: Bool, hasCommunities: Bool, hasLargeCommunities: Bool, hasRare: Bool) {
        typealias Field = PathAttributes.Field
        var fields: Field = []
        if origin != nil { fields.insert(.origin) }
        if hasASPath { fields.insert(.asPath) }
        if nextHop != nil { fields.insert(.nextHop) }
        if med != nil { fields.insert(.med) }
        if localPref != nil { fields.insert(.localPref) }
        if hasCommunities { fields.insert(.communities) }
        if hasLargeCommunities { fields.insert(.largeCommunities) }
        if hasRare { fields.insert(.rare) }
        byte(fields.rawValue)
        if let origin { byte(origin.rawValue) }
        if let nextHop { address(nextHop) }
        if let med { uint32(med) }
        if let localPref { uint32(localPref) }
    }

    /// A count as LEB128: of segments, of a segment's ASNs, of communities.
    public mutating func count(_ count: Int) {
        var rest = UInt(count)
        while rest >= 0x80 {
            byte(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        byte(UInt8(rest))
    }

    public mutating func segmentHeader(type: ASPath.SegmentType, count: Int) {
        byte(type.rawValue)
        self.count(count)
    }

    /// Values as the wire carries them, big-endian `width`-byte words (2 or 4), each as 4
    /// little-endian bytes.
    public mutating func words(bigEndian words: UnsafeRawBufferPointer, width: Int) {
        let items = words.count / width
        if width == 4 {
            for index in 0..<items {
                uint32(UInt32(bigEndian: words.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self)))
            }
        } else {
            for index in 0..<items {
                uint32(UInt32(UInt16(bigEndian: words.loadUnaligned(fromByteOffset: index * width, as: UInt16.self))))
            }
        }
    }

    mutating func byte(_ value: UInt8) {
        assert(written + 1 <= limit, "a compact set longer than its bound")
        base.storeBytes(of: value, toByteOffset: written, as: UInt8.self)
        written += 1
    }

    public mutating func uint32(_ value: UInt32) {
        assert(written + 4 <= limit, "a compact set longer than its bound")
        base.storeBytes(of: value.littleEndian, toByteOffset: written, as: UInt32.self)
        written += 4
    }

    private mutating func uint64(_ value: UInt64) {
        assert(written + 8 <= limit, "a compact set longer than its bound")
        base.storeBytes(of: value.littleEndian, toByteOffset: written, as: UInt64.self)
        written += 8
    }

    /// An address: its family byte and 4 or 16 bytes; a value outside its family's width under
    /// family byte 0xFF, whole.
    mutating func address(_ address: IPAddress) {
        switch address.family {
        case .ipv4 where address.high == 0 && address.low <= UInt64(UInt32.max):
            byte(4)
            uint32(UInt32(truncatingIfNeeded: address.low))
        case .ipv6:
            byte(6)
            uint64(address.high)
            uint64(address.low)
        case .ipv4:
            byte(0xFF)
            uint64(address.high)
            uint64(address.low)
        }
    }
}
