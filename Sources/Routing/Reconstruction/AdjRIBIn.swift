import BGP

/// Every session's Adj-RIB-In, with each distinct attribute set stored once.
public final class AdjRIBIn {
    public let attributes = AttributeInterner()
    public private(set) var sessions: [SessionID: SessionState] = [:]
    /// Interval of the route-count time series, seconds.
    public let seriesInterval: UInt32
    private var bySourceAndASN: [String: [ASN: [SessionState]]] = [:]

    public init(seriesInterval: UInt32 = 300) {
        self.seriesInterval = max(1, seriesInterval)
    }

    public var sortedSessions: [SessionState] { sessions.values.sorted { $0.id < $1.id } }

    /// The session, created on first sight.
    func session(_ id: SessionID, partial: Bool) -> SessionState {
        if let existing = sessions[id] { return existing }
        let created = SessionState(id: id, partial: partial, ordinal: Int32(sessions.count))
        sessions[id] = created
        bySourceAndASN[id.source, default: [:]][id.peerASN, default: []].append(created)
        return created
    }

    /// Sessions of `source` with `asn` (for state changes whose peer address was lost).
    func sessions(source: String, asn: ASN) -> [SessionState] {
        bySourceAndASN[source]?[asn] ?? []
    }

    /// Sessions of `source` with the peer address `address`, whatever their ASN.
    func sessionsByAddress(source: String, address: IPAddress) -> [SessionState] {
        (bySourceAndASN[source] ?? [:]).values.flatMap { $0 }.filter { $0.id.peerAddress == address }
    }

    func announce(_ session: SessionState, _ key: RouteKey, attributes id: Int32, at time: UInt32, firstSeen: UInt32? = nil) {
        noteChange(session, at: time)
        var cameBack = false
        let isNew = session.routes.update(key, insert: { RouteRecord(attributes: id, firstSeen: firstSeen ?? time, lastSeen: time) }) { record in
            if record.isPresent {
                if record.attributes != id {
                    record.attributeChanges &+= 1
                    if record.communityChanges < .max && communitiesDiffer(record.attributes, id) { record.communityChanges += 1 }
                }
            } else {
                record.flaps &+= 1
                if !record.droppedByReset { record.withdrawalFlaps &+= 1 }
                cameBack = true
            }
            record.attributes = id
            record.isPresent = true
            record.lastSeen = time
        }
        if isNew || cameBack { count(session, key, +1) }
    }

    /// Returns false when the session did not have the route.
    @discardableResult
    func withdraw(_ session: SessionState, _ key: RouteKey, at time: UInt32) -> Bool {
        var had = false
        session.routes.update(key, insert: { nil }) { record in
            guard record.isPresent else { return }
            had = true
            record.isPresent = false
            record.lastSeen = time
        }
        guard had else { return false }
        noteChange(session, at: time)
        count(session, key, -1)
        return true
    }

    /// The session left Established: every route it had is gone (RFC 4271 section 8.2.2 —
    /// a speaker deletes the routes of a closed session; BIRD writes no withdrawals for them).
    func reset(_ session: SessionState, at time: UInt32) {
        noteChange(session, at: time)
        session.routes.updateEach { record in
            guard record.isPresent else { return }
            record.dropForReset()
            record.lastSeen = time
        }
        session.ipv4Routes = 0
        session.ipv6Routes = 0
        session.resets += 1
        session.resetTimes.append(time)
    }

    /// Whether two attribute sets carry different communities, standard or large, compared as
    /// sets (the order on the wire means nothing). Asked whenever a present route's attribute
    /// id changes, millions of times on a large day: it reads the stored bytes, builds no set.
    private func communitiesDiffer(_ a: Int32, _ b: Int32) -> Bool {
        !attributes.sameCommunities(a, b)
    }

    /// Takes over the sessions of `other`, a RIB of other sources read apart: its attribute
    /// sets are interned here and its routes renumbered to match.
    func absorb(_ other: AdjRIBIn) {
        let ids = attributes.absorb(other.attributes)
        // Each session is renumbered apart from the others: on every core.
        let incoming = Array(other.sessions.values)
        eachInParallel(incoming.count) { index in
            let session = incoming[index]
            session.routes.updateEach { $0.attributes = ids[Int($0.attributes)] }
            session.updateAttributes.renumber(ids)
        }
        for (id, session) in other.sessions { sessions[id] = session }
        for (source, byASN) in other.bySourceAndASN {
            bySourceAndASN[source, default: [:]].merge(byASN) { mine, theirs in mine + theirs }
        }
    }

    /// Routes present at the end were seen until then.
    func finish(at time: UInt32) {
        attributes.dropIndex()
        let all = Array(sessions.values)
        eachInParallel(all.count) { all[$0].updateAttributes.settle() }
        for session in all {
            noteChange(session, at: time)
            if let bucket = session.seriesBucket {
                session.series.append(RouteCountSample(time: bucket, ipv4: session.ipv4Routes, ipv6: session.ipv6Routes))
            }
            session.routes.updateEach { record in
                if record.isPresent && record.lastSeen < time { record.lastSeen = time }
            }
        }
    }

    private func count(_ session: SessionState, _ key: RouteKey, _ delta: Int) {
        if key.prefix.family == .ipv4 { session.ipv4Routes += delta } else { session.ipv6Routes += delta }
    }

    /// Closes the series interval before the one `time` falls in, with the counts it ended with.
    private func noteChange(_ session: SessionState, at time: UInt32) {
        let bucket = time - time % seriesInterval
        if let current = session.seriesBucket {
            guard bucket > current else { return }
            session.series.append(RouteCountSample(time: current, ipv4: session.ipv4Routes, ipv6: session.ipv6Routes))
        }
        session.seriesBucket = bucket
    }
}
