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

    /// Each prefix's slot in `origins` (trivially copied values: the lookup runs for every
    /// route of a day); the origins of a slot sorted, each once.
    private var slots = PrefixTrie<Int32>()
    /// The same slots by exact prefix: one hash probe instead of a walk down the trie.
    private var exact = ExactPrefixTable()
    private var origins: [[ASN]] = []
    public private(set) var count = 0

    public init(_ objects: [RouteObject] = []) {
        for object in objects { insert(object) }
    }

    public mutating func insert(_ object: RouteObject) {
        if let slot = exact[object.prefix] {
            guard !origins[Int(slot)].contains(object.origin) else { return }
            origins[Int(slot)].append(object.origin)
            origins[Int(slot)].sort()
        } else {
            slots.insert(object.prefix, Int32(origins.count))
            exact.insert(object.prefix, slot: Int32(origins.count))
            origins.append([object.origin])
        }
        count += 1
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
    public func origins(exactly prefix: Prefix) -> [ASN] { exact[prefix].map { origins[Int($0)] } ?? [] }

    /// Every object for `prefix` or a prefix covering it, least specific first.
    public func covering(_ prefix: Prefix) -> [RouteObject] {
        slots.matches(covering: prefix).flatMap { match in origins[Int(match.value)].map { RouteObject(prefix: match.prefix, origin: $0) } }
    }

    /// Whether a route object registers `origin` for `prefix`: exactly that prefix, or with
    /// `acceptingMoreSpecifics` also a covering one.
    public func isRegistered(_ prefix: Prefix, origin: ASN, acceptingMoreSpecifics: Bool = false) -> Bool {
        guard acceptingMoreSpecifics else {
            guard let slot = exact[prefix] else { return false }
            return origins[Int(slot)].contains(origin)
        }
        var found = false
        slots.forEachMatch(covering: prefix) { _, slot in
            if !found && origins[Int(slot)].contains(origin) { found = true }
        }
        return found
    }
}
