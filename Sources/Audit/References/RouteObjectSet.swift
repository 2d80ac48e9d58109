import BGP

/// IRR route and route6 objects (RPSL, RFC 2622 section 4): which origin AS registered which
/// prefix. Read from RPSL text, as IRR databases dump it: objects separated by blank lines,
/// `attribute: value` lines, continuation lines (starting with a space, a tab or `+`) and
/// comment lines (`#`, `%`) ignored, `#` comments after a value dropped. Only `route:` and
/// `route6:` objects with their `origin:` are kept; other object classes are skipped.
public struct RouteObjectSet: Sendable {
    /// A route object: the prefix and the AS registered to originate it.
    public struct RouteObject: Hashable, Sendable, CustomStringConvertible {
        public var prefix: Prefix
        public var origin: ASN

        public init(prefix: Prefix, origin: ASN) {
            self.prefix = prefix
            self.origin = origin
        }

        /// `route: 193.0.0.0/21 origin: AS3333`.
        public var description: String { "\(prefix.family == .ipv4 ? "route" : "route6"): \(prefix) origin: AS\(origin)" }
    }

    /// Each prefix's slot (trivially copied values: the lookup runs for every route of a day).
    private var slots = PrefixTrie<Int32>()
    /// The same slots by exact prefix: one hash probe instead of a walk down the trie.
    private var exact = ExactPrefixTable()
    /// Each slot's first registration in `registrations`, whose `next` chains the others of
    /// that prefix by ascending origin, each once: one flat array instead of an array per
    /// prefix, so that reading 768k route objects allocates nothing per prefix.
    private var firstRegistration: [Int32] = []
    private var registrations: [Registration] = []
    public private(set) var count = 0

    /// An origin registered for a slot's prefix; `next` is the index of the prefix's next
    /// origin (a larger ASN), -1 for its last.
    private struct Registration {
        var origin: ASN
        var next: Int32
    }

    public init(_ objects: [RouteObject] = []) {
        slots.reserveCapacity(objects.count)
        exact.reserveCapacity(objects.count)
        firstRegistration.reserveCapacity(objects.count)
        registrations.reserveCapacity(objects.count)
        for object in objects { insert(object) }
    }

    public mutating func insert(_ object: RouteObject) {
        let added = Int32(registrations.count)
        if let slot = exact[object.prefix] {
            var previous: Int32 = -1
            var index = firstRegistration[Int(slot)]
            while index >= 0 && registrations[Int(index)].origin < object.origin {
                previous = index
                index = registrations[Int(index)].next
            }
            if index >= 0 && registrations[Int(index)].origin == object.origin { return }
            registrations.append(Registration(origin: object.origin, next: index))
            if previous < 0 { firstRegistration[Int(slot)] = added } else { registrations[Int(previous)].next = added }
        } else {
            let slot = Int32(firstRegistration.count)
            slots.insert(object.prefix, slot)
            exact.insert(object.prefix, slot: slot)
            firstRegistration.append(added)
            registrations.append(Registration(origin: object.origin, next: -1))
        }
        count += 1
    }

    /// Calls `body` with each origin registered for `slot`, ascending, until it returns true.
    private func forEachOrigin(of slot: Int32, _ body: (ASN) -> Bool) {
        var index = firstRegistration[Int(slot)]
        while index >= 0 {
            let registration = registrations[Int(index)]
            if body(registration.origin) { return }
            index = registration.next
        }
    }

    private func isRegistered(_ origin: ASN, in slot: Int32) -> Bool {
        var found = false
        forEachOrigin(of: slot) { registered in
            found = registered == origin
            return registered >= origin
        }
        return found
    }

    /// Reads an RPSL file (plain, gzip or bzip2).
    public static func load(path: String) throws(ReferenceFileError) -> RouteObjectSet {
        try RouteObjectSet(bytes: ReferenceText.bytes(path: path), file: path)
    }

    /// A file from which no route object can be read is malformed, with its first line that
    /// is not a comment: junk, or a file of other object classes, never "nothing registered".
    public init(bytes: [UInt8], file: String) throws(ReferenceFileError) {
        self.init(try RPSLReader(bytes: bytes, file: file).routeObjects())
    }

    /// The origins registered for exactly `prefix`.
    public func origins(exactly prefix: Prefix) -> [ASN] {
        guard let slot = exact[prefix] else { return [] }
        var found: [ASN] = []
        forEachOrigin(of: slot) { found.append($0); return false }
        return found
    }

    /// Every object for `prefix` or a prefix covering it, least specific first.
    public func covering(_ prefix: Prefix) -> [RouteObject] {
        var found: [RouteObject] = []
        slots.forEachMatch(covering: prefix) { covering, slot in
            forEachOrigin(of: slot) { found.append(RouteObject(prefix: covering, origin: $0)); return false }
        }
        return found
    }

    /// Whether a route object registers `origin` for `prefix`: exactly that prefix, or with
    /// `acceptingMoreSpecifics` also a covering one.
    public func isRegistered(_ prefix: Prefix, origin: ASN, acceptingMoreSpecifics: Bool = false) -> Bool {
        guard acceptingMoreSpecifics else {
            guard let slot = exact[prefix] else { return false }
            return isRegistered(origin, in: slot)
        }
        var found = false
        slots.forEachMatch(covering: prefix) { _, slot in
            if !found && isRegistered(origin, in: slot) { found = true }
        }
        return found
    }
}
