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
///
/// A large route server holds about a million distinct sets, so the attributes every route
/// has are stored inline and the ones most routes lack (MP next hop, aggregator, extended
/// communities, OTC, route-reflection, unknown) in one shared box, absent when all are:
/// the value stays under 100 bytes.
public struct PathAttributes: Hashable, Sendable {
    public var origin: Origin?
    /// The effective path: AS_PATH with AS4_PATH merged in where RFC 6793 says so.
    public var asPath: ASPath?
    public var nextHop: IPAddress?
    public var med: UInt32?
    public var localPref: UInt32?
    public var communities: [Community] = []
    public var largeCommunities: [LargeCommunity] = []
    /// Internal so the compact codec (`PathAttributes+Compact.swift`) builds the box once.
    var rare: RareAttributesBox?

    public init() {}

    public var mpNextHop: MPNextHop? {
        get { rare?.value.mpNextHop }
        set { changeRare { $0.mpNextHop = newValue } }
    }
    public var atomicAggregate: Bool {
        get { rare?.value.atomicAggregate ?? false }
        set { changeRare { $0.atomicAggregate = newValue } }
    }
    public var aggregator: Aggregator? {
        get { rare?.value.aggregator }
        set { changeRare { $0.aggregator = newValue } }
    }
    public var extendedCommunities: [ExtendedCommunity] {
        get { rare?.value.extendedCommunities ?? [] }
        set { changeRare { $0.extendedCommunities = newValue } }
    }
    /// Only-To-Customer (RFC 9234 section 5).
    public var onlyToCustomer: ASN? {
        get { rare?.value.onlyToCustomer }
        set { changeRare { $0.onlyToCustomer = newValue } }
    }
    public var originatorID: IPAddress? {
        get { rare?.value.originatorID }
        set { changeRare { $0.originatorID = newValue } }
    }
    public var clusterList: [IPAddress] {
        get { rare?.value.clusterList ?? [] }
        set { changeRare { $0.clusterList = newValue } }
    }
    public var unknown: [UnknownAttribute] {
        get { rare?.value.unknown ?? [] }
        set { changeRare { $0.unknown = newValue } }
    }

    /// The box is immutable and shared between copies: a change makes a new one.
    private mutating func changeRare(_ change: (inout RareAttributes) -> Void) {
        var value = rare?.value ?? RareAttributes()
        change(&value)
        rare = value == RareAttributes() ? nil : RareAttributesBox(value)
    }

    /// The next hop a route of `family` uses: MP_REACH's for IPv6 (or when present), NEXT_HOP otherwise.
    public func effectiveNextHop(for family: AddressFamily) -> IPAddress? {
        if let mp = mpNextHop, family == .ipv6 || nextHop == nil { return mp.address }
        return nextHop
    }
}

/// The attributes most routes lack.
struct RareAttributes: Hashable, Sendable {
    var mpNextHop: MPNextHop?
    var atomicAggregate = false
    var aggregator: Aggregator?
    var extendedCommunities: [ExtendedCommunity] = []
    var onlyToCustomer: ASN?
    var originatorID: IPAddress?
    var clusterList: [IPAddress] = []
    var unknown: [UnknownAttribute] = []
}

/// Compared and hashed by its value, so two sets with equal rare attributes are equal.
final class RareAttributesBox: Hashable, Sendable {
    let value: RareAttributes

    init(_ value: RareAttributes) { self.value = value }

    static func == (a: RareAttributesBox, b: RareAttributesBox) -> Bool { a === b || a.value == b.value }
    func hash(into hasher: inout Hasher) { hasher.combine(value) }
}
