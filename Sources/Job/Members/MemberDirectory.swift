import BGP

/// What a BGP session seen in MRT data — a peer address and a peer ASN — is, measured
/// against the IXP's member list.
public enum SessionMatch: Hashable, Sendable {
    /// The address is one the IXP assigned to this member, and the ASN is the member's.
    case member(Member)
    /// The address belongs to `ownerOfAddress`, but the session speaks with `asnSeen`:
    /// someone else is on that member's address (a re-used or hijacked address, or a
    /// member list out of date).
    case addressOfAnotherMember(ownerOfAddress: Member, asnSeen: ASN)
    /// The ASN is this member's, but the IXP did not assign it the address (rule S7: peering
    /// addresses are those the IX assigned).
    case asnMatchesButNotAddress(Member)
    /// Neither the address nor the ASN is a member's (route-server addresses included:
    /// they are not members).
    case unknown

    /// The member the session is attributed to: the owner of the ASN when it is a member's.
    public var member: Member? {
        switch self {
        case .member(let m), .asnMatchesButNotAddress(let m): return m
        case .addressOfAnotherMember, .unknown: return nil
        }
    }
}

/// The members of one IXP, indexed by ASN, peering address and MAC address.
///
/// Route servers are not members: entries the member list marks as the IXP's own
/// infrastructure (`member_type` ixp or routeserver) are left out, and so are the
/// route-server addresses given to `init` (an export that lists the route servers as a
/// peering member loses them here; a member entry left with no address because all of its
/// addresses were route-server addresses is dropped). When the list names one address for
/// two members (which the IX-F reader refuses), the first member keeps it.
public struct MemberDirectory: Sendable {
    /// The members, by ascending ASN; entries of the same ASN are merged into one member.
    public let members: [Member]
    /// The route-server addresses given at construction.
    public let routeServerAddresses: Set<IPAddress>

    private let byASN: [ASN: Int]
    private let byAddress: [IPAddress: Int]
    private let byMAC: [MACAddress: Int]

    public init(_ members: [Member], routeServerAddresses: Set<IPAddress> = []) {
        var merged: [ASN: Member] = [:]
        var order: [ASN] = []
        for var member in members where !member.isIXPInfrastructure {
            let hadAddresses = !member.peeringAddresses.isEmpty
            member.connections = member.connections.map { connection in
                var c = connection
                c.interfaces = c.interfaces.compactMap { interface in
                    var i = interface
                    if let a = i.ipv4, routeServerAddresses.contains(a.address) { i.ipv4 = nil }
                    if let a = i.ipv6, routeServerAddresses.contains(a.address) { i.ipv6 = nil }
                    return i.ipv4 == nil && i.ipv6 == nil && (interface.ipv4 != nil || interface.ipv6 != nil) ? nil : i
                }
                return c
            }
            if hadAddresses && member.peeringAddresses.isEmpty { continue }
            if var existing = merged[member.asn] {
                existing.connections += member.connections
                merged[member.asn] = existing
            } else {
                merged[member.asn] = member
                order.append(member.asn)
            }
        }
        let sorted = order.sorted().map { merged[$0]! }
        var byASN: [ASN: Int] = [:], byAddress: [IPAddress: Int] = [:], byMAC: [MACAddress: Int] = [:]
        for (index, member) in sorted.enumerated() {
            byASN[member.asn] = index
            for address in member.peeringAddresses {
                if byAddress[address.address] == nil { byAddress[address.address] = index }
                for mac in address.macAddresses where byMAC[mac] == nil { byMAC[mac] = index }
            }
        }
        self.members = sorted
        self.routeServerAddresses = routeServerAddresses
        self.byASN = byASN
        self.byAddress = byAddress
        self.byMAC = byMAC
    }

    public var count: Int { members.count }

    public func member(asn: ASN) -> Member? { byASN[asn].map { members[$0] } }

    /// The member the IXP assigned `address` to.
    public func member(address: IPAddress) -> Member? { byAddress[address].map { members[$0] } }

    /// The member whose interface has `mac` (for attributing sampled flows).
    public func member(mac: MACAddress) -> Member? { byMAC[mac].map { members[$0] } }

    /// What the IXP configured for `address`: route-server use, max-prefix, AS macro, MACs.
    public func peeringAddress(_ address: IPAddress) -> PeeringAddress? {
        member(address: address)?.peeringAddresses.first { $0.address == address }
    }

    public func isRouteServer(address: IPAddress) -> Bool { routeServerAddresses.contains(address) }

    /// Matches a session seen in MRT data. The address decides first: an address the IXP
    /// assigned to a member either is that member's session (ASN agrees) or someone else on
    /// it; only an unassigned address is looked up by ASN.
    public func match(peerAddress: IPAddress, peerASN: ASN) -> SessionMatch {
        if let owner = member(address: peerAddress) {
            return owner.asn == peerASN ? .member(owner) : .addressOfAnotherMember(ownerOfAddress: owner, asnSeen: peerASN)
        }
        if let member = member(asn: peerASN) { return .asnMatchesButNotAddress(member) }
        return .unknown
    }
}
