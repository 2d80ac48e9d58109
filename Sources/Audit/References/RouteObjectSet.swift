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
    private var exact: [Prefix: Int32] = [:]
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
            exact[object.prefix] = Int32(origins.count)
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
        var objects: [RouteObject] = []
        var current = RPSLObject()
        var firstContent: (line: Int, text: String)?
        try ReferenceText.forEachLine(bytes) { (line, number) throws(ReferenceFileError) in
            if ReferenceText.trimmed(line).isEmpty {
                if let object = try current.routeObject(file: file) { objects.append(object) }
                current = RPSLObject()
                return
            }
            guard let first = line.first, first != "#", first != "%", first != " ", first != "\t", first != "+" else { return }
            if firstContent == nil { firstContent = (number, String(line)) }
            guard let colon = line.firstIndex(of: ":") else {
                // A route object's lines must be attributes; other classes are not our business.
                if current.isRoute {
                    throw .malformedLine(file: file, line: number, text: String(line), expected: "an RPSL attribute line \"name: value\"")
                }
                return
            }
            let name = line[..<colon].lowercased()
            if current.isRoute && (name == "route" || name == "route6") {
                throw .malformedLine(file: file, line: number, text: String(line),
                                     expected: "a new object after a blank line (RPSL objects are separated by blank lines, RFC 2622 section 2)")
            }
            var value = line[line.index(after: colon)...]
            if let hash = value.firstIndex(of: "#") { value = value[..<hash] }
            current.add(name: name, value: ReferenceText.trimmed(value), line: number)
        }
        if let object = try current.routeObject(file: file) { objects.append(object) }
        if objects.isEmpty, let firstContent {
            throw .malformedLine(file: file, line: firstContent.line, text: firstContent.text,
                                 expected: "the start of an RPSL route: or route6: object (no route object could be read from the file)")
        }
        self.init(objects)
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

/// The attributes of one RPSL object being read, as far as a route object needs them.
private struct RPSLObject {
    var className: String?
    var key: (value: Substring, line: Int)?
    var origin: (value: Substring, line: Int)?

    var isRoute: Bool { className == "route" || className == "route6" }

    mutating func add(name: String, value: Substring, line: Int) {
        if className == nil {
            className = name
            key = (value, line)
        } else if name == "origin", origin == nil {
            origin = (value, line)
        }
    }

    /// The route object, nil for another class; throws when a route object is incomplete or
    /// its prefix or origin cannot be read.
    func routeObject(file: String) throws(ReferenceFileError) -> RouteObjectSet.RouteObject? {
        guard isRoute, let className, let key else { return nil }
        let family: AddressFamily = className == "route" ? .ipv4 : .ipv6
        guard let prefix = Prefix(String(key.value)), prefix.family == family else {
            throw .malformedLine(file: file, line: key.line, text: "\(className): \(key.value)",
                                 expected: "a \(className) object with an \(family == .ipv4 ? "IPv4" : "IPv6") prefix")
        }
        guard let origin else {
            throw .malformedLine(file: file, line: key.line, text: "\(className): \(key.value)",
                                 expected: "a complete \(className) object: its \"origin:\" line is missing")
        }
        guard let asn = ReferenceText.asn(origin.value) else {
            throw .malformedLine(file: file, line: origin.line, text: "origin: \(origin.value)",
                                 expected: "an origin like \"AS3333\"")
        }
        return RouteObjectSet.RouteObject(prefix: prefix, origin: asn)
    }
}
