import BGP

extension TrafficIndex {
    /// What one sample is, as the stages of `classify` decide: the look-ups (MACs, prefix
    /// table), the judgement (announced, unannounced, filtered; source inside or outside),
    /// the sums.
    struct Pending {
        enum Kind { case memberPair, ixInternal, unattributed, sameMember }
        var kind = Kind.memberPair
        var sender: Int32 = -1
        var receiver: Int32 = -1
        var destinationEntry: UInt64 = 0
        var sourceEntry: UInt64 = 0
        /// The number of announcers the entries lead to (0 for an entry with its single
        /// announcer packed in, or none), read at look-up time (`find(_:_:count:)`).
        var destinationCount: Int32 = 0
        var sourceCount: Int32 = 0
        var sourceOnLAN = false
        var verdict = DestinationVerdict.announced
        /// Where the receiver is among the destination's announcers (-1: not among them), and
        /// the audience of its covering routes (`locate`).
        var destinationPosition = -1
        var destinationAudience: Int32 = -1
        /// The sender is among the source's announcers, or the source is on a peering LAN.
        var sourceAnnounced = false
        /// The receiver's first very short announcement covering the destination, if any.
        var shortPosition = -1
        var sourceOutside = false
        /// An IX-internal sample of a BGP session between two members (`sender`, `receiver`).
        var bilateralBGP = false
        /// A member pair's slot in the tally, once its total is summed (`addToPair`).
        var slot = -1
    }

    /// Adds one sample to the tally: IX-internal (destination in a peering LAN), unattributed
    /// (a MAC no member has), within one member, or from member A to member B, judged on its
    /// destination (announced by B, never announced, or kept from A by B's communities: S5,
    /// P4) and on its source (inside what A announced: S4).
    @inline(__always)
    public func classify(_ sample: FlowSample, into tally: inout TrafficTally) {
        var pending = lookUp(sample)
        addToPair(&pending, sample, into: &tally)
        locate(&pending)
        judge(&pending, sample)
        sum(pending, sample, into: &tally)
    }

    /// Samples in a batch processed in passes, each over the whole batch: who sends to whom,
    /// the prefix-table look-ups, the announcers' counts with the pairs' totals, the
    /// announcers, the judgements, the sums, each in sample order (the tally is the same as
    /// one sample at a time).
    static let lookUpBatch = 64

