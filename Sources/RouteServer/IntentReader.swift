import BGP
import Job

/// Reads the intents of stored attribute sets one after the other, numbering them in the
/// order first met (one reader per half of the sets the simulation reads side by side).
///
/// An intent depends only on the communities the scheme's filter lets through, in stored
/// order: sets that let through the same ones have the same intent. So each set's are first
/// gathered as plain numbers into a reused buffer, and only a list never seen before is read
/// into a `CommunityIntent` and hashed as one. A large day has a million sets and a few
/// thousand intents: most sets cost a scan of their communities and one look-up, with no
/// intent built, copied or dropped.
struct IntentReader {
    let scheme: CommunityScheme
    let filter: ControlCommunityFilter
    /// The intents met, in order; `index` finds them.
    private(set) var intents: [CommunityIntent] = []
    private var index: [CommunityIntent: Int32] = [:]
    /// The id of each list of filtered communities met: the count of standard ones, their
    /// values, then each large one's three fields.
    private var ofCommunities: [[UInt32]: Int32] = [:]
    private var communities: [UInt32] = []
    /// The previous set's list and id: sets stored one after the other often share it (a
    /// member's routes in a row).
    private var previous: [UInt32] = []
    private var previousID: Int32 = -1

    init(scheme: CommunityScheme) {
        self.scheme = scheme
        filter = ControlCommunityFilter(scheme)
    }

    /// The id of the intent of stored set `set`.
    mutating func intentID(of set: Int32, in sets: AttributeSets) -> Int32 {
        sets.withPolicyAttributes(set) { intentID(of: $0) }
    }

    /// The id of the intent of a set read in place.
    mutating func intentID(of attributes: PolicyAttributes) -> Int32 {
        communities.removeAll(keepingCapacity: true)
        communities.append(0)
        attributes.forEachCommunity { if filter.mayControl($0) { communities.append($0.rawValue) } }
        communities[0] = UInt32(communities.count - 1)
        attributes.forEachLargeCommunity {
            guard filter.mayControl($0) else { return }
            communities.append($0.global)
            communities.append($0.local1)
            communities.append($0.local2)
        }
        if previousID >= 0 && communities == previous { return previousID }
        let id: Int32
        if let known = ofCommunities[communities] {
            id = known
        } else {
            let intent = CommunityIntent.of(attributes, scheme: scheme, filter: filter)
            if let known = index[intent] {
                id = known
            } else {
                id = Int32(intents.count)
                intents.append(intent)
                index[intent] = id
            }
            ofCommunities[communities] = id
        }
        previous.removeAll(keepingCapacity: true)
        previous.append(contentsOf: communities)
        previousID = id
        return id
    }
}
