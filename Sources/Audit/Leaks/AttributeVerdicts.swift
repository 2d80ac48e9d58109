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
    private enum Kind: UInt32 {
        case ipv4Route = 0, ipv6Route = 1, announcedOnly = 2
    }

    private struct Use: Hashable {
        var order: Int32
        var id: Int32
        var kind: UInt8
    }

    /// `parts`: how many parts the sets are judged in (the verdicts are the same for any).
    init(_ inputs: AuditInputs, sessions: [SessionState], judge: AttributeSweep.Judge, parts: Int = AttributeVerdicts.partCount) {
        let attributes = inputs.rib.attributes
        suspect = [Bool](repeating: false, count: attributes.count)
        announcedOnly = Array(repeating: [], count: sessions.count)
        var (starts, entries) = Self.usesBySet(sessions, sets: attributes.count)
        // The sets are judged in parts of about equal work (a set read, and each of its uses
        // judged), two at a time: the sweep is the longest of the analyses after the flows, and
        // in parts the core the flows leave free near the end takes some of it. Each part
        // touches only its own sets' entries.
        // A set weighs 1 plus its uses.
        let bounds = equalWorkParts(parts, of: attributes.count) { $0 + Int(starts[$0]) }
        let found = withoutActuallyEscaping(judge) { judge in
            entries.withUnsafeMutableBufferPointer { buffer in
                let entries = buffer
                return inParallel((0..<parts).map { part in
                    { Self.judged(sets: bounds[part]..<bounds[part + 1], starts: starts, entries: entries, sessions: sessions,
                                  judge: judge, attributes: attributes) }
                }, width: 2)
            }
        }
        // Parts in set order: each session's announced-only sets stay in set order.
        for part in found {
            for (use, found) in part.offenses {
                suspect[Int(use.id)] = true
                offenses[use] = found
            }
            for (order, id, offenses) in part.announcedOnly { announcedOnly[order].append((id, offenses)) }
            pathTexts.merge(part.pathTexts) { first, _ in first }
        }
    }

    static let partCount = 8

    /// What one part of the sets offends against.
    private struct Part {
        var offenses: [(use: Use, offenses: [AttributeOffense])] = []
        var announcedOnly: [(order: Int, id: Int32, offenses: [AttributeOffense])] = []
        var pathTexts: [Int32: String] = [:]
    }

    private static func judged(sets: Range<Int>, starts: [Int32], entries: UnsafeMutableBufferPointer<UInt32>,
                               sessions: [SessionState], judge: AttributeSweep.Judge, attributes: AttributeInterner) -> Part {
        var part = Part()
        for id in sets where starts[id] < starts[id + 1] {
            // A set's uses sorted by session order, then kind: a set a session's routes carry
            // comes just before the same session's announced-only use, which is then skipped.
            var mine = UnsafeMutableBufferPointer(rebasing: entries[Int(starts[id])..<Int(starts[id + 1])])
            mine.sort()
            let judgeSet = judge(Int32(id))
            var pathText: String?
            var previous: UInt32?
            for use in mine where use != previous {
                let carried = previous.map { $0 >> 2 == use >> 2 } ?? false
                previous = use
                let order = Int(use >> 2)
                let session = sessions[order].id
                let kind = Kind(rawValue: use & 3)!
                let family: AddressFamily
                switch kind {
                case .ipv4Route: family = .ipv4
                case .ipv6Route: family = .ipv6
                case .announcedOnly:
                    if carried { continue }
                    family = attributes.sets.withStored(Int32(id)) { RoutesOfTheDay.family(of: $0, session: session) }
                }
                let found = judgeSet(family, session)
                guard !found.isEmpty else { continue }
                if pathText == nil { pathText = LeakEvidence.path(attributes[Int32(id)]) }
                if kind == .announcedOnly {
                    part.announcedOnly.append((order, Int32(id), found))
                } else {
                    part.offenses.append((Use(order: Int32(order), id: Int32(id), kind: UInt8(kind.rawValue)), found))
                }
            }
            if let pathText { part.pathTexts[Int32(id)] = pathText }
        }
        return part
    }

    /// Every use of every set (session order << 2 | kind), grouped by set with a counting
    /// sort: `entries[starts[id]..<starts[id + 1]]` are set `id`'s.
    private static func usesBySet(_ sessions: [SessionState], sets: Int) -> (starts: [Int32], entries: [UInt32]) {
        var starts = [Int32](repeating: 0, count: sets + 1)
        for session in sessions {
            for record in session.routes.values { starts[Int(record.attributes) + 1] += 1 }
            for id in session.updateAttributes.ids { starts[Int(id) + 1] += 1 }
        }
        for id in 0..<sets { starts[id + 1] += starts[id] }
        var next = starts
        var entries = [UInt32](repeating: 0, count: Int(starts[sets]))
        for (order, session) in sessions.enumerated() {
            for (key, record) in session.routes {
                let kind: Kind = key.prefix.family == .ipv6 ? .ipv6Route : .ipv4Route
                entries[Int(next[Int(record.attributes)])] = UInt32(order) << 2 | kind.rawValue
                next[Int(record.attributes)] += 1
            }
            for id in session.updateAttributes.ids {
                entries[Int(next[Int(id)])] = UInt32(order) << 2 | Kind.announcedOnly.rawValue
                next[Int(id)] += 1
            }
        }
        return (starts, entries)
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
