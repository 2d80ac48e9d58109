import BGP
import Routing

/// The wording the leak, transit-abuse and route-server-use findings share, so that a
/// person reads the same form of time, path and session everywhere.
enum LeakEvidence {
    /// `2026-11-21T14:05:00Z` (UTC).
    static func time(_ seconds: UInt32) -> String { rfc3339(seconds) }

    /// The AS path in the reference decoder's notation; `(empty)` for an empty one.
    static func path(_ attributes: PathAttributes) -> String {
        guard let path = attributes.asPath, !path.segments.isEmpty else { return "(empty)" }
        return path.description
    }

    /// `rs1 185.1.15.21`: a session as findings name it.
    static func session(_ id: SessionID) -> String { "\(id.source) \(id.peerAddress)" }

    /// `IPv4`, `IPv6`.
    static func family(_ family: AddressFamily) -> String { family == .ipv4 ? "IPv4" : "IPv6" }

    /// `1 prefix`, `3 prefixes`.
    static func count(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(n) \(n == 1 ? singular : plural ?? singular + "s")"
    }

    /// `AS8359 MTS`, or `AS64500` for a network that is not a member.
    static func network(_ asn: ASN, _ inputs: AuditInputs) -> String {
        let name = inputs.name(asn)
        return name == "AS\(asn)" ? name : "AS\(asn) \(name)"
    }

    /// Whose address `address` is, for a next hop or a session's peer address (S4, S7): a
    /// member's, a route server's, an unassigned address of the IX LAN, or outside it.
    static func owner(of address: IPAddress, _ inputs: AuditInputs) -> String {
        if let member = inputs.members.member(address: address) {
            return "\(network(member.asn, inputs))'s address"
        }
        if let server = inputs.job.ixp.routeServer(address: address) {
            return "route server \(server.label)'s address"
        }
        if inputs.members.isRouteServer(address: address) { return "a route server's address" }
        let host = Prefix(address: address, length: address.family.maxPrefixLength)
        if inputs.peeringLANs.contains(where: { $0.contains(host) }) { return "an unassigned address of the IX LAN" }
        if inputs.peeringLANs.isEmpty { return "no member's address (no peering LAN given to tell whether it is on the IX LAN)" }
        return "outside the IX LAN"
    }
}
