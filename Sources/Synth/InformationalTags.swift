import BGP

/// The informational communities a member of the realistic day puts on its routes. A large
/// member tags every route the way large networks do, 3 to 10 communities saying where and
/// how it learned the route: the location where it entered the network, the relation to the
/// neighbour it came from (customer, peer, own), the region and the country, plus a few
/// others (as ASN:kind:value large communities for a 4-byte ASN, ASN:(kind x 1000 + value)
/// otherwise). Routes from the same neighbour share most of them; the location (where the
/// neighbour connects at several) and now and then one more vary from route to route. The other members use their few values as in the default
/// day, each on about half of the routes.
struct InformationalTags {
    private let member: SyntheticMember
    private let heavy: Bool
    private let locations: Int
    /// Per neighbour (the ASN behind the member): its locations, relation, region and country.
    private var neighbours: [UInt32: Neighbour] = [:]

    private struct Neighbour {
        var locations: [UInt32]
        var relation: UInt32
        var region: UInt32
        var country: UInt32?
        var others: [UInt32]
    }

    static let location: UInt32 = 1, relation: UInt32 = 2, region: UInt32 = 3, country: UInt32 = 4, other: UInt32 = 5
    /// Values of the kind `other`: how the route was learned or is to be treated.
    static let others = 12

    init(member: SyntheticMember, heavy: Bool, rng: inout SplitMix64) {
        self.member = member
        self.heavy = heavy
        locations = heavy ? rng.between(6, 40) : 0
    }

    /// Appends the route's informational communities; `neighbour` is the ASN behind the member.
    mutating func append(neighbour: UInt32, to communities: inout [Community], _ large: inout [LargeCommunity],
                         rng: inout SplitMix64) {
        guard heavy else {
            for value in member.informational where rng.chance(0.5) { add(0, value, &communities, &large) }
            return
        }
        let known = neighbours[neighbour] ?? draw(rng: &rng)
        neighbours[neighbour] = known
        add(Self.location, rng.pick(known.locations), &communities, &large)
        add(Self.relation, known.relation, &communities, &large)
        add(Self.region, known.region, &communities, &large)
        if let country = known.country { add(Self.country, country, &communities, &large) }
        var others = known.others
        if rng.chance(Self.perRouteOther) {
            let value = UInt32(1 + rng.below(Self.others))
            if !others.contains(value) { others.append(value) }
        }
        for value in others { add(Self.other, value, &communities, &large) }
    }

    /// The chance that a route has one more community of the kind `other` than the others
    /// from its neighbour: with the locations, what sets routes from one neighbour apart.
    static let perRouteOther = 0.3

    private func draw(rng: inout SplitMix64) -> Neighbour {
        var places: [UInt32] = []
        for _ in 0..<rng.between(1, 3) {
            let place = UInt32(1 + rng.below(locations))
            if !places.contains(place) { places.append(place) }
        }
        var others: [UInt32] = []
        for _ in 0..<[0, 1, 2, 3, 4, 5][rng.weighted([30, 25, 20, 12, 8, 5])] {
            let value = UInt32(1 + rng.below(Self.others))
            if !others.contains(value) { others.append(value) }
        }
        return Neighbour(locations: places, relation: UInt32(rng.weighted([75, 20, 5])), region: UInt32(1 + rng.below(6)),
                         country: rng.chance(0.8) ? UInt32(1 + rng.below(40)) : nil, others: others)
    }

    /// Kind 0: one of the member's own values as the default day writes them.
    private func add(_ kind: UInt32, _ value: UInt32, _ communities: inout [Community], _ large: inout [LargeCommunity]) {
        if member.isFourByte {
            large.append(kind == 0 ? LargeCommunity(member.asn, 1, value) : LargeCommunity(member.asn, kind, value))
        } else {
            communities.append(Community(UInt16(member.asn), UInt16(kind == 0 ? value : kind * 1000 + value)))
        }
    }
}
