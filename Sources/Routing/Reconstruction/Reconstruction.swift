import BGP
import MRT

/// Rebuilds every session's Adj-RIB-In from MRT files (docs/route-server-semantics.md, "Reconstruction"): each
/// source's RIB dump is the baseline at its timestamp; the source's update files are then
/// merged and applied in time order (whatever order the files were given in); an announcement
/// replaces the route with the same key (prefix and ADD-PATH path id); a session that leaves
/// Established loses its routes; without a RIB dump a source's sessions are marked partial.
public final class Reconstruction {
    public let rib: AdjRIBIn
    public private(set) var summary = ReconstructionSummary()
    /// Nothing after this time (seconds) is applied: the state "at" a moment.
    public let until: UInt32?
    /// Which peers become sessions: never the route servers themselves.
    public let clients: RouteServerClients
    /// What the records read so far ask of the RIB, not yet handed to `pipe`.
    private var changes = RouteChanges()
    private var pipe: RouteChangePipe?
    /// Sessions handed over in `changes` so far: the next new session's ordinal.
    private var introduced: Int32 = 0

    /// `clients` names the job's route servers (`RouteServerClients(routeServers:)`): without
    /// them an OpenBGPD route server's own entries would become a session.
    public init(seriesInterval: UInt32 = 300, until: UInt32? = nil, clients: RouteServerClients = .unknownRouteServers) {
        rib = AdjRIBIn(seriesInterval: seriesInterval)
        self.until = until
        self.clients = clients
    }

    /// Reads all sources. Problems in the data are reported to `onIssue` and counted in
    /// `summary`, per file in `summary.files`; nothing here throws. `tap` gives, for a path,
    /// what sees that file's raw bytes as they are read (a digest of what was analysed).
    ///
    /// A session belongs to one source, so the sources are read side by side (one per core),
    /// each into a RIB of its own, and joined in the order given: the first source's sets keep
    /// the ids they get when it is read alone, and the data problems come out source by source
    /// as if read one after the other.
    public func run(_ sources: [SourceInput], tap: @escaping (String) -> ByteTap? = { _ in nil },
                    onIssue: (DecodeIssue) -> Void = { _ in }) {
        var labels: [String] = []
        for source in sources where !labels.contains(source.label) { labels.append(source.label) }
        let groups = labels.map { label in sources.filter { $0.label == label } }
        if groups.count <= 1 {
            read(sources, applyAside: true, tap: tap, onIssue: onIssue)
        } else {
            let parts = [self] + groups.dropFirst().map { _ in Reconstruction(seriesInterval: rib.seriesInterval, until: until, clients: clients) }
            withoutActuallyEscaping(onIssue) { onIssue in
                let issues = OrderedIssues(parts: parts.count, onIssue: onIssue)
                eachInParallel(parts.count) { index in
                    parts[index].read(groups[index], applyAside: false, tap: tap) { issues.report($0, part: index) }
                    issues.finish(part: index)
                }
            }
            for part in parts.dropFirst() {
                rib.absorb(part.rib)
                summary.absorb(part.summary)
            }
        }
        let end = until ?? summary.end ?? summary.baselines.values.max() ?? 0
        rib.finish(at: end)
        summary.end = max(summary.end ?? 0, end)
    }

    /// Reads `sources` into this reconstruction's RIB, without finishing it; with `applyAside`
    /// the route changes are applied on a thread of their own while the records are decoded.
    private func read(_ sources: [SourceInput], applyAside: Bool, tap: @escaping (String) -> ByteTap?, onIssue: (DecodeIssue) -> Void) {
        let pipe = RouteChangePipe(rib: rib, aside: applyAside)
        self.pipe = pipe
        changes = pipe.emptyBatch()
        defer {
            pipe.send(&changes)
            pipe.finish()
            self.pipe = nil
            changes = RouteChanges()
        }
        var partialSources: Set<String> = []
        for source in sources {
            if source.ribFiles.isEmpty {
                partialSources.insert(source.label)
            } else {
                loadBaseline(source, tap: tap, onIssue: onIssue)
            }
        }
        let streams = sources.flatMap { source in source.updateFiles.map { (source.label, $0) } }
        // What every record of a file shares, looked up once per file rather than by its
        // source's name per record (millions of UPDATEs a night).
        let origins = streams.map { label, _ in
            UpdateOrigin(source: label, sourceNumber: sources.firstIndex { $0.label == label } ?? 0, partial: partialSources.contains(label),
                         baseline: summary.baselines[label], isRouteServerSource: clients.routeServerLabels.contains(label))
        }
        var merger = UpdateMerger(files: streams, tap: tap)
        var peers = UpdatePeers()
        merger.forEach(onIssue: onIssue) { header, record, file in
            apply(record, header: header, origin: origins[file], peers: &peers)
            handOverIfFull()
        }
        summary.decode.merge(merger.summary)
        for (path, decode) in merger.files { summary.files[path, default: FileReadout()].decode.merge(decode) }
        summary.outOfOrderRecords += merger.outOfOrderRecords
    }

    // MARK: the RIB baseline

