import BGP
import RouteServer
import Routing

/// Builds the tables of `TrafficIndex` in three passes: each member's prefixes of the day,
/// the audiences the route servers give them, then the announcers of every prefix with what
/// they inherit from the prefixes covering it. Linear in the routes apart from sorting.
struct IndexBuilder {
    let members: Int
    let indexOfASN: [ASN: Int32]
    /// Per member, every prefix it announced on any session during the day (present at the
    /// end or withdrawn), sorted, each once.
    private var own: [[Prefix]]
    /// Parallel to `own`: the union of the audiences of the member's routes of that prefix
    /// over the route servers; -1 when it is on none.
    private var ownAudience: [[Int32]]
    private(set) var audiences: AudienceSets
    private(set) var receiverFamilies: [UInt8]
    private(set) var routesReceived: [RoutesReceived]
    private(set) var prefixes: [Prefix] = []
    /// Per prefix, where its run starts in `announcers`.
    private(set) var runStart: [Int32] = []
    private(set) var announcers: [TrafficIndex.Announcer] = []
    /// The very short prefixes (`TrafficIndex.isShort`), by member, kept out of the runs.
    private(set) var shortStart: [Int32] = []
    private(set) var shorts: [TrafficIndex.ShortAnnouncement] = []

    init(members: Int, indexOfASN: [ASN: Int32]) {
        self.members = members
        self.indexOfASN = indexOfASN
        own = Array(repeating: [], count: members)
        ownAudience = []
        audiences = AudienceSets(members: members)
        receiverFamilies = Array(repeating: 0, count: members)
        routesReceived = Array(repeating: RoutesReceived(routeServer: nil, routes: 0, prefixesCarried: 0), count: members)
    }

    /// Every session of every source counts: a member's announcement to a collector or another
    /// IXP is an announcement too (S5: "advertised over the IX").
    mutating func collectAnnouncements(_ rib: AdjRIBIn) {
        for session in rib.sessions.values {
            guard let member = indexOfASN[session.id.peerASN] else { continue }
            own[Int(member)].reserveCapacity(own[Int(member)].count + session.routes.count)
            for key in session.routes.keys { own[Int(member)].append(key.prefix) }
        }
        for m in own.indices {
            own[m].sort()
            own[m] = own[m].uniqued()
        }
        ownAudience = own.map { [Int32](repeating: -1, count: $0.count) }
    }

    /// Adds what one route server gives: each accepted route's audience (read once per
    /// audience key), the families each member takes routes of, and each member's routes
    /// received in its export mode against the prefixes the server carries.
    mutating func addAudiences(_ result: ExportResult) {
        let sessions = result.rib.sessions
        let memberOfSession = sessions.map { indexOfASN[$0.peerASN] ?? -1 }
        var familyReceivers: [Set<Int32>] = [[], []]
        for (s, member) in memberOfSession.enumerated() where member >= 0 {
            let family = sessions[s].peerAddress.family == .ipv4 ? 0 : 1
            receiverFamilies[Int(member)] |= UInt8(1 << family)
            familyReceivers[family].insert(member)
        }
        // Sorted once here rather than per audience built from them.
        let sortedReceivers = familyReceivers.map { $0.sorted() }
        var audienceOfKey: [Int: Int32] = [:]
        var carried = DistinctPrefixes()
        // Per member, where its last route's prefix was found in `own`: a session's routes come
        // by ascending prefix, so the next one is mostly just after it.
        var lastFound = [Int](repeating: 0, count: members)
        for (r, route) in result.rib.routes.enumerated() {
            guard let key = result.audienceKey(ofRoute: r) else { continue }
            carried.insert(route.key.prefix)
            let member = memberOfSession[Int(route.session)]
            guard member >= 0 else { continue }
            let audience: Int32
            if let known = audienceOfKey[key] {
                audience = known
            } else {
                audience = audienceID(result.audience(ofRoute: r)!, sender: member,
                                      possible: sortedReceivers[route.key.prefix.family == .ipv4 ? 0 : 1])
                audienceOfKey[key] = audience
            }
            if let i = own[Int(member)].sortedIndex(of: route.key.prefix, from: lastFound[Int(member)]) {
                ownAudience[Int(member)][i] = audiences.union(ownAudience[Int(member)][i], audience)
                lastFound[Int(member)] = i
            }
        }
        let prefixesCarried = carried.count()
        var received = [Int](repeating: 0, count: members)
        for cell in result.exportMatrix(result.implementation.configuredMode) {
            if let member = indexOfASN[cell.receiver] { received[Int(member)] += cell.routes }
        }
        let sessionHere = familyReceivers[0].union(familyReceivers[1])
        for m in 0..<members {
            guard sessionHere.contains(Int32(m)) else {
                if routesReceived[m].routeServer == nil {
                    routesReceived[m].prefixesCarried = max(routesReceived[m].prefixesCarried, prefixesCarried)
                }
                continue
            }
            let candidate = RoutesReceived(routeServer: result.routeServer, routes: received[m], prefixesCarried: prefixesCarried)
            if routesReceived[m].routeServer == nil || candidate.share > routesReceived[m].share { routesReceived[m] = candidate }
        }
    }

