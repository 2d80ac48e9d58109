import BGP

/// Traffic summed over samples: bytes and packets scaled by the sampling rate, the samples
/// behind them, and when the first and last were seen (0 when the flows carry no time).
public struct TrafficVolume: Hashable, Sendable {
    public var bytes: UInt64 = 0
    public var packets: UInt64 = 0
    public var samples: Int = 0
    public var firstSeen: UInt32 = 0
    public var lastSeen: UInt32 = 0

    public init() {}

    @inline(__always)
    mutating func add(_ bytes: UInt64, _ packets: UInt64, at time: UInt32) {
        self.bytes &+= bytes
        self.packets &+= packets
        samples &+= 1
        if time != 0 {
            if firstSeen == 0 || time < firstSeen { firstSeen = time }
            if time > lastSeen { lastSeen = time }
        }
    }
}

/// What the classifier decided about a sample's destination (S5, P4).
enum DestinationVerdict {
    /// The receiving member announced a prefix covering it, and the route servers give that
    /// route to the sender, or the question does not arise (the route is on no route server,
    /// or the sender does not take routes of the family from them).
    case announced
    /// The receiving member announced no prefix covering it on any session during the day.
    case unannounced
    /// The receiving member announced covering prefixes, but on every route server their
    /// communities keep them from the sender.
    case filtered
}

/// The running sums of the classifier, per member and per member pair (sender to receiver),
/// built by `TrafficIndex.classify`. Member numbers are indexes into `TrafficIndex.asns`.
public struct TrafficTally {
    /// Traffic each member sent to other members across the IX (IX-internal traffic aside).
    public internal(set) var sent: [TrafficVolume]
    public internal(set) var received: [TrafficVolume]
    /// Traffic each member sent from source addresses outside everything it announced (S4).
    public internal(set) var sourceOutside: [TrafficVolume]
    /// All member-to-member traffic: the denominator of the IX-wide shares.
    public internal(set) var total = TrafficVolume()
    /// Traffic to addresses in the peering LANs (BGP, ARP, ...): counted, not judged.
    public internal(set) var ixInternal = TrafficVolume()
    /// Frames from a member to itself (between two of its own ports).
    public internal(set) var sameMember = TrafficVolume()
    /// Samples with a source or destination MAC no member has, by that MAC.
    public internal(set) var unknownMACs: [UInt64: UnknownMACTraffic] = [:]
    public internal(set) var unattributed = TrafficVolume()
    /// BGP sessions between members seen in the IX-internal samples.
    var bgp = BGPSightings()

    /// Per member pair, the total (touched by every sample) at the pair's slot; the rest
    /// (touched by the few judged samples) apart, for the pairs that have any.
    private var pairTotals: [TrafficVolume]
    private var pairSlots: PairSlots
    private var detailOfSlot = IntegerMap(capacity: 64)
    private var details: [PairDetail] = []
    private var sourceTop: [Int32]
    var tops = TopLists()

    public init(members: Int) {
        sent = Array(repeating: TrafficVolume(), count: members)
        received = sent
        sourceOutside = sent
        sourceTop = Array(repeating: -1, count: members)
        pairSlots = PairSlots(members: members)
        pairTotals = Array(repeating: TrafficVolume(), count: pairSlots.isDense ? members * members : 0)
    }

    /// Samples classified: member to member, IX-internal, within one member, unattributed.
    public var samples: Int { total.samples + ixInternal.samples + sameMember.samples + unattributed.samples }

    @inline(__always)
    mutating func add(sender a: Int32, receiver b: Int32, bytes: UInt64, packets: UInt64, time: UInt32,
                      verdict: DestinationVerdict, destinationKey: Prefix?, outsideSourceKey: Prefix?) {
        let slot = addToPair(sender: a, receiver: b, bytes: bytes, packets: packets, time: time)
        add(slot: slot, sender: a, receiver: b, bytes: bytes, packets: packets, time: time, verdict: verdict,
            destinationKey: destinationKey, outsideSourceKey: outsideSourceKey)
    }

