import BGP
import Routing

/// The routes the leak, transit-abuse and route-server-use checks look at: every route of
/// every selected session that was announced at some time of the day, present at the end or
/// withdrawn during it (a leak announced at 10:00 and withdrawn at 10:20 is still a leak; the
/// route record keeps its last attributes and first and last times), plus, for the checks
/// that read attributes only, the attribute sets the day's updates carried that no route
/// keeps any more (`SessionState.updateAttributes`).
enum RoutesOfTheDay {
    /// The sessions of `inputs.rib` that `include` accepts, in a fixed order (source, peer
    /// address, peer ASN), so that findings never depend on hash order.
    static func sessions(_ inputs: AuditInputs, where include: (SessionID) -> Bool = { _ in true }) -> [SessionState] {
        inputs.rib.sortedSessions.filter { include($0.id) }
    }

    /// The address family of an attribute set that only the updates carried (its prefixes
    /// are gone): the family of its MP_REACH next hop, else of NEXT_HOP, else the session's.
    static func family(of attributes: StoredAttributes, session: SessionID) -> AddressFamily {
        // For IPv6 the effective next hop is the MP_REACH one when there is one, else NEXT_HOP.
        attributes.effectiveNextHop(for: .ipv6)?.family ?? session.peerAddress.family
    }
}

/// Where and when a group of routes behind one finding was seen.
struct RouteSightings {
    private(set) var sources: Set<String> = []
    private(set) var firstSeen: UInt32?
    private(set) var lastSeen: UInt32?

    mutating func add(_ session: SessionID, _ record: RouteRecord) {
        sources.insert(session.source)
        firstSeen = min(firstSeen ?? record.firstSeen, record.firstSeen)
        lastSeen = max(lastSeen ?? record.lastSeen, record.lastSeen)
    }

    mutating func add(source: String) { sources.insert(source) }

    /// The sources, sorted, joined by `;`.
    var sourceText: String { sources.sorted().joined(separator: ";") }
}
