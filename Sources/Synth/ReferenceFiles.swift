import BGP

/// The day's reference files, which the leak analysis reads besides the routes (P7, RFC 6811,
/// RFC 7908):
///
///     rpki/vrps.json              rpki-client JSON: a ROA for every route's prefix and origin
///     irr/route-objects.txt       RPSL route/route6 objects: one for every route's prefix and origin
///     relationships/as-rel.txt    CAIDA serial-1 AS relationships
///
/// Every ordinary route is registered both ways with its exact prefix and the origin of its
/// path (the day's attribute changes keep the origin), so an audit finds nothing there but the
/// planted anomalies (`AnomalyPlan.Registration`). A prefix and origin several members
/// announce (the realistic day) is registered once.
struct ReferenceFiles {
    let plan: RoutePlan
    let anomalies: AnomalyPlan
    /// The origin AS of each attribute set's path (0 for none).
    private let origins: [UInt32]
    /// Ordinary routes whose prefix and origin an earlier ordinary route registers.
    private let repeated: Set<Int>

    static let vrpFile = "rpki/vrps.json"
    static let routeObjectFile = "irr/route-objects.txt"
    static let relationshipFile = "relationships/as-rel.txt"

    init(plan: RoutePlan, anomalies: AnomalyPlan) {
        self.plan = plan
        self.anomalies = anomalies
        let origins = (0..<plan.book.count).map { plan.book[Int32($0)].asPath?.originASN?.rawValue ?? 0 }
        self.origins = origins
        struct Key: Hashable {
            var address: UInt64
            var length: UInt8
            var isIPv6: Bool
            var origin: UInt32
        }
        var seen = Set<Key>()
        var repeated = Set<Int>()
        for r in 0..<plan.ordinaryCount {
            let route = plan.routes[r]
            let key = Key(address: route.address, length: route.length, isIPv6: route.isIPv6, origin: origins[Int(route.attributes)])
            if !seen.insert(key).inserted { repeated.insert(r) }
        }
        self.repeated = repeated
    }

    func registration(_ r: Int) -> AnomalyPlan.Registration {
        if plan.isPlanted(r) { return anomalies.registration[r - plan.ordinaryCount] }
        return repeated.contains(r) ? .coveredByOriginal : .both
    }

    func origin(_ r: Int) -> UInt32 { origins[Int(plan.routes[r].attributes)] }

    /// rpki-client's JSON export: `{"metadata": {...}, "roas": [{"asn", "prefix", "maxLength", "ta"}]}`,
    /// max length the prefix's own.
    func writeVRPs(to path: String, buildTime: String) throws(SynthError) -> (fileBytes: Int64, entries: Int) {
        var file = try TextFileWriter(path: path)
        var count = 0
        for r in plan.routes.indices {
            switch registration(r) {
            case .both, .roaOnly: count += 1
            case .routeObjectOnly, .coveredByOriginal: break
            }
        }
        count += anomalies.extraROAs.count
        file.buffer.append(string: "{\n  \"metadata\": {\n    \"buildmachine\": \"ixaudit synth\",\n    \"buildtime\": \"\(buildTime)\",\n"
            + "    \"roas\": \(count)\n  },\n  \"roas\": [\n")
        var first = true
        func entry(_ asn: UInt32, _ prefix: (inout [UInt8]) -> Void, maxLength: Int, into out: inout [UInt8]) {
            out.append(ascii: first ? "    { \"asn\": " : ",\n    { \"asn\": ")
            first = false
            out.appendDecimal(asn)
            out.append(ascii: ", \"prefix\": \"")
            prefix(&out)
            out.append(ascii: "\", \"maxLength\": ")
            out.appendDecimal(UInt32(maxLength))
            out.append(ascii: ", \"ta\": \"synth\" }")
        }
        for r in plan.routes.indices {
            switch registration(r) {
            case .both, .roaOnly:
                let route = plan.routes[r]
                entry(origin(r), route.appendPrefix, maxLength: Int(route.length), into: &file.buffer)
                try file.flush()
            case .routeObjectOnly, .coveredByOriginal:
                continue
            }
        }
        for roa in anomalies.extraROAs {
            entry(roa.asn, { $0.append(string: roa.prefix.description) }, maxLength: Int(roa.prefix.length), into: &file.buffer)
        }
        file.buffer.append(ascii: "\n  ]\n}\n")
        return (try file.finish().fileBytes, count)
    }

