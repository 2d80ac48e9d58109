import BGP

/// What the attribute checks compare of a route: the AS path as sent and with prepends
/// collapsed, the MED and the communities (standard and large, as sets). The next hop is left
/// out on purpose: a member with several routers legitimately sends different ones.
struct AttributeSignature: Hashable {
    let path: ASPath?
    /// The path with repeated neighbouring ASNs of a sequence collapsed into one (prepending undone).
    let collapsedPath: ASPath?
    let med: UInt32?
    let communities: [Community]
    let largeCommunities: [LargeCommunity]

    init(_ attributes: PathAttributes) {
        path = attributes.asPath
        collapsedPath = attributes.asPath.map(Self.collapse)
        med = attributes.med
        communities = Array(Set(attributes.communities)).sorted()
        largeCommunities = Array(Set(attributes.largeCommunities)).sorted()
    }

    /// A A A B C C -> A B C within each AS_SEQUENCE (RFC 4271 section 9.1.2.2 counts the
    /// repeats; prepending is how members make a path longer).
    static func collapse(_ path: ASPath) -> ASPath {
        ASPath(path.segments.map { segment in
            guard segment.type == .sequence || segment.type == .confedSequence else { return segment }
            var asns: [ASN] = []
            for asn in segment.asns where asns.last != asn { asns.append(asn) }
            return ASPath.Segment(segment.type, asns)
        })
    }
}

/// The attribute checks (S1, P3: the same announcement on every session): the same prefix and
/// ADD-PATH path id, present at the end of the day on several of the member's sessions
/// (route servers and other sources alike), with
/// - as-path-mismatch: different AS paths once prepends are collapsed;
/// - prepend-mismatch: the same collapsed path, prepended differently;
/// - med-mismatch: different MEDs (none and some count as different);
/// - community-mismatch: different communities, standard and large, compared as sets.
/// Each prefix and path id that differs is a route of the member's finding of that check; its
/// detail gives the value on each session.
struct AttributeChecks {
    let attributes: AttributeInterner
    /// Signatures by attribute id, shared by all members (many send the same sets).
    private var signatures: [Int32: AttributeSignature] = [:]

    init(attributes: AttributeInterner) { self.attributes = attributes }

    /// What differs for one prefix of `member`: `routes` are its present routes, sorted by path
    /// id. One problem per check and path id.
    mutating func check(_ routes: ArraySlice<PresentRoute>, of member: MemberRoutes) -> [RouteProblem] {
        guard routes.count >= 2, let prefix = routes.first?.key.prefix else { return [] }
        var problems: [RouteProblem] = []
        var start = routes.startIndex
        while start < routes.endIndex {
            var end = start + 1
            while end < routes.endIndex && routes[end].key.pathID == routes[start].key.pathID { end += 1 }
            let paths = routes[start..<end]
            start = end
            // Most prefixes come with one attribute set on every session: nothing to compare.
            guard paths.count >= 2, paths.contains(where: { $0.record.attributes != paths.first!.record.attributes }) else { continue }
            let values = paths.map { signature($0.record.attributes) }
            var differences: [(Check, (AttributeSignature) -> String)] = []
            if Set(values.map(\.collapsedPath)).count > 1 {
                differences.append((.asPathMismatch, { ConsistencyEvidence.path($0.path) }))
            } else if Set(values.map(\.path)).count > 1 {
                differences.append((.prependMismatch, { ConsistencyEvidence.path($0.path) }))
            }
            if Set(values.map(\.med)).count > 1 {
                differences.append((.medMismatch, { ConsistencyEvidence.med($0.med) }))
            }
            if Set(values.map { CommunitySets(standard: $0.communities, large: $0.largeCommunities) }).count > 1 {
                differences.append((.communityMismatch, { ConsistencyEvidence.communities(standard: $0.communities, large: $0.largeCommunities) }))
            }
            let labels = paths.map { member.sessions[$0.session].label }
            for (check, text) in differences {
                let perSession = zip(labels, values).map { label, value in "\(label): \(text(value))" }
                let route = AffectedRoute(source: labels.joined(separator: ";"), prefix: prefix, pathID: paths.first!.key.pathID,
                                          firstSeen: paths.map(\.record.firstSeen).min(), lastSeen: paths.map(\.record.lastSeen).max(),
                                          detail: perSession.joined(separator: "; "))
                problems.append(RouteProblem(check: check, route: route))
            }
        }
        return problems
    }

    private mutating func signature(_ id: Int32) -> AttributeSignature {
        if let known = signatures[id] { return known }
        let made = AttributeSignature(attributes[id])
        signatures[id] = made
        return made
    }
}

/// Communities of both kinds as one comparable value.
private struct CommunitySets: Hashable {
    let standard: [Community]
    let large: [LargeCommunity]
}
