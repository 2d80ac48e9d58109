import BGP
import Routing

/// The judge's verdicts of an attribute sweep, asked once per session, attribute set and
/// address family as before, but in attribute-set order: each set is read from the RIB once
/// for all the sessions that carry it (both route servers' sessions of a member share most
/// sets), not once per session. Reading a set is not free (it is copied, or decoded), and a
/// large day has a million of them. Only offenses are kept, with the AS path text of the
/// offending sets (the routes' details quote it); a route without offense costs a look into
/// a flat array of flags.
struct AttributeVerdicts {
    /// Per attribute id: whether some session's routes or updates offend with it.
    private var suspect: [Bool]
    private var offenses: [Use: [AttributeOffense]] = [:]
    /// Per session (order): the sets only its updates carried that offend, by id.
    private(set) var announcedOnly: [[(id: Int32, offenses: [AttributeOffense])]]
    private var pathTexts: [Int32: String] = [:]

    /// How a session used a set: on its routes of a family, or only in its updates.
    private enum Kind: UInt64 {
        case ipv4Route = 0, ipv6Route = 1, announcedOnly = 2
    }

    private struct Use: Hashable {
        var order: Int32
        var id: Int32
        var kind: UInt8
    }

    init(_ inputs: AuditInputs, sessions: [SessionState], judge: AttributeSweep.Judge) {
        let attributes = inputs.rib.attributes
        suspect = [Bool](repeating: false, count: attributes.count)
        announcedOnly = Array(repeating: [], count: sessions.count)
        // Each use packed as id, session order, kind: sorted, the uses of one set are together,
        // and a set a session's routes carry sorts just before the same session's
        // announced-only use, which is then skipped.
        var uses: [UInt64] = []
        for (order, session) in sessions.enumerated() {
            for (key, record) in session.routes {
                let kind: Kind = key.prefix.family == .ipv6 ? .ipv6Route : .ipv4Route
                uses.append(Self.pack(record.attributes, order, kind))
            }
            for id in session.updateAttributes.keys { uses.append(Self.pack(id, order, .announcedOnly)) }
        }
        uses.sort()
        var previous: UInt64?
        var position = 0
        while position < uses.count {
            let id = Int32(truncatingIfNeeded: uses[position] >> 32)
            let set = attributes[id]
            var pathText: String?
            while position < uses.count, Int32(truncatingIfNeeded: uses[position] >> 32) == id {
                let use = uses[position]
                position += 1
                if use == previous { continue }
                let carried = previous.map { $0 >> 2 == use >> 2 } ?? false
                previous = use
                let order = Int(truncatingIfNeeded: (use >> 2) & 0x3FFF_FFFF)
                let session = sessions[order].id
                let kind = Kind(rawValue: use & 3)!
                let family: AddressFamily
                switch kind {
                case .ipv4Route: family = .ipv4
                case .ipv6Route: family = .ipv6
                case .announcedOnly:
                    if carried { continue }
                    family = RoutesOfTheDay.family(of: set, session: session)
                }
                let found = judge(set, family, session)
                guard !found.isEmpty else { continue }
                if pathText == nil { pathText = LeakEvidence.path(set) }
                if kind == .announcedOnly {
                    announcedOnly[order].append((id, found))
                } else {
                    suspect[Int(id)] = true
                    offenses[Use(order: Int32(order), id: id, kind: UInt8(kind.rawValue))] = found
                }
            }
            if let pathText { pathTexts[id] = pathText }
        }
    }

    private static func pack(_ id: Int32, _ order: Int, _ kind: Kind) -> UInt64 {
        UInt64(UInt32(bitPattern: id)) << 32 | UInt64(order) << 2 | kind.rawValue
    }

    /// What the routes of session `order` in `family` with set `id` offend against; empty for most.
    func offenses(order: Int, id: Int32, family: AddressFamily) -> [AttributeOffense] {
        guard suspect[Int(id)] else { return [] }
        let kind: Kind = family == .ipv6 ? .ipv6Route : .ipv4Route
        return offenses[Use(order: Int32(order), id: id, kind: UInt8(kind.rawValue))] ?? []
    }

    /// The AS path of an offending set, as findings quote it.
    func pathText(_ id: Int32) -> String { pathTexts[id]! }
}