    /// The first part of `add`: the pair's total. Returns the pair's slot, for the second part.
    /// Apart so that a batch of samples can sum its pair totals in a loop of its own: the
    /// matrix (20 MB for 800 members) misses the cache, and in a short loop the misses of
    /// several samples overlap.
    @inline(__always)
    mutating func addToPair(sender a: Int32, receiver b: Int32, bytes: UInt64, packets: UInt64, time: UInt32) -> Int {
        let slot = pairSlots.slot(a, b)
        if slot == pairTotals.count { pairTotals.append(TrafficVolume()) }
        pairTotals[slot].add(bytes, packets, at: time)
        return slot
    }

    /// The second part of `add`, for the pair at `slot` (from `addToPair`): the totals, the
    /// members' sums and the judged parts.
    @inline(__always)
    mutating func add(slot: Int, sender a: Int32, receiver b: Int32, bytes: UInt64, packets: UInt64, time: UInt32,
                      verdict: DestinationVerdict, destinationKey: Prefix?, outsideSourceKey: Prefix?) {
        total.add(bytes, packets, at: time)
        sent[Int(a)].add(bytes, packets, at: time)
        received[Int(b)].add(bytes, packets, at: time)
        switch verdict {
        case .announced:
            break
        case .unannounced:
            let d = detail(slot, a, b)
            details[d].unannounced.add(bytes, packets, at: time)
            if details[d].unannouncedTop < 0 { details[d].unannouncedTop = tops.makeList() }
            if let destinationKey { tops.add(details[d].unannouncedTop, destinationKey, bytes) }
        case .filtered:
            let d = detail(slot, a, b)
            details[d].filtered.add(bytes, packets, at: time)
            if details[d].filteredTop < 0 { details[d].filteredTop = tops.makeList() }
            if let destinationKey { tops.add(details[d].filteredTop, destinationKey, bytes) }
        }
        if let outsideSourceKey {
            sourceOutside[Int(a)].add(bytes, packets, at: time)
            if sourceTop[Int(a)] < 0 { sourceTop[Int(a)] = tops.makeList() }
            tops.add(sourceTop[Int(a)], outsideSourceKey, bytes)
        }
    }

    mutating func addUnattributed(_ sample: FlowSample, sourceKnown: Bool, destinationKnown: Bool, bytes: UInt64, packets: UInt64) {
        unattributed.add(bytes, packets, at: sample.time)
        if !sourceKnown {
            unknownMACs[sample.sourceMAC, default: UnknownMACTraffic(mac: sample.sourceMAC)]
                .asSource.add(bytes, packets, at: sample.time)
        }
        if !destinationKnown {
            unknownMACs[sample.destinationMAC, default: UnknownMACTraffic(mac: sample.destinationMAC)]
                .asDestination.add(bytes, packets, at: sample.time)
        }
    }

    mutating func addIXInternal(bytes: UInt64, packets: UInt64, time: UInt32) { ixInternal.add(bytes, packets, at: time) }
    mutating func addSameMember(bytes: UInt64, packets: UInt64, time: UInt32) { sameMember.add(bytes, packets, at: time) }

    /// Where the judged part of a pair's traffic is summed, made on first use.
    private mutating func detail(_ slot: Int, _ a: Int32, _ b: Int32) -> Int {
        let known = detailOfSlot.value(UInt64(slot))
        if known >= 0 { return Int(known) }
        details.append(PairDetail(sender: a, receiver: b))
        detailOfSlot.insert(UInt64(slot), Int32(details.count - 1))
        return details.count - 1
    }

    /// The traffic one member sent another, by sender then receiver.
    var cells: [PairCell] {
        var out: [PairCell] = []
        for slot in pairTotals.indices where pairTotals[slot].samples > 0 {
            let (a, b) = pairSlots.pair(ofSlot: slot)
            let d = detailOfSlot.value(UInt64(slot))
            out.append(PairCell(pairTotals[slot], d >= 0 ? details[Int(d)] : PairDetail(sender: a, receiver: b)))
        }
        return out.sorted { ($0.sender, $0.receiver) < ($1.sender, $1.receiver) }
    }

