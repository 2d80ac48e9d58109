import BGP

/// A network connected to the IXP, as the IXP's member list describes it: the source of
/// truth for who may hold which peering address (rule S7 of docs/rules.md), which MACs are
/// whose (flows), and each session's max-prefix limits (P6).
///
/// The shape follows the IX-F Member Export (Euro-IX schema 1.0): a member has connections
/// (ports or LAGs), and each connection sits in one or more VLANs with an IPv4 and/or IPv6
/// address. A member that joined the inline list of a job file has one connection.
public struct Member: Hashable, Sendable, CustomStringConvertible {
    public var asn: ASN
    /// The network's name; "AS<n>" when the member list gives none.
    public var name: String
    public var url: String?
    public var memberType: MemberType
    public var connections: [Connection]

    public init(asn: ASN, name: String? = nil, url: String? = nil, memberType: MemberType = .peering,
                connections: [Connection]) {
        self.asn = asn
        if let name, !name.isEmpty { self.name = name } else { self.name = "AS\(asn)" }
        self.url = url
        self.memberType = memberType
        self.connections = connections
    }

    /// A member with one connection holding the given addresses (pairing the n-th IPv4 with
    /// the n-th IPv6 address), all peering with the route servers unless `routeServer` is
    /// false: the form of the job file's inline member list. No addresses, no connection.
    public init(asn: ASN, name: String? = nil, ipv4: [IPAddress] = [], ipv6: [IPAddress] = [],
                routeServer: Bool = true, maxPrefixIPv4: Int? = nil, maxPrefixIPv6: Int? = nil,
                asMacro: String? = nil, macAddresses: [MACAddress] = []) {
        var interfaces: [PeeringInterface] = []
        let count = max(ipv4.count, ipv6.count)
        for i in 0..<count {
            interfaces.append(PeeringInterface(
                vlanID: nil,
                ipv4: i < ipv4.count ? PeeringAddress(address: ipv4[i], routeServer: routeServer, maxPrefix: maxPrefixIPv4,
                                                      asMacro: asMacro, macAddresses: macAddresses) : nil,
                ipv6: i < ipv6.count ? PeeringAddress(address: ipv6[i], routeServer: routeServer, maxPrefix: maxPrefixIPv6,
                                                      asMacro: asMacro, macAddresses: macAddresses) : nil))
        }
        self.init(asn: asn, name: name, connections: interfaces.isEmpty ? [] : [Connection(ixpID: nil, interfaces: interfaces)])
    }

    public var description: String { "AS\(asn) \(name)" }

    /// Every peering address of every connection, in the order of the member list.
    public var peeringAddresses: [PeeringAddress] {
        connections.flatMap { $0.interfaces.flatMap { [$0.ipv4, $0.ipv6].compactMap { $0 } } }
    }

    /// The addresses the IXP assigned to this member in `family`, in list order.
    public func addresses(_ family: AddressFamily) -> [IPAddress] {
        peeringAddresses.map(\.address).filter { $0.family == family }
    }
    public var ipv4Addresses: [IPAddress] { addresses(.ipv4) }
    public var ipv6Addresses: [IPAddress] { addresses(.ipv6) }

    /// Whether any of the member's addresses is marked as peering with the route servers.
    public var peersWithRouteServer: Bool { peeringAddresses.contains { $0.routeServer } }

    /// The max-prefix limit for `family`: the largest one given on any of the member's
    /// addresses of that family (a limit is per session, and the sessions of one member share
    /// one configuration in practice); nil when the list gives none.
    public func maxPrefix(_ family: AddressFamily) -> Int? {
        peeringAddresses.filter { $0.address.family == family }.compactMap(\.maxPrefix).max()
    }
    public var maxPrefixIPv4: Int? { maxPrefix(.ipv4) }
    public var maxPrefixIPv6: Int? { maxPrefix(.ipv6) }

    /// The AS-SET or AS macro for `family`: the first one given on an address of that family.
    public func asMacro(_ family: AddressFamily) -> String? {
        peeringAddresses.first { $0.address.family == family && $0.asMacro != nil }?.asMacro
    }

    /// Every MAC address of the member's interfaces, sorted, each once.
    public var macAddresses: [MACAddress] {
        Array(Set(peeringAddresses.flatMap(\.macAddresses))).sorted()
    }

    /// The IXP's own infrastructure (route servers, collectors), which IX-F exports may list
    /// among the members; never a member for the analyses.
    public var isIXPInfrastructure: Bool { memberType == .ixp || memberType == .routeServer }
}

/// The participant type of the IX-F schema (1.0: peering, ixp, other; 0.7 also had
/// routeserver and probono).
public enum MemberType: String, Hashable, Sendable, CaseIterable {
    case peering
    case ixp
    case routeServer = "routeserver"
    case proBono = "probono"
    case other
}

/// One physical connection (a port or a LAG) of a member and the VLAN interfaces on it.
public struct Connection: Hashable, Sendable {
    /// The IXP this connection is at (`ixp_id` of the export's `ixp_list`); nil for members
    /// given inline in a job file.
    public var ixpID: Int?
    /// The connection state as the IXP writes it ("active", "inactive", "connected", ...).
    public var state: String?
    /// Sum of the interface speeds in Mbit/s (IX-F `if_speed`), nil when none is given.
    public var speedMbps: Int?
    public var interfaces: [PeeringInterface]

    public init(ixpID: Int?, state: String? = nil, speedMbps: Int? = nil, interfaces: [PeeringInterface]) {
        self.ixpID = ixpID
        self.state = state
        self.speedMbps = speedMbps
        self.interfaces = interfaces
    }
}

/// A member's presence in one peering VLAN: its IPv4 and/or IPv6 address there.
public struct PeeringInterface: Hashable, Sendable {
    public var vlanID: Int?
    public var ipv4: PeeringAddress?
    public var ipv6: PeeringAddress?

    public init(vlanID: Int?, ipv4: PeeringAddress?, ipv6: PeeringAddress?) {
        self.vlanID = vlanID
        self.ipv4 = ipv4
        self.ipv6 = ipv6
    }
}

/// An address the IXP assigned to a member, and what the IXP configured for sessions on it.
public struct PeeringAddress: Hashable, Sendable {
    public var address: IPAddress
    /// Whether the member peers with the route servers on this address.
    public var routeServer: Bool
    /// The route servers' max-prefix limit for sessions on this address.
    public var maxPrefix: Int?
    /// The AS-SET or AS macro the IXP builds the member's filters from.
    public var asMacro: String?
    public var macAddresses: [MACAddress]

    public init(address: IPAddress, routeServer: Bool = false, maxPrefix: Int? = nil, asMacro: String? = nil,
                macAddresses: [MACAddress] = []) {
        self.address = address
        self.routeServer = routeServer
        self.maxPrefix = maxPrefix
        self.asMacro = asMacro
        self.macAddresses = macAddresses
    }
}