    private func loadBaseline(_ source: SourceInput, tap: (String) -> ByteTap?, onIssue: (DecodeIssue) -> Void) {
        var baseline: UInt32 = 0
        for file in source.ribFiles {
            let stream = RecordStream(path: file, tap: tap(file))
            let entriesBefore = summary.ribEntries
            // RIB entries name their peer by index: resolve each index to its session once.
            var sessionOfPeer: [SessionState?] = []
            var isRouteServerPeer: [Bool] = []
            while let (header, record) = stream.next(onIssue: onIssue) {
                if let until, header.timestamp > until {
                    summary.recordsAfterCutoff += 1
                    continue
                }
                switch record {
                case let .rib(rib):
                    baseline = max(baseline, header.timestamp)
                    loadRIB(rib, sessions: sessionOfPeer, routeServerPeers: isRouteServerPeer, time: header.timestamp)
                    handOverIfFull()
                case let .peerIndexTable(table):
                    // Sessions without routes are sessions too. BIRD's dummy peer 0 and the
                    // route server's own entry (OpenBGPD) are not (RouteServerClients).
                    sessionOfPeer = table.peers.map { peer in
                        guard peer.asn.rawValue != 0 else { return nil }
                        guard self.clients.isClient(source: source.label, address: peer.address, asn: peer.asn) else {
                            self.summary.notClientRecords += 1
                            return nil
                        }
                        let session = self.session(SessionID(source: source.label, peerAddress: peer.address, peerASN: peer.asn), partial: false)
                        if peer.bgpID != 0 { session.bgpID = peer.bgpID }
                        return session
                    }
                    // An entry set aside above that is not BIRD's dummy peer is a route server's own.
                    isRouteServerPeer = zip(table.peers, sessionOfPeer).map { peer, session in peer.asn.rawValue != 0 && session == nil }
                case let .tableDump(route):
                    baseline = max(baseline, header.timestamp)
                    guard clients.isClient(source: source.label, address: route.peerAddress, asn: route.peerASN) else {
                        summary.notClientRecords += 1
                        continue
                    }
                    let session = self.session(SessionID(source: source.label, peerAddress: route.peerAddress, peerASN: route.peerASN), partial: false)
                    // A BGP4MP_ENTRY's next hop is in its own field, not in the attributes.
                    if route.entry == nil {
                        changes.ribEntry(session, RouteKey(prefix: route.prefix), at: header.timestamp, firstSeen: route.originatedTime,
                                         attributes: route.attributes)
                    } else {
                        changes.ribEntry(session, RouteKey(prefix: route.prefix), at: header.timestamp, firstSeen: route.originatedTime) {
                            route.pathAttributes.appendCompact(to: &$0)
                        }
                    }
                    summary.ribEntries += 1
                    handOverIfFull()
                case .message, .stateChange:
                    summary.recordsInTheWrongKindOfFile += 1
                case .unsupported:
                    break
                }
            }
            summary.decode.merge(stream.summary)
            summary.files[file, default: FileReadout()].decode.merge(stream.summary)
            summary.files[file, default: FileReadout()].ribEntries += summary.ribEntries - entriesBefore
        }
        summary.baselines[source.label] = baseline
        summary.start = min(summary.start ?? baseline, baseline)
    }

    private func loadRIB(_ record: RIBRecord, sessions: [SessionState?], routeServerPeers: [Bool], time: UInt32) {
        // By position, not `for entry in`: an entry is hundreds of bytes, and a large RIB dump
        // has millions of them.
        record.entries.withUnsafeBufferPointer { entries in
            for index in entries.indices {
                let peer = Int(entries[index].peerIndex)
                guard let session = sessions[peer] else {
                    if routeServerPeers[peer] { summary.notClientRecords += 1 }
                    continue
                }
                changes.ribEntry(session, RouteKey(prefix: record.prefix, pathID: entries[index].pathID), at: time,
                                 firstSeen: entries[index].originatedTime, attributes: entries[index].attributes)
                summary.ribEntries += 1
            }
        }
    }

    // MARK: updates

    /// The source of an update file and what follows from it for each of its records.
    private struct UpdateOrigin {
        var source: String
        /// The source's place among the sources read: how `UpdatePeers` tells sources apart.
        var sourceNumber: Int
        var partial: Bool
        var baseline: UInt32?
        var isRouteServerSource: Bool
    }

