import BGP
import Job
import Routing

/// Who a session belongs to, as the member list says.
public struct SessionOwner {
    public var asn: ASN?
    public var name: String?
    /// How the session matched the member list (`member`, `unknown peer`, ...).
    public var match: String

    public init(asn: ASN?, name: String?, match: String) {
        self.asn = asn
        self.name = name.map(DisplayText.short)
        self.match = match
    }

    /// Whose session `id` is, as the route and session tables name it.
    public init(_ id: SessionID, in members: MemberDirectory) {
        let match = members.match(peerAddress: id.peerAddress, peerASN: id.peerASN)
        self.init(asn: match.member?.asn, name: match.member?.name, match: match.label)
    }
}

/// `announcements.csv`: every route present at the end (or at `--at`), one row per session,
/// prefix and path id, with the attributes a peering coordinator checks.
public enum AnnouncementsTable {
    public static let header = [
        "source", "peer_address", "member_asn", "member_name", "family", "prefix", "path_id", "as_path",
        "next_hop", "origin", "med", "local_pref", "communities", "large_communities", "otc",
        "first_seen", "last_seen", "flaps",
    ]

    /// Starts writing the table of `rib` into `directory` on a thread of its own.
    public static func writing(_ rib: AdjRIBIn, members: MemberDirectory, into directory: String, tables: LargeTables) -> TableWriting {
        TableWriting("announcements", header: header, in: directory, tables: tables) { table in
            write(rib, owner: { SessionOwner($0, in: members) }, to: &table)
        }
    }

    public static func write(_ rib: AdjRIBIn, owner: (SessionID) -> SessionOwner, to table: inout CSVWriter) {
        var columns = RenderedColumnsCache()
        var scratch: [UInt8] = []
        for session in rib.sortedSessions {
            let who = owner(session.id)
            let source = CSVWriter.escaped { $0.append(string: session.id.source) }
            let peer = CSVWriter.escaped { AddressText.append(session.id.peerAddress, to: &$0) }
            let name = CSVWriter.escaped { $0.append(string: who.name ?? "") }
            session.forEachPresentRoute { key, record in
                table.escapedField(source)
                table.escapedField(peer)
                table.number(who.asn?.rawValue)
                table.escapedField(name)
                table.text(key.prefix.family.description)
                table.rendered { key.prefix.append(to: &$0) }
                table.number(key.pathID)
                let rendered = columns.columns(of: record.attributes, family: key.prefix.family) { columns in
                    rib.attributes.sets.withStored(record.attributes) { stored in
                        appendAttributeColumns(stored, family: key.prefix.family, to: &columns, scratch: &scratch)
                    }
                }
                table.escapedField(rendered, fields: 8)
                table.time(record.firstSeen)
                table.time(record.lastSeen)
                table.number(record.flaps)
                table.endRow()
            }
        }
    }

    /// as_path, next_hop, origin, med, local_pref, communities, large_communities, otc — the
    /// escaped fields joined by commas, appended to `out` (`scratch` holds a field before it
    /// is escaped). Read from the stored bytes: a large day has about as many sets as routes.
    static func appendAttributeColumns(_ a: StoredAttributes, family: AddressFamily, to out: inout [UInt8], scratch: inout [UInt8]) {
        func escaped(_ body: (inout [UInt8]) -> Void) {
            scratch.removeAll(keepingCapacity: true)
            body(&scratch)
            scratch.withUnsafeBytes { CSVWriter.appendEscaped($0, to: &out) }
        }
        let comma = UInt8(ascii: ",")
        escaped { a.appendASPath(to: &$0) }
        out.append(comma)
        escaped { if let hop = a.effectiveNextHop(for: family) { AddressText.append(hop, to: &$0) } }
        out.append(comma)
        if let origin = a.origin { out.append(contentsOf: origin.description.utf8) }
        out.append(comma)
        if let med = a.med { out.appendDecimal(med) }
        out.append(comma)
        if let localPref = a.localPref { out.appendDecimal(localPref) }
        out.append(comma)
        escaped { a.appendCommunities(to: &$0) }
        out.append(comma)
        escaped { a.appendLargeCommunities(to: &$0) }
        out.append(comma)
        if let otc = a.onlyToCustomer { out.appendDecimal(otc.rawValue) }
    }
}

/// The eight attribute columns of recently written sets. Routes of a RIB dump repeat some
/// sets many times, but a large route server has about as many sets as routes: a cache of
/// every set's text would hold the whole table's text, so each slot keeps the last set that
/// maps to it.
struct RenderedColumnsCache {
    private static let slotCount = 1 << 12
    private var keys = [Int64](repeating: -1, count: slotCount)
    private var texts = [[UInt8]](repeating: [], count: slotCount)

    /// The columns of the set, rendered by `render` into the slot's (emptied) buffer unless
    /// the slot holds them already.
    mutating func columns(of attributes: Int32, family: AddressFamily, render: (inout [UInt8]) -> Void) -> [UInt8] {
        let key = Int64(attributes) << 1 | (family == .ipv4 ? 0 : 1)
        let slot = Int(truncatingIfNeeded: (UInt64(bitPattern: key) &* 0x9E37_79B9_7F4A_7C15) >> 52)
        if keys[slot] != key {
            keys[slot] = key
            texts[slot].removeAll(keepingCapacity: true)
            render(&texts[slot])
        }
        return texts[slot]
    }
}

/// `sessions.csv`: one row per session with its counts and how it ended.
public enum SessionsTable {
    public static let header = [
        "source", "peer_address", "peer_asn", "member_asn", "member_name", "match", "ipv4_routes", "ipv6_routes",
        "resets", "updates", "announced", "withdrawn", "first_update", "last_update", "state_at_end", "partial",
    ]

    public static func write(_ rib: AdjRIBIn, owner: (SessionID) -> SessionOwner, to table: inout CSVWriter) {
        for session in rib.sortedSessions {
            let who = owner(session.id)
            let state: String
            switch session.lastState {
            case nil: state = session.ipv4Routes + session.ipv6Routes > 0 ? "established (routes seen)" : "unknown"
            case let value?: state = value.description
            }
            table.text(session.id.source)
            table.text(session.id.peerAddress.description)
            table.number(session.id.peerASN.rawValue)
            table.number(who.asn?.rawValue)
            table.text(who.name)
            table.text(who.match)
            table.number(session.ipv4Routes)
            table.number(session.ipv6Routes)
            table.number(session.resets)
            table.number(session.updates)
            table.number(session.announcements)
            table.number(session.withdrawals)
            table.time(session.firstUpdate)
            table.time(session.lastUpdate)
            table.text(state)
            table.text(session.partial ? "yes" : "no")
            table.endRow()
        }
    }
}

/// `route-counts.csv`: each session's IPv4 and IPv6 route counts at the end of every
/// interval in which they changed (the count holds between rows).
public enum RouteCountsTable {
    public static let header = ["source", "peer_address", "peer_asn", "time", "ipv4_routes", "ipv6_routes"]

    public static func write(_ rib: AdjRIBIn, to table: inout CSVWriter) {
        for session in rib.sortedSessions {
            for sample in session.series {
                table.text(session.id.source)
                table.text(session.id.peerAddress.description)
                table.number(session.id.peerASN.rawValue)
                table.time(sample.time)
                table.number(sample.ipv4)
                table.number(sample.ipv6)
                table.endRow()
            }
        }
    }
}
