import BGP
import MRT

/// What reading MRT records asks of the Adj-RIB-In, in the order read: the decoding half of a
/// reconstruction writes these, the applying half (`RouteChangeApplier`) carries them out. The
/// two halves can then run on two cores for one route server (`RouteChangePipe`).
///
/// Attribute sets travel in their compact form (`PathAttributes+Compact`), written straight
/// from the wire, or, when the applying half has a core of its own, as a copy of the wire
/// block and what writing its compact form needs (`CompactFields`): the applying half then
/// writes it, which shares the work of one route server more evenly between the two cores.
/// The applying half interns the sets, so the store of sets has one owner.
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

    /// An UPDATE that announces and a RIB entry each take the next of `sets`, in order.
    struct Change {
        var kind: Kind
        var session: Int32
        var time: UInt32
        /// `.ribEntry`: the RIB's originated time; `.update`: the prefixes it announces.
        var detail: UInt32
        var key: RouteKey
    }

    /// An attribute set as handed over.
    struct AttributeSet {
        /// Where its bytes are in `attributeBytes`: its compact form, or with `fields` a copy of
        /// its wire block.
        var bytes: Range<Int32>
        /// What its compact form is written from, when the applying half writes it.
        var fields: CompactFields?
    }

    private(set) var changes: [Change] = []
    private(set) var sets: [AttributeSet] = []
    private(set) var attributeBytes: [UInt8] = []
    /// Sessions first seen since the last batch, in the order of their `ordinal`.
    private(set) var newSessions: [SessionState] = []
    /// Whether wire blocks are handed over for the applying half to write in compact form.
    let leavesCompactFormsToApplier: Bool

    init(leavingCompactFormsToApplier: Bool = false) {
        leavesCompactFormsToApplier = leavingCompactFormsToApplier
        changes.reserveCapacity(Self.capacity)
    }

    /// Changes a batch holds before it is handed over.
    static let capacity = 2048

    var isFull: Bool { changes.count >= Self.capacity }
    var isEmpty: Bool { changes.isEmpty && newSessions.isEmpty }

    /// An empty batch of the same kind, keeping the memory of this one's lists.
    mutating func empty() {
        changes.removeAll(keepingCapacity: true)
        sets.removeAll(keepingCapacity: true)
        attributeBytes.removeAll(keepingCapacity: true)
        newSessions.removeAll(keepingCapacity: true)
    }

    mutating func introduce(_ session: SessionState) { newSessions.append(session) }

    /// An UPDATE of `session` announcing `prefixes` prefixes with the attributes `wire` (not
    /// kept when it announces none).
    mutating func update(_ session: SessionState, at time: UInt32, prefixes: Int, attributes wire: WireAttributes) {
        if prefixes > 0 { add(wire) }
        changes.append(Change(kind: .update, session: session.ordinal, time: time, detail: UInt32(clamping: prefixes), key: Self.noKey))
    }

    mutating func withdraw(_ key: RouteKey) {
        changes.append(Change(kind: .withdraw, session: 0, time: 0, detail: 0, key: key))
    }

    mutating func announce(_ key: RouteKey) {
        changes.append(Change(kind: .announce, session: 0, time: 0, detail: 0, key: key))
    }

    /// A RIB entry with the attributes `wire`.
    mutating func ribEntry(_ session: SessionState, _ key: RouteKey, at time: UInt32, firstSeen: UInt32, attributes wire: WireAttributes) {
        add(wire)
        changes.append(Change(kind: .ribEntry, session: session.ordinal, time: time, detail: firstSeen, key: key))
    }

    /// A RIB entry whose attributes `write` puts in compact form (a record that keeps some of
    /// them outside its attribute block).
    mutating func ribEntry(_ session: SessionState, _ key: RouteKey, at time: UInt32, firstSeen: UInt32,
                           compactForm write: (inout [UInt8]) -> Void) {
        let start = Int32(attributeBytes.count)
        write(&attributeBytes)
        sets.append(AttributeSet(bytes: start..<Int32(attributeBytes.count), fields: nil))
        changes.append(Change(kind: .ribEntry, session: session.ordinal, time: time, detail: firstSeen, key: key))
    }

    mutating func reset(_ session: SessionState, at time: UInt32) {
        changes.append(Change(kind: .reset, session: session.ordinal, time: time, detail: 0, key: Self.noKey))
    }

    private mutating func add(_ wire: WireAttributes) {
        let start = Int32(attributeBytes.count)
        if leavesCompactFormsToApplier, let fields = wire.compactFields {
            attributeBytes.append(contentsOf: wire.block)
            sets.append(AttributeSet(bytes: start..<Int32(attributeBytes.count), fields: fields))
        } else {
            wire.appendCompactForm(to: &attributeBytes)
            sets.append(AttributeSet(bytes: start..<Int32(attributeBytes.count), fields: nil))
        }
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
    /// The compact forms of the batch's sets that the reading half left to this one.
    private var written: [UInt8] = []
    /// Where each of the batch's sets is in `written`, or in the batch's bytes.
    private var ranges: [Range<Int32>] = []
    /// The batch's sets' compact bytes and hashes (`AttributeSets.hash(compact:)`), in order.
    private var compactSets: [UnsafeRawBufferPointer] = []
    private var hashes: [UInt64] = []
    /// The next of the batch's sets to intern.
    private var nextSet = 0
    /// How far the look-ups have been announced (`announce`): the next change, the session
    /// of its UPDATE, the next set.
    private var ahead = (change: 0, session: Unmanaged<SessionState>?.none, set: 0)

    /// Changes announced ahead of the one applied: enough for their cache misses to arrive in
    /// the meantime, few enough that what they bring stays in the cache.
    private static let distance = 16

    init(rib: AdjRIBIn) {
        self.rib = rib
        interner = rib.attributes
    }

    func apply(_ batch: RouteChanges) {
        sessions.append(contentsOf: batch.newSessions.map { Unmanaged.passUnretained($0) })
        nextSet = 0
        ahead = (0, session, 0)
        writeCompactForms(batch)
        // Every set's bytes and hash before the changes: the look-ahead asks for a set's index
        // slot by its hash `distance` changes before interning it.
        batch.attributeBytes.withUnsafeBytes { given in
            written.withUnsafeBytes { written in
                compactSets.removeAll(keepingCapacity: true)
                hashes.removeAll(keepingCapacity: true)
                for (set, range) in zip(batch.sets, ranges) {
                    let bytes = Self.slice(set.fields == nil ? given : written, range)
                    compactSets.append(bytes)
                    hashes.append(AttributeSets.hash(compact: bytes))
                }
                batch.changes.withUnsafeBufferPointer { changes in
                    var next = 0
                    while next < changes.count { next = apply(changes, at: next) }
                }
            }
        }
    }

    /// Writes the compact forms the reading half left to this one into `written`, and where
    /// each of the batch's sets is into `ranges`.
    private func writeCompactForms(_ batch: RouteChanges) {
        written.removeAll(keepingCapacity: true)
        ranges.removeAll(keepingCapacity: true)
        batch.attributeBytes.withUnsafeBytes { given in
            for set in batch.sets {
                guard let fields = set.fields else {
                    ranges.append(set.bytes)
                    continue
                }
                let start = Int32(written.count)
                fields.appendCompact(block: Self.slice(given, set.bytes), to: &written)
                ranges.append(start..<Int32(written.count))
            }
        }
    }

    /// Applies the change at `index`, and after an UPDATE its withdrawals and announcements;
    /// returns the index of the next change.
    private func apply(_ changes: UnsafeBufferPointer<RouteChanges.Change>, at index: Int) -> Int {
        announce(changes, from: index)
        let change = changes[index]
        switch change.kind {
        case .update:
            let held = sessions[Int(change.session)]
            session = held
            time = change.time
            if change.detail > 0 { attributes = internNext() }
            return held._withUnsafeGuaranteedRef { session in
                session.updates += 1
                session.firstUpdate = min(session.firstUpdate ?? time, time)
                session.lastUpdate = max(session.lastUpdate ?? time, time)
                if change.detail > 0 { session.updateAttributes.note(attributes, prefixes: change.detail) }
                return applyPrefixes(changes, from: index + 1, of: session)
            }
        case .withdraw, .announce:
            // The rest of an UPDATE begun in the batch before.
            guard let session else { return index + 1 }
            return session._withUnsafeGuaranteedRef { applyPrefixes(changes, from: index, of: $0) }
        case .ribEntry:
            let id = internNext()
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
    private func applyPrefixes(_ changes: UnsafeBufferPointer<RouteChanges.Change>, from start: Int, of session: SessionState) -> Int {
        var index = start
        while index < changes.count {
            announce(changes, from: index)
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

    /// The id of the batch's next attribute set (an UPDATE that announces, or a RIB entry).
    private func internNext() -> Int32 {
        defer { nextSet += 1 }
        return interner.intern(compact: compactSets[nextSet], hash: hashes[nextSet])
    }

    /// Asks for the index slots the changes up to `distance` after `index` will look up:
    /// their attribute set's and their route's. Millions of sets and routes are a cache miss
    /// per look-up; announced this far ahead, the misses of consecutive changes overlap instead
    /// of following each other.
    private func announce(_ changes: UnsafeBufferPointer<RouteChanges.Change>, from index: Int) {
        let end = min(index + Self.distance, changes.count)
        while ahead.change < end {
            let change = changes[ahead.change]
            switch change.kind {
            case .update:
                ahead.session = sessions[Int(change.session)]
                if change.detail > 0 {
                    interner.prefetch(hash: hashes[ahead.set])
                    ahead.set += 1
                }
            case .withdraw, .announce:
                ahead.session?._withUnsafeGuaranteedRef { $0.routes.prefetch(change.key) }
            case .ribEntry:
                interner.prefetch(hash: hashes[ahead.set])
                ahead.set += 1
                sessions[Int(change.session)]._withUnsafeGuaranteedRef { $0.routes.prefetch(change.key) }
            case .reset:
                break
            }
            ahead.change += 1
        }
    }

    private static func slice(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int32>) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[Int(range.lowerBound)..<Int(range.upperBound)])
    }
}
