import BGP

/// What reading MRT records asks of the Adj-RIB-In, in the order read: the decoding half of a
/// reconstruction writes these, the applying half (`RouteChangeApplier`) carries them out. The
/// two halves can then run on two cores for one route server (`RouteChangePipe`).
///
/// Attribute sets travel in their compact form (`PathAttributes+Compact`), written straight
/// from the wire; the applying half interns them, so the store of sets has one owner.
struct RouteChanges {
    enum Kind: UInt8 {
        /// An UPDATE: its withdrawals and announcements follow.
        case update
        case withdraw
        /// A prefix of the last UPDATE, with that UPDATE's attributes.
        case announce
        /// A route of a RIB dump, with attributes of its own.
        case ribEntry
        /// The session left Established.
        case reset
    }

    struct Change {
        var kind: Kind
        var session: Int32
        var time: UInt32
        /// `.ribEntry`: the RIB's originated time; `.update`: the prefixes it announces.
        var detail: UInt32
        var key: RouteKey
        /// Where the compact attribute set is in `attributeBytes` (`.update` and `.ribEntry`).
        var attributes: Range<Int32>
    }

    private(set) var changes: [Change] = []
    private(set) var attributeBytes: [UInt8] = []
    /// The hash of each attribute set in `attributeBytes`, in order (`AttributeSets.hash(compact:)`):
    /// taken here, where the bytes were just written, and what lets the applying half ask for
    /// a set's index slot before it needs it.
    private(set) var attributeHashes: [UInt64] = []
    /// Sessions first seen since the last batch, in the order of their `ordinal`.
    private(set) var newSessions: [SessionState] = []

    init() {
        changes.reserveCapacity(Self.capacity)
    }

    /// Changes a batch holds before it is handed over.
    static let capacity = 4096

    var isFull: Bool { changes.count >= Self.capacity }
    var isEmpty: Bool { changes.isEmpty && newSessions.isEmpty }

    mutating func introduce(_ session: SessionState) { newSessions.append(session) }

    /// An UPDATE of `session` announcing `prefixes` prefixes with the attributes `write` puts
    /// in compact form (nothing is written when it announces none).
    mutating func update(_ session: SessionState, at time: UInt32, prefixes: Int, attributes write: (inout [UInt8]) -> Void) {
        let range = prefixes > 0 ? attributes(write) : 0..<0
        changes.append(Change(kind: .update, session: session.ordinal, time: time, detail: UInt32(clamping: prefixes),
                              key: Self.noKey, attributes: range))
    }

    mutating func withdraw(_ key: RouteKey) {
        changes.append(Change(kind: .withdraw, session: 0, time: 0, detail: 0, key: key, attributes: 0..<0))
    }

    mutating func announce(_ key: RouteKey) {
        changes.append(Change(kind: .announce, session: 0, time: 0, detail: 0, key: key, attributes: 0..<0))
    }

    mutating func ribEntry(_ session: SessionState, _ key: RouteKey, at time: UInt32, firstSeen: UInt32,
                           attributes write: (inout [UInt8]) -> Void) {
        changes.append(Change(kind: .ribEntry, session: session.ordinal, time: time, detail: firstSeen, key: key,
                              attributes: attributes(write)))
    }

    mutating func reset(_ session: SessionState, at time: UInt32) {
        changes.append(Change(kind: .reset, session: session.ordinal, time: time, detail: 0, key: Self.noKey, attributes: 0..<0))
    }

    private mutating func attributes(_ write: (inout [UInt8]) -> Void) -> Range<Int32> {
        let start = attributeBytes.count
        write(&attributeBytes)
        attributeHashes.append(attributeBytes.withUnsafeBytes { AttributeSets.hash(compact: UnsafeRawBufferPointer(rebasing: $0[start...])) })
        return Int32(start)..<Int32(attributeBytes.count)
    }

    private static let noKey = RouteKey(prefix: Prefix(address: IPAddress(ipv4: 0), length: 0))
}

/// Carries out `RouteChanges` on a RIB, batch after batch, in order. It alone changes the
/// routes, the counters of the sessions and the store of attribute sets while a reconstruction
/// reads; the reading half keeps the sessions' identity (BGP identifier, last FSM state).
///
/// A class, and the sessions held unretained: millions of changes a night each name a session,
/// and counting references to it would cost the applying thread a tenth of its time. The RIB
/// holds every session it made for as long as the RIB lives.
final class RouteChangeApplier {
    let rib: AdjRIBIn
    private let interner: AttributeInterner
    private var sessions: [Unmanaged<SessionState>] = []
    /// The session of the UPDATE whose withdrawals and announcements are being applied.
    private var session: Unmanaged<SessionState>?
    private var time: UInt32 = 0
    private var attributes: Int32 = 0
    /// The next of the batch's attribute hashes to intern with.
    private var nextHash = 0
    /// How far the look-ups have been announced (`announce`): the next change, the session
    /// of its UPDATE, the next attribute hash.
    private var ahead = (change: 0, session: Unmanaged<SessionState>?.none, hash: 0)

    /// Changes announced ahead of the one applied: enough for their cache misses to arrive in
    /// the meantime, few enough that what they bring stays in the cache.
    private static let distance = 16

