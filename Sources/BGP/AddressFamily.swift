/// Address family identifiers (IANA AFI) for the families MRT and BGP carry here.
public enum AddressFamily: UInt16, Hashable, Sendable, CustomStringConvertible {
    case ipv4 = 1
    case ipv6 = 2

    /// Bytes of an address of this family.
    public var addressLength: Int { self == .ipv4 ? 4 : 16 }
    /// Longest prefix length of this family.
    public var maxPrefixLength: Int { self == .ipv4 ? 32 : 128 }
    public var description: String { self == .ipv4 ? "ipv4" : "ipv6" }
}

/// Subsequent address family identifiers (RFC 4760) seen in MRT data.
public enum SubsequentAddressFamily: UInt8, Hashable, Sendable {
    case unicast = 1
    case multicast = 2
    /// Deprecated "unicast and multicast" value some old collectors wrote.
    case unicastMulticast = 3
}
