/// ORIGIN (RFC 4271 section 4.3, type 1).
public enum Origin: UInt8, Hashable, Sendable, CustomStringConvertible {
    case igp = 0, egp = 1, incomplete = 2
    public var description: String {
        switch self {
        case .igp: return "IGP"
        case .egp: return "EGP"
        case .incomplete: return "INCOMPLETE"
        }
    }
}

/// AGGREGATOR (type 7), with AS4_AGGREGATOR already applied (RFC 6793 section 4.2.3).
public struct Aggregator: Hashable, Sendable {
    public var asn: ASN
    public var address: IPAddress
    public init(asn: ASN, address: IPAddress) { self.asn = asn; self.address = address }
}

/// The next hop of MP_REACH_NLRI (RFC 4760 section 3): one address, or for IPv6 a global
/// address with an optional link-local one (RFC 2545 section 3).
public struct MPNextHop: Hashable, Sendable {
    public var address: IPAddress
    public var linkLocal: IPAddress?
    public init(address: IPAddress, linkLocal: IPAddress? = nil) {
        self.address = address; self.linkLocal = linkLocal
    }
}

/// An attribute this decoder does not interpret, kept as it came (RFC 4271 section 5:
/// optional transitive attributes must be passed on unchanged).
public struct UnknownAttribute: Hashable, Sendable {
    public var flags: UInt8
    public var type: UInt8
    public var value: [UInt8]
    public init(flags: UInt8, type: UInt8, value: [UInt8]) {
        self.flags = flags; self.type = type; self.value = value
    }
}

/// The path attributes of a route as owned values: what the analyses work with. Routes with
/// identical attributes share one interned copy (see `AttributeInterner`).
public struct PathAttributes: Hashable, Sendable {
    public var origin: Origin?
    /// The effective path: AS_PATH with AS4_PATH merged in where RFC 6793 says so.
    public var asPath: ASPath?
    public var nextHop: IPAddress?
    public var mpNextHop: MPNextHop?
    public var med: UInt32?
    public var localPref: UInt32?
    public var atomicAggregate = false
    public var aggregator: Aggregator?
    public var communities: [Community] = []
    public var extendedCommunities: [ExtendedCommunity] = []
    public var largeCommunities: [LargeCommunity] = []
    /// Only-To-Customer (RFC 9234 section 5).
    public var onlyToCustomer: ASN?
    public var originatorID: IPAddress?
    public var clusterList: [IPAddress] = []
    public var unknown: [UnknownAttribute] = []

    public init() {}

    /// The next hop a route of `family` uses: MP_REACH's for IPv6 (or when present), NEXT_HOP otherwise.
    public func effectiveNextHop(for family: AddressFamily) -> IPAddress? {
        if let mp = mpNextHop, family == .ipv6 || nextHop == nil { return mp.address }
        return nextHop
    }
}
