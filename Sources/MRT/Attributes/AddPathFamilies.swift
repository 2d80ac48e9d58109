/// The address families whose NLRI carry a 4-octet path identifier (RFC 7911 section 3). In
/// the ADDPATH MRT subtypes every NLRI does (RFC 8050 section 3); on a plain BGP4MP session it
/// depends on what both OPEN messages said, per AFI/SAFI (RFC 7911 section 4).
public struct AddPathFamilies: Hashable, Sendable {
    /// Bit (AFI-1)*4 + (SAFI-1) for IPv4/IPv6 x unicast/multicast; `everything` sets all bits
    /// so families this decoder does not name are covered too.
    var bits: UInt8

    public static let none = AddPathFamilies(bits: 0)
    public static let everything = AddPathFamilies(bits: 0xFF)

    static func bit(afi: UInt16, safi: UInt8) -> UInt8? {
        guard (1...2).contains(afi), (1...2).contains(safi) else { return nil }
        return 1 << ((UInt8(afi) - 1) * 4 + (safi - 1))
    }

    public init(bits: UInt8) { self.bits = bits }

    public init(_ pairs: [(afi: UInt16, safi: UInt8)]) {
        bits = 0
        for pair in pairs { insert(afi: pair.afi, safi: pair.safi) }
    }

    public mutating func insert(afi: UInt16, safi: UInt8) {
        if let bit = Self.bit(afi: afi, safi: safi) { bits |= bit }
    }

    public func contains(afi: UInt16, safi: UInt8) -> Bool {
        if bits == 0xFF { return true }
        guard let bit = Self.bit(afi: afi, safi: safi) else { return false }
        return bits & bit != 0
    }

    public var isEmpty: Bool { bits == 0 }

    /// The families of both sets.
    public func intersection(_ other: AddPathFamilies) -> AddPathFamilies { AddPathFamilies(bits: bits & other.bits) }

    /// The plain NLRI fields of an UPDATE are IPv4 unicast (RFC 4271 section 4.3, RFC 4760 section 1).
    var ipv4Unicast: Bool { contains(afi: 1, safi: 1) }
}