    private func apply(_ record: MRTRecord, header: RecordHeader, origin: UpdateOrigin, peers: inout UpdatePeers) {
        let source = origin.source, partial = origin.partial
        let time = header.timestamp
        if let until, time > until {
            summary.recordsAfterCutoff += 1
            return
        }
        if let baseline = origin.baseline, time < baseline {
            if case .message = record { summary.updatesBeforeBaseline += 1 }
            return
        }
        switch record {
        case let .message(message):
            // The OPEN gives the peer's BGP identifier. It is recorded before AS4 is negotiated
            // (a 4-byte peer shows as AS23456, docs/route-server-semantics.md, "What BIRD writes as MRT"), so it only names a session the
            // data already has, never a new one.
            if case let .open(_, _, _, bgpID) = message.message, !message.isLocal, bgpID != 0 {
                let candidates = rib.sessions(source: source, asn: message.peerASN).filter { $0.id.peerAddress == message.peerAddress }
                    + (message.peerASN == ASN.trans ? rib.sessionsByAddress(source: source, address: message.peerAddress) : [])
                candidates.first?.bgpID = bgpID
                return
            }
            guard case let .update(update) = message.message else { return }
            if message.isLocal {
                summary.localMessagesIgnored += 1
                return
            }
            let session: SessionState
            if let known = peers.session(source: origin.sourceNumber, address: message.peerAddress, asn: message.peerASN) {
                session = known
            } else {
                guard clients.isClient(isRouteServerSource: origin.isRouteServerSource, address: message.peerAddress, asn: message.peerASN) else {
                    summary.notClientRecords += 1
                    return
                }
                session = self.session(SessionID(source: source, peerAddress: message.peerAddress, peerASN: message.peerASN), partial: partial)
                peers.remember(session, source: origin.sourceNumber, address: message.peerAddress, asn: message.peerASN)
            }
            applyUpdate(update, session: session, at: time)
        case let .stateChange(change):
            applyStateChange(change, source: source, partial: partial, at: time)
        case .rib, .tableDump, .peerIndexTable:
            summary.recordsInTheWrongKindOfFile += 1
            return
        case .unsupported:
            return
        }
        summary.start = min(summary.start ?? time, time)
        summary.end = max(summary.end ?? time, time)
    }

    private func applyUpdate(_ update: UpdateMessage, session: SessionState, at time: UInt32) {
        summary.updateMessages += 1
        let reach = update.attributes.mpReach?.nlri
        let prefixes = update.announced.count + (reach?.count ?? 0)
        changes.update(session, at: time, prefixes: prefixes, attributes: update.attributes)
        // RFC 4271 section 4.3 / RFC 4760: withdrawals first, then announcements. The two
        // lists of each kind are taken one after the other, without building a list of lists
        // (millions of UPDATEs a night).
        for nlri in update.withdrawn { changes.withdraw(RouteKey(prefix: nlri.prefix, pathID: nlri.pathID)) }
        if let unreach = update.attributes.mpUnreach?.nlri {
            for nlri in unreach { changes.withdraw(RouteKey(prefix: nlri.prefix, pathID: nlri.pathID)) }
        }
        guard prefixes > 0 else { return }
        for nlri in update.announced { changes.announce(RouteKey(prefix: nlri.prefix, pathID: nlri.pathID)) }
        if let reach {
            for nlri in reach { changes.announce(RouteKey(prefix: nlri.prefix, pathID: nlri.pathID)) }
        }
    }

    /// The session, created on first sight; a new one is handed over with the next changes.
    private func session(_ id: SessionID, partial: Bool) -> SessionState {
        let session = rib.session(id, partial: partial)
        if session.ordinal == introduced {
            changes.introduce(session)
            introduced += 1
        }
        return session
    }

    /// Hands the changes read so far over once a batch is full.
    private func handOverIfFull() {
        guard changes.isFull, let pipe else { return }
        pipe.send(&changes)
    }

    /// A session leaving Established drops its routes. Which side of the record is the member
    /// depends on the route server (`StateChangeSides`): BIRD writes the member as the peer,
    /// OpenBGPD writes itself as the peer and the member as the local side. BIRD writes the
    /// record of a dropped session with the peer address 0.0.0.0 or :: (docs/route-server-semantics.md,
    /// "What BIRD writes as MRT"): then the session is found by source and peer ASN, preferring
    /// the address family of that zero address.
    private func applyStateChange(_ change: StateChange, source: String, partial: Bool, at time: UInt32) {
        guard let member = StateChangeSides(change, source: source, clients: clients).member else {
            summary.notClientRecords += 1
            return
        }
        let targets: [SessionState]
        if member.asn.rawValue == 0 {
            // OpenBGPD writes the member's ASN as 0 until the member's OPEN arrives: the change
            // belongs to a session of that address the data already has, if any.
            targets = rib.sessionsByAddress(source: source, address: member.address)
            if targets.isEmpty && change.oldState == .established { summary.unmatchedStateChanges += 1 }
        } else if member.address.isUnspecified {
            let candidates = rib.sessions(source: source, asn: member.asn)
            let sameFamily = candidates.filter { $0.id.peerAddress.family == member.address.family }
            let established = (sameFamily.isEmpty ? candidates : sameFamily).filter { $0.isEstablished != false }
            if established.count == 1 {
                targets = established
            } else {
                if change.oldState == .established { summary.unmatchedStateChanges += 1 }
                return
            }
        } else {
            targets = [session(SessionID(source: source, peerAddress: member.address, peerASN: member.asn), partial: partial)]
        }
        for session in targets {
            let wasEstablished = change.oldState == .established || session.lastState == .established
            if wasEstablished && change.newState != .established {
                changes.reset(session, at: time)
            }
            session.lastState = change.newState
        }
    }
}