    init(rib: AdjRIBIn) {
        self.rib = rib
        interner = rib.attributes
    }

    func apply(_ batch: RouteChanges) {
        sessions.append(contentsOf: batch.newSessions.map { Unmanaged.passUnretained($0) })
        nextHash = 0
        ahead = (0, session, 0)
        batch.attributeBytes.withUnsafeBytes { bytes in
            batch.changes.withUnsafeBufferPointer { changes in
                batch.attributeHashes.withUnsafeBufferPointer { hashes in
                    var next = 0
                    while next < changes.count { next = apply(changes, at: next, bytes: bytes, hashes: hashes) }
                }
            }
        }
    }

    /// Applies the change at `index`, and after an UPDATE its withdrawals and announcements;
    /// returns the index of the next change.
    private func apply(_ changes: UnsafeBufferPointer<RouteChanges.Change>, at index: Int, bytes: UnsafeRawBufferPointer,
                       hashes: UnsafeBufferPointer<UInt64>) -> Int {
        announce(changes, hashes: hashes, from: index)
        let change = changes[index]
        switch change.kind {
        case .update:
            let held = sessions[Int(change.session)]
            session = held
            time = change.time
            if change.detail > 0 { attributes = intern(change, bytes: bytes, hashes: hashes) }
            return held._withUnsafeGuaranteedRef { session in
                session.updates += 1
                session.firstUpdate = min(session.firstUpdate ?? time, time)
                session.lastUpdate = max(session.lastUpdate ?? time, time)
                if change.detail > 0 { Self.add(change.detail, to: &session.updateAttributes[attributes, default: 0]) }
                return applyPrefixes(changes, from: index + 1, of: session, hashes: hashes)
            }
        case .withdraw, .announce:
            // The rest of an UPDATE begun in the batch before.
            guard let session else { return index + 1 }
            return session._withUnsafeGuaranteedRef { applyPrefixes(changes, from: index, of: $0, hashes: hashes) }
        case .ribEntry:
            let id = intern(change, bytes: bytes, hashes: hashes)
            sessions[Int(change.session)]._withUnsafeGuaranteedRef { session in
                rib.announce(session, change.key, attributes: id, at: change.time, firstSeen: change.detail)
            }
        case .reset:
            sessions[Int(change.session)]._withUnsafeGuaranteedRef { rib.reset($0, at: change.time) }
        }
        return index + 1
    }

    /// The withdrawals and announcements of the UPDATE at hand, from `start` on, with its
    /// session held here rather than looked up per prefix; returns the index after them.
    private func applyPrefixes(_ changes: UnsafeBufferPointer<RouteChanges.Change>, from start: Int, of session: SessionState,
                               hashes: UnsafeBufferPointer<UInt64>) -> Int {
        var index = start
        while index < changes.count {
            announce(changes, hashes: hashes, from: index)
            let change = changes[index]
            switch change.kind {
            case .withdraw:
                session.withdrawals += 1
                if !rib.withdraw(session, change.key, at: time) { session.unknownWithdrawals += 1 }
            case .announce:
                session.announcements += 1
                rib.announce(session, change.key, attributes: attributes, at: time)
            case .update, .ribEntry, .reset:
                return index
            }
            index += 1
        }
        return index
    }

    /// The id of the attribute set of `change` (an UPDATE that announces, or a RIB entry).
    private func intern(_ change: RouteChanges.Change, bytes: UnsafeRawBufferPointer, hashes: UnsafeBufferPointer<UInt64>) -> Int32 {
        defer { nextHash += 1 }
        return interner.intern(compact: Self.slice(bytes, change.attributes), hash: hashes[nextHash])
    }

    /// Asks for the index slots the changes up to `distance` after `index` will look up:
    /// their attribute set's and their route's. Millions of sets and routes are a cache miss
    /// per look-up; announced this far ahead, the misses of consecutive changes overlap instead
    /// of following each other.
    private func announce(_ changes: UnsafeBufferPointer<RouteChanges.Change>, hashes: UnsafeBufferPointer<UInt64>, from index: Int) {
        let end = min(index + Self.distance, changes.count)
        while ahead.change < end {
            let change = changes[ahead.change]
            switch change.kind {
            case .update:
                ahead.session = sessions[Int(change.session)]
                if change.detail > 0 {
                    interner.prefetch(hash: hashes[ahead.hash])
                    ahead.hash += 1
                }
            case .withdraw, .announce:
                ahead.session?._withUnsafeGuaranteedRef { $0.routes.prefetch(change.key) }
            case .ribEntry:
                interner.prefetch(hash: hashes[ahead.hash])
                ahead.hash += 1
                sessions[Int(change.session)]._withUnsafeGuaranteedRef { $0.routes.prefetch(change.key) }
            case .reset:
                break
            }
            ahead.change += 1
        }
    }

    /// A count that stops at its maximum; added in place, so the dictionary is looked up once.
    private static func add(_ amount: UInt32, to count: inout UInt32) {
        count = count > .max - amount ? .max : count + amount
    }

    private static func slice(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int32>) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[Int(range.lowerBound)..<Int(range.upperBound)])
    }
}
