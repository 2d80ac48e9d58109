import BGP
import Job
import Routing

/// address-family-missing (S1): the IXP assigned the member addresses of both families, it
/// announces routes of one family to the route servers, and in the other it has no session
/// at any route server, or only sessions that carried no route of that family all day.
/// A member that uses the route servers in neither family is left alone: that is a choice, not
/// an inconsistency.
enum AddressFamilyCheck {
    static func check(_ member: Member, sessions all: [MemberSession], name: String) -> Finding? {
        let assigned = [AddressFamily.ipv4, .ipv6].map { family in member.peeringAddresses.filter { $0.address.family == family } }
        guard !assigned[0].isEmpty, !assigned[1].isEmpty else { return nil }
        let atServers = all.filter(\.isRouteServer)
        func sessions(_ family: AddressFamily) -> [MemberSession] { atServers.filter { $0.carries(family) } }
        func carriedRoutes(_ family: AddressFamily) -> [MemberSession] { sessions(family).filter { !$0.state.routes.isEmpty } }
        let withRoutes = [AddressFamily.ipv4, .ipv6].map { carriedRoutes($0) }
        guard withRoutes[0].isEmpty != withRoutes[1].isEmpty else { return nil }
        let (present, missing): (AddressFamily, AddressFamily) = withRoutes[0].isEmpty ? (.ipv6, .ipv4) : (.ipv4, .ipv6)
        let presentIndex = present == .ipv4 ? 0 : 1, missingIndex = 1 - presentIndex

        let addresses = assigned[missingIndex].map { address in
            "\(address.address) (route-server peering \(address.routeServer ? "yes" : "no") in the member list)"
        }
        let presentSources = withRoutes[presentIndex].map(\.source).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let silent = sessions(missing)
        let what = silent.isEmpty
            ? "no \(familyName(missing)) session at any route server"
            : "\(familyName(missing)) sessions \(silent.map(\.label).joined(separator: ", ")) carried no route all day"
        return Finding(.addressFamilyMissing, member: member.asn, memberName: name,
                       source: presentSources.joined(separator: ";"),
                       evidence: "assigned \(familyName(missing)) \(addresses.joined(separator: ", ")); announces \(familyName(present)) "
                           + "routes to \(presentSources.joined(separator: ", ")), but \(what)")
    }

    static func familyName(_ family: AddressFamily) -> String { family == .ipv4 ? "IPv4" : "IPv6" }
}