    /// `possible`: the members taking routes of the family from this route server, ascending.
    private mutating func audienceID(_ audience: RouteAudience, sender: Int32, possible: [Int32]) -> Int32 {
        switch audience.listed {
        case let .receivers(asns):
            return audiences.id(of: asns.compactMap { indexOfASN[$0] })
        case let .nonReceivers(asns):
            let excluded = Set(asns.compactMap { indexOfASN[$0] })
            return audiences.id(of: possible.filter { $0 != sender && !excluded.contains($0) })
        }
    }

    /// The table prefixes (all but the very short ones, kept per member in `shorts`), and
    /// per prefix a run of `announcers`: a header (its `member` is
    /// the count that follows, its `prefix` the prefix), then the announcers by member: those
    /// of the prefixes covering it (inherited in a walk over the prefixes in sorted order,
    /// where a prefix follows those covering it) merged with its own, whose audience is the
    /// union with what they inherit.
    mutating func makeSlices() {
        var entries: [(prefix: Prefix, member: Int32, audience: Int32)] = []
        entries.reserveCapacity(own.reduce(0) { $0 + $1.count })
        for m in own.indices {
            shortStart.append(Int32(shorts.count))
            for (i, prefix) in own[m].enumerated() {
                if TrafficIndex.isShort(prefix) {
                    shorts.append(.init(prefix: prefix, audience: ownAudience[m][i]))
                } else {
                    entries.append((prefix, Int32(m), ownAudience[m][i]))
                }
            }
        }
        shortStart.append(Int32(shorts.count))
        own = []
        ownAudience = []
        entries.sort { $0.prefix != $1.prefix ? $0.prefix < $1.prefix : $0.member < $1.member }
        var stack: [Int] = []
        var start = 0
        while start < entries.count {
            var end = start + 1
            while end < entries.count && entries[end].prefix == entries[start].prefix { end += 1 }
            let id = prefixes.count
            let prefix = entries[start].prefix
            prefixes.append(prefix)
            while let top = stack.last, !prefixes[top].contains(prefix) { stack.removeLast() }
            var inherited = 0..<0
            if let parent = stack.last {
                let header = Int(runStart[parent])
                inherited = (header + 1)..<(header + 1 + Int(announcers[header].member))
            }
            let header = announcers.count
            runStart.append(Int32(header))
            announcers.append(.init(member: 0, prefix: Int32(id), audience: -1))
            var mine = start
            while !inherited.isEmpty || mine < end {
                let parent = inherited.isEmpty ? nil : announcers[inherited.lowerBound]
                let next = mine < end ? entries[mine] : nil
                if let parent, next == nil || parent.member < next!.member {
                    announcers.append(parent)
                    inherited = (inherited.lowerBound + 1)..<inherited.upperBound
                } else if let next {
                    var audience = next.audience
                    if let parent, parent.member == next.member {
                        audience = audiences.union(parent.audience, audience)
                        inherited = (inherited.lowerBound + 1)..<inherited.upperBound
                    }
                    announcers.append(.init(member: next.member, prefix: Int32(id), audience: audience))
                    mine += 1
                }
            }
            announcers[header].member = Int32(announcers.count - header - 1)
            stack.append(id)
            start = end
        }
    }
}

fileprivate extension Array where Element: Equatable {
    /// A sorted array with each run of equal elements kept once.
    func uniqued() -> [Element] {
        var out: [Element] = []
        out.reserveCapacity(count)
        for element in self where out.last != element { out.append(element) }
        return out
    }
}

extension Array where Element: Comparable {
    /// The index of `element` in this sorted array of distinct elements. When it is not
    /// before position `hint`, the search gallops from there (1, 2, 4... ahead), else it is a
    /// binary search of the whole array.
    func sortedIndex(of element: Element, from hint: Int) -> Int? {
        var low = 0, high = count
        if hint < count && !(element < self[hint]) {
            // The first position not below `element` is at or after `low` and before `high`.
            low = hint
            var step = 1
            while low + step < count && self[low + step] < element {
                low += step
                step *= 2
            }
            high = Swift.min(low + step + 1, count)
        }
        while low < high {
            let middle = (low + high) / 2
            if self[middle] < element { low = middle + 1 } else { high = middle }
        }
        return low < count && self[low] == element ? low : nil
    }
}