    /// `classify(_:into:)` for many samples. A look-up is a few loads that each depend on the
    /// previous one and mostly miss the cache (the prefix table, the announcers); done a level
    /// at a time for a batch of samples, in loops with nothing else, the processor waits for
    /// many samples' loads at once rather than one after another.
    public func classify(_ samples: UnsafeBufferPointer<FlowSample>, into tally: inout TrafficTally) {
        withUnsafeTemporaryAllocation(of: Pending.self, capacity: Self.lookUpBatch) { pendings in
            withUnsafeTemporaryAllocation(of: IPAddress.self, capacity: 2 * Self.lookUpBatch) { addresses in
                withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 2 * Self.lookUpBatch) { entries in
                    var start = 0
                    while start < samples.count {
                        let end = min(start + Self.lookUpBatch, samples.count)
                        let batch = UnsafeMutableBufferPointer(rebasing: pendings[0..<(end - start)])
                        classifyBatch(UnsafeBufferPointer(rebasing: samples[start..<end]), batch, addresses, entries, into: &tally)
                        start = end
                    }
                }
            }
        }
    }

    /// One batch of `classify`: `pendings` as many as `samples`, `addresses` and `entries`
    /// twice as many (a destination and a source per sample).
    @inline(__always)
    private func classifyBatch(_ samples: UnsafeBufferPointer<FlowSample>, _ pendings: UnsafeMutableBufferPointer<Pending>,
                               _ addresses: UnsafeMutableBufferPointer<IPAddress>, _ entries: UnsafeMutableBufferPointer<UInt64>,
                               into tally: inout TrafficTally) {
        var asked = 0
        for i in samples.indices {
            let pending = who(samples[i])
            if pending.kind == .memberPair {
                addresses[asked] = samples[i].destination
                asked += 1
                if !pending.sourceOnLAN {
                    addresses[asked] = samples[i].source
                    asked += 1
                }
            }
            pendings.initializeElement(at: i, to: pending)
        }
        table.lookup(UnsafeBufferPointer(rebasing: addresses[0..<asked]), into: entries)
        // The announcers' counts and the pair totals miss the cache independently of each
        // other: in one loop, more of the misses are waited for at once.
        var next = 0
        for i in samples.indices where pendings[i].kind == .memberPair {
            pendings[i].destinationEntry = entries[next]
            pendings[i].destinationCount = announcerCount(entries[next])
            next += 1
            if !pendings[i].sourceOnLAN {
                pendings[i].sourceEntry = entries[next]
                pendings[i].sourceCount = announcerCount(entries[next])
                next += 1
            }
            addToPair(&pendings[i], samples[i], into: &tally)
        }
        for i in samples.indices { locate(&pendings[i]) }
        for i in samples.indices { judge(&pendings[i], samples[i]) }
        for i in samples.indices { sum(pendings.moveElement(from: i), samples[i], into: &tally) }
    }

    @inline(__always)
    private func lookUp(_ sample: FlowSample) -> Pending {
        var pending = who(sample)
        if pending.kind == .memberPair {
            pending.destinationEntry = table.lookup(sample.destination)
            pending.destinationCount = announcerCount(pending.destinationEntry)
            if !pending.sourceOnLAN {
                pending.sourceEntry = table.lookup(sample.source)
                pending.sourceCount = announcerCount(pending.sourceEntry)
            }
        }
        return pending
    }

    /// The kind of a sample, its sender and receiver: everything before the prefix table.
    @inline(__always)
    private func who(_ sample: FlowSample) -> Pending {
        var pending = Pending()
        if isPeeringLAN(sample.destination) {
            pending.kind = .ixInternal
            if sample.isBGP { lookUpBGP(&pending, sample) }
            return pending
        }
        pending.sender = memberOfMAC.value(sample.sourceMAC)
        pending.receiver = memberOfMAC.value(sample.destinationMAC)
        if pending.sender < 0 || pending.receiver < 0 {
            pending.kind = .unattributed
        } else if pending.sender == pending.receiver {
            pending.kind = .sameMember
        } else {
            pending.sourceOnLAN = isPeeringLAN(sample.source)
        }
        return pending
    }

    /// TCP port 179 between two members' peering-LAN addresses, neither a route server's: a
    /// bilateral session (rare samples: the sets cost nothing on the common path).
    private func lookUpBGP(_ pending: inout Pending, _ sample: FlowSample) {
        guard isPeeringLAN(sample.source), !routeServerAddresses.contains(sample.source),
              !routeServerAddresses.contains(sample.destination) else { return }
        let a = memberOfMAC.value(sample.sourceMAC), b = memberOfMAC.value(sample.destinationMAC)
        guard a >= 0, b >= 0, a != b else { return }
        (pending.sender, pending.receiver, pending.bilateralBGP) = (a, b, true)
    }

    /// The receiver among the destination's announcers and the sender among the source's:
    /// the reads of `announcers`, apart from those of the audiences in `judge`.
    @inline(__always)
    private func locate(_ pending: inout Pending) {
        guard pending.kind == .memberPair else { return }
        let destination = find(pending.receiver, pending.destinationEntry, count: pending.destinationCount)
        pending.destinationPosition = destination.position
        pending.destinationAudience = destination.audience
        pending.sourceAnnounced = pending.sourceOnLAN || find(pending.sender, pending.sourceEntry, count: pending.sourceCount).position >= 0
    }

    @inline(__always)
    private func judge(_ pending: inout Pending, _ sample: FlowSample) {
        guard pending.kind == .memberPair else { return }
        let a = pending.sender, b = pending.receiver
        var announced = pending.destinationPosition >= 0
        var onRouteServer = pending.destinationAudience >= 0
        var given = onRouteServer && audiences.contains(pending.destinationAudience, a)
        for s in shortRange(b) where Self.covers(shorts[s].prefix, sample.destination) {
            announced = true
            if pending.shortPosition < 0 { pending.shortPosition = s }
            if shorts[s].audience >= 0 {
                onRouteServer = true
                given = given || audiences.contains(shorts[s].audience, a)
            }
        }
        let family: UInt8 = sample.destination.family == .ipv4 ? 1 : 2
        if !announced {
            pending.verdict = .unannounced
        } else if onRouteServer && !given && receiverFamilies[Int(a)] & family != 0 {
            pending.verdict = .filtered
        }
        var inside = pending.sourceAnnounced
        for s in shortRange(a) where !inside && Self.covers(shorts[s].prefix, sample.source) { inside = true }
        pending.sourceOutside = !inside
    }

    @inline(__always)
    private func addToPair(_ pending: inout Pending, _ sample: FlowSample, into tally: inout TrafficTally) {
        guard pending.kind == .memberPair else { return }
        pending.slot = tally.addToPair(sender: pending.sender, receiver: pending.receiver, bytes: sample.scaledBytes,
                                       packets: sample.scaledPackets, time: sample.time)
    }

    @inline(__always)
    private func sum(_ pending: Pending, _ sample: FlowSample, into tally: inout TrafficTally) {
        let bytes = sample.scaledBytes, packets = sample.scaledPackets
        switch pending.kind {
        case .ixInternal:
            tally.addIXInternal(bytes: bytes, packets: packets, time: sample.time)
            if pending.bilateralBGP {
                tally.bgp.add(pending.sender, pending.receiver, source: sample.source, destination: sample.destination)
            }
        case .unattributed:
            tally.addUnattributed(sample, sourceKnown: pending.sender >= 0, destinationKnown: pending.receiver >= 0,
                                  bytes: bytes, packets: packets)
        case .sameMember:
            tally.addSameMember(bytes: bytes, packets: packets, time: sample.time)
        case .memberPair:
            var destinationKey: Prefix?
            switch pending.verdict {
            case .announced: break
            case .unannounced: destinationKey = topKey(sample.destination, pending.destinationEntry)
            case .filtered:
                destinationKey = pending.destinationPosition >= 0
                    ? prefixes[Int(announcers[pending.destinationPosition].prefix)] : shorts[pending.shortPosition].prefix
            }
            tally.add(slot: pending.slot, sender: pending.sender, receiver: pending.receiver, bytes: bytes, packets: packets,
                      time: sample.time, verdict: pending.verdict, destinationKey: destinationKey,
                      outsideSourceKey: pending.sourceOutside ? topKey(sample.source, pending.sourceEntry) : nil)
        }
    }
}
