import BGP
import Job

extension Simulator {
    /// The intent of every accepted route (`routeIntent`), the intents numbered in the order
    /// the routes first use them, as one pass over the routes would; and each used set's part
    /// of the routes' rank (`setRanks`).
    ///
    /// Reading a set's communities into an intent is the costly part, and depends on the set
    /// alone: the sets the routes use are read in the order they are stored (the order they
    /// were decoded; the routes' order visits them at random, a cache miss for nearly every
    /// one on a large day), in parts both cores take in turn, each part interning its own
    /// intents (`IntentReader`). The routes then take their set's intent, two halves side by
    /// side, each listing the part's intents in the order its routes first use them; the ids
    /// are given from those two short lists. Parts rather than halves of the sets: the
    /// updates' sets cost more than the RIB dump's, and halves took unequal time.
    mutating func assignIntents(accepted: [Int]) {
        let routes = rib.routes, store = rib.attributes, scheme = self.scheme
        let cut = accepted.count / 2, routeHalves = [accepted[..<cut], accepted[cut...]]
        let seen = inParallel(routeHalves.map { half in
            { () -> [Bool] in
                var seen = [Bool](repeating: false, count: store.count)
                for i in half { seen[Int(routes[i].attributes)] = true }
                return seen
            }
        })
        var used: [Int32] = []
        for a in 0..<store.count where seen[0][a] || seen[1][a] { used.append(Int32(a)) }

        // Each used set's intent, numbered within its part, and its rank.
        let partCount = 8, partSize = (used.count + partCount - 1) / partCount
        let parts = (0..<partCount).map { used[min($0 * partSize, used.count)..<min(($0 + 1) * partSize, used.count)] }
        var localIntent = [Int32](repeating: -1, count: store.count)
        setRanks = [AttributeRank](repeating: AttributeRank(), count: store.count)
        var partIntents = [[CommunityIntent]](repeating: [], count: partCount)
        localIntent.withUnsafeMutableBufferPointer { local in
            setRanks.withUnsafeMutableBufferPointer { ranks in
                let (local, ranks) = (local, ranks)
                partIntents = inParallel(parts.map { sets in
                    { () -> [CommunityIntent] in
                        var reader = IntentReader(scheme: scheme)
                        for set in sets {
                            local[Int(set)] = store.withPolicyAttributes(set) { attributes in
                                ranks[Int(set)] = AttributeRank(attributes.ranking)
                                return reader.intentID(of: attributes)
                            }
                        }
                        return reader.intents
                    }
                })
            }
        }
        // The parts' intents one after the other: a set's is its part's first place plus its
        // number in the part.
        var partStart: [Int32] = [0]
        for intents in partIntents { partStart.append(partStart.last! + Int32(intents.count)) }
        let partFirstSet = parts.map { $0.first ?? .max }
        let allIntents = partIntents.flatMap { $0 }
        func part(of set: Int32) -> Int {
            var part = 0
            while part + 1 < partCount && partFirstSet[part + 1] <= set { part += 1 }
            return part
        }

        // Each route's intent in those places, and the order each half of the routes first
        // uses them.
        let local = localIntent
        let firstUses = routeIntent.withUnsafeMutableBufferPointer { out in
            let out = out
            return inParallel(routeHalves.map { half in
                { () -> [Int32] in
                    var met = [Bool](repeating: false, count: allIntents.count), order: [Int32] = []
                    for i in half {
                        let set = routes[i].attributes
                        let place = partStart[part(of: set)] + local[Int(set)]
                        out[i] = place
                        if !met[Int(place)] {
                            met[Int(place)] = true
                            order.append(place)
                        }
                    }
                    return order
                }
            })
        }
        var id = [Int32](repeating: -1, count: allIntents.count)
        for place in firstUses[0] + firstUses[1] where id[Int(place)] < 0 { id[Int(place)] = internIntent(allIntents[Int(place)]) }
        let ids = id
        routeIntent.withUnsafeMutableBufferPointer { out in
            let out = out
            eachInParallel(2) { half in
                for i in routeHalves[half] { out[i] = ids[Int(out[i])] }
            }
        }
    }
}