    /// RPSL (RFC 2622): `route:`/`route6:`, `origin:`, `source: SYNTH`, a blank line after each.
    func writeRouteObjects(to path: String) throws(SynthError) -> (fileBytes: Int64, entries: Int) {
        var file = try TextFileWriter(path: path)
        file.buffer.append(ascii: "% Route objects of the SmartHub IX synthetic day (ixaudit synth): one per route\n\n")
        var count = 0
        for r in plan.routes.indices {
            switch registration(r) {
            case .both, .routeObjectOnly:
                let route = plan.routes[r]
                file.buffer.append(ascii: route.isIPv6 ? "route6:         " : "route:          ")
                route.appendPrefix(to: &file.buffer)
                file.buffer.append(ascii: "\norigin:         AS")
                file.buffer.appendDecimal(origin(r))
                file.buffer.append(ascii: "\nsource:         SYNTH\n\n")
                count += 1
                try file.flush()
            case .roaOnly, .coveredByOriginal:
                continue
            }
        }
        return (try file.finish().fileBytes, count)
    }

    /// CAIDA serial-1 (`a|b|-1`: a is b's provider; `a|b|0`: peers), sorted: the planted pairs
    /// (the peer leak's near miss), the members' customers (the ASN behind them in their
    /// paths, up to three each), a tier-1 provider for about a third of the members and a few
    /// peerings between members. No member is another's provider but in the planted pairs, so
    /// the planted peer leak stays one.
    func writeRelationships(to path: String, members: [SyntheticMember], rng: inout SplitMix64)
        throws(SynthError) -> (fileBytes: Int64, entries: Int) {
        var relation: [UInt64: Int] = [:]
        func add(_ a: UInt32, _ b: UInt32, _ rel: Int) {
            let key = UInt64(min(a, b)) << 32 | UInt64(max(a, b))
            if relation[key] == nil { relation[key] = rel == -1 && a > b ? 1 : rel }
        }
        for pair in anomalies.relationships { add(pair.a, pair.b, pair.relation) }
        let memberASNs = Set(members.map(\.asn))
        let tier1: [UInt32] = [174, 1299, 2914, 3257, 3356, 6453, 6762]
        let onRS = members.indices.filter { members[$0].routeServer && members[$0].routes > 0 }
        for m in onRS {
            let asn = members[m].asn
            var customers: [UInt32] = []
            for r in plan.routeRange(m) where customers.count < 3 {
                guard let path = plan.book[plan.routes[r].attributes].asPath?.allASNs.map(\.rawValue),
                      let behind = path.first(where: { $0 != asn }), !memberASNs.contains(behind), !customers.contains(behind)
                else { continue }
                customers.append(behind)
            }
            for customer in customers { add(asn, customer, -1) }
            if rng.chance(0.35) { add(rng.pick(tier1), asn, -1) }
        }
        for (m, n) in zip(onRS, onRS.dropFirst()) where rng.chance(0.2) {
            add(members[m].asn, members[n].asn, 0)
        }
        var file = try TextFileWriter(path: path)
        file.buffer.append(ascii: "# AS relationships of the SmartHub IX synthetic day (ixaudit synth), CAIDA serial-1\n")
        file.buffer.append(ascii: "# <provider-as>|<customer-as>|-1\n# <peer-as>|<peer-as>|0\n")
        for (key, rel) in relation.sorted(by: { $0.key < $1.key }) {
            // Stored with the smaller ASN first; 1 marks a pair whose provider is the larger.
            let low = UInt32(key >> 32), high = UInt32(truncatingIfNeeded: key)
            let (a, b) = rel == 1 ? (high, low) : (low, high)
            file.buffer.appendDecimal(a)
            file.buffer.append(UInt8(ascii: "|"))
            file.buffer.appendDecimal(b)
            file.buffer.append(ascii: rel == 0 ? "|0\n" : "|-1\n")
        }
        return (try file.finish().fileBytes, relation.count)
    }
}
