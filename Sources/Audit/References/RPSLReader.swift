import BGP

/// Reads the route and route6 objects of an RPSL text (RFC 2622 section 2) straight from the
/// bytes: an IRR dump has millions of lines, and making a string of each took seconds of a
/// night. Objects are separated by blank lines; `attribute: value` lines; continuation lines
/// (starting with a space, a tab or `+`) and comment lines (`#`, `%`) are ignored, and so are
/// `#` comments after a value; attribute names are case-insensitive. Only a route object's
/// prefix and first `origin:` are read; other classes are skipped.
struct RPSLReader {
    private let bytes: [UInt8]
    private let file: String

    init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
    }

    /// Every route object, in file order. A file from which none can be read is malformed,
    /// with its first line that is not a comment.
    func routeObjects() throws(ReferenceFileError) -> [RouteObjectSet.RouteObject] {
        var objects: [RouteObjectSet.RouteObject] = []
        var current = Object()
        var firstContent: (line: Int, range: Range<Int>)?
        try ReferenceText.forEachLineRange(bytes) { (line, number) throws(ReferenceFileError) in
            if trimmed(line).isEmpty {
                if let object = try routeObject(current) { objects.append(object) }
                current = Object()
                return
            }
            switch bytes[line.lowerBound] {
            case UInt8(ascii: "#"), UInt8(ascii: "%"), UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "+"): return
            default: break
            }
            if firstContent == nil { firstContent = (number, line) }
            guard let colon = line.first(where: { bytes[$0] == UInt8(ascii: ":") }) else {
                // A route object's lines must be attributes; other classes are not our business.
                if current.isRoute {
                    throw .malformedLine(file: file, line: number, text: text(line), expected: "an RPSL attribute line \"name: value\"")
                }
                return
            }
            let name = Name(bytes, line.lowerBound..<colon)
            if current.isRoute && name.isRouteClass {
                throw .malformedLine(file: file, line: number, text: text(line),
                                     expected: "a new object after a blank line (RPSL objects are separated by blank lines, RFC 2622 section 2)")
            }
            var value = colon + 1..<line.upperBound
            if let hash = value.first(where: { bytes[$0] == UInt8(ascii: "#") }) { value = value.lowerBound..<hash }
            current.add(name: name, value: trimmed(value), line: number)
        }
        if let object = try routeObject(current) { objects.append(object) }
        if objects.isEmpty, let firstContent {
            throw .malformedLine(file: file, line: firstContent.line, text: text(firstContent.range),
                                 expected: "the start of an RPSL route: or route6: object (no route object could be read from the file)")
        }
        return objects
    }

    /// The route object, nil for another class; throws when a route object is incomplete or
    /// its prefix or origin cannot be read.
    private func routeObject(_ object: Object) throws(ReferenceFileError) -> RouteObjectSet.RouteObject? {
        guard let family = object.family, let key = object.key else { return nil }
        let className = family == .ipv4 ? "route" : "route6"
        guard let prefix = Prefix(ascii: bytes[key.value]), prefix.family == family else {
            throw .malformedLine(file: file, line: key.line, text: "\(className): \(text(key.value))",
                                 expected: "a \(className) object with an \(family == .ipv4 ? "IPv4" : "IPv6") prefix")
        }
        guard let origin = object.origin else {
            throw .malformedLine(file: file, line: key.line, text: "\(className): \(text(key.value))",
                                 expected: "a complete \(className) object: its \"origin:\" line is missing")
        }
        guard let asn = ReferenceText.asn(ascii: bytes[origin.value]) else {
            throw .malformedLine(file: file, line: origin.line, text: "origin: \(text(origin.value))",
                                 expected: "an origin like \"AS3333\"")
        }
        return RouteObjectSet.RouteObject(prefix: prefix, origin: asn)
    }

    private func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

    /// The range without leading and trailing spaces and tabs.
    private func trimmed(_ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper && (bytes[lower] == UInt8(ascii: " ") || bytes[lower] == UInt8(ascii: "\t")) { lower += 1 }
        while upper > lower && (bytes[upper - 1] == UInt8(ascii: " ") || bytes[upper - 1] == UInt8(ascii: "\t")) { upper -= 1 }
        return lower..<upper
    }

    /// The attribute names a route object needs, compared without case.
    private enum Name {
        case route, route6, origin, other

        init(_ bytes: [UInt8], _ range: Range<Int>) {
            func spells(_ word: StaticString) -> Bool {
                guard range.count == word.utf8CodeUnitCount else { return false }
                return word.withUTF8Buffer { letters in
                    zip(range, letters).allSatisfy { index, letter in
                        let byte = bytes[index]
                        return (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte) == letter
                    }
                }
            }
            if spells("route") {
                self = .route
            } else if spells("route6") {
                self = .route6
            } else if spells("origin") {
                self = .origin
            } else {
                self = .other
            }
        }

        var isRouteClass: Bool { self == .route || self == .route6 }
    }

    /// The attributes of one object being read, as far as a route object needs them.
    private struct Object {
        /// Whether the object's class (its first attribute) is known yet, and whether it is a route.
        var hasClass = false
        var family: AddressFamily?
        var key: (value: Range<Int>, line: Int)?
        var origin: (value: Range<Int>, line: Int)?

        var isRoute: Bool { family != nil }

        mutating func add(name: Name, value: Range<Int>, line: Int) {
            if !hasClass {
                hasClass = true
                family = name == .route ? .ipv4 : name == .route6 ? .ipv6 : nil
                key = (value, line)
            } else if name == .origin, origin == nil {
                origin = (value, line)
            }
        }
    }
}