    /// The traffic one member sent another, by sender then receiver.
    public var pairs: [(sender: Int32, receiver: Int32, total: TrafficVolume, unannounced: TrafficVolume, filtered: TrafficVolume)] {
        cells.map { ($0.sender, $0.receiver, $0.total, $0.unannounced, $0.filtered) }
    }

    /// What `sender` sent `receiver`.
    func total(_ sender: Int32, _ receiver: Int32) -> TrafficVolume {
        guard let slot = pairSlots.existingSlot(sender, receiver), slot < pairTotals.count else { return TrafficVolume() }
        return pairTotals[slot]
    }

    func topSources(_ member: Int32, _ k: Int) -> (entries: [(prefix: Prefix, bytes: UInt64)], approximate: Bool) {
        tops.top(sourceTop[Int(member)], k)
    }
}

/// The traffic of one member pair, sender to receiver, apart from its total.
struct PairDetail {
    var sender: Int32
    var receiver: Int32
    var unannounced = TrafficVolume()
    var filtered = TrafficVolume()
    var unannouncedTop: Int32 = -1
    var filteredTop: Int32 = -1
}

/// The traffic of one member pair, sender to receiver.
struct PairCell {
    var sender: Int32
    var receiver: Int32
    var total: TrafficVolume
    var unannounced: TrafficVolume
    var filtered: TrafficVolume
    var unannouncedTop: Int32
    var filteredTop: Int32

    init(_ total: TrafficVolume, _ detail: PairDetail) {
        sender = detail.sender
        receiver = detail.receiver
        self.total = total
        unannounced = detail.unannounced
        filtered = detail.filtered
        unannouncedTop = detail.unannouncedTop
        filteredTop = detail.filteredTop
    }
}

/// Where each member pair's sums are. Up to `denseLimit` members the pairs form a dense
/// sender x receiver matrix (the slot is `a * members + b`: no look-up, and one cache line per
/// sample; 20 MB of totals for 800 members); beyond, a hash map gives each pair with traffic
/// the next slot.
struct PairSlots {
    static let denseLimit = 1024
    let members: Int
    var isDense: Bool { members <= Self.denseLimit }
    private var slotOfPair = IntegerMap(capacity: 1024)
    private var pairOfSlot: [(Int32, Int32)] = []

    init(members: Int) { self.members = members }

    /// The pair's slot; a new pair gets the next free one.
    @inline(__always)
    mutating func slot(_ a: Int32, _ b: Int32) -> Int {
        if isDense { return Int(a) * members + Int(b) }
        let key = UInt64(UInt32(a)) << 32 | UInt64(UInt32(b))
        let known = slotOfPair.value(key)
        if known >= 0 { return Int(known) }
        pairOfSlot.append((a, b))
        slotOfPair.insert(key, Int32(pairOfSlot.count - 1))
        return pairOfSlot.count - 1
    }

    func existingSlot(_ a: Int32, _ b: Int32) -> Int? {
        if isDense { return Int(a) * members + Int(b) }
        let known = slotOfPair.value(UInt64(UInt32(a)) << 32 | UInt64(UInt32(b)))
        return known >= 0 ? Int(known) : nil
    }

    func pair(ofSlot slot: Int) -> (Int32, Int32) {
        isDense ? (Int32(slot / members), Int32(slot % members)) : pairOfSlot[slot]
    }
}

/// Traffic seen from or to a MAC address that no member's interface has.
public struct UnknownMACTraffic: Hashable, Sendable {
    public var mac: UInt64
    public var asSource = TrafficVolume()
    public var asDestination = TrafficVolume()

    public init(mac: UInt64) { self.mac = mac }
}
