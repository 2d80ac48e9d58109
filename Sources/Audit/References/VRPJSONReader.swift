import BGP

/// Reads the `roas` list of an rpki-client or Routinator JSON export straight from the bytes
/// (RFC 8259 syntax), making only the VRPs: a general JSON parser would first build an object
/// per entry, gigabytes for the 1.5 million ROAs of today's global RPKI. Other members of
/// the top object (`metadata`) and other fields of an entry (`expires`, `source`) are skipped
/// whatever their shape.
struct VRPJSONReader {
    private let bytes: [UInt8]
    private let file: String
    private var position = 0

    init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
    }

    mutating func vrps() throws(ReferenceFileError) -> [ROASet.VRP] {
        var found: [ROASet.VRP]?
        try expect(UInt8(ascii: "{"))
        try members { (reader: inout VRPJSONReader, key: Key) throws(ReferenceFileError) in
            if key == .roas { found = try reader.roaList() } else { try reader.skipValue() }
        }
        guard let found else { throw .malformedJSON(file: file, reason: "no \"roas\" list at the top level") }
        return found
    }

    // MARK: the entries

    private mutating func roaList() throws(ReferenceFileError) -> [ROASet.VRP] {
        var out: [ROASet.VRP] = []
        try expect(UInt8(ascii: "["))
        skipSpace()
        if peek() == UInt8(ascii: "]") { position += 1; return out }
        while true {
            out.append(try roa(index: out.count))
            skipSpace()
            let next = try take()
            if next == UInt8(ascii: "]") { return out }
            guard next == UInt8(ascii: ",") else { throw syntax("',' or ']' after roas[\(out.count - 1)]") }
        }
    }

    /// A string or a number as it stands in the bytes; a string with escapes decoded.
    private enum Scalar {
        case text(Range<Int>)
        case unescaped(String)
        case number(Range<Int>)
        case other
    }

    /// The member names the reader looks for, told from their bytes.
    private enum Key {
        case roas, asn, prefix, maxLength, trustAnchor, other

        init(_ name: some Collection<UInt8>) {
            func spells(_ word: StaticString) -> Bool {
                word.withUTF8Buffer { name.elementsEqual($0) }
            }
            self = spells("asn") ? .asn : spells("prefix") ? .prefix : spells("maxLength") ? .maxLength
                : spells("ta") ? .trustAnchor : spells("roas") ? .roas : .other
        }
    }

    private mutating func roa(index: Int) throws(ReferenceFileError) -> ROASet.VRP {
        skipSpace()
        guard peek() == UInt8(ascii: "{") else { throw .malformedEntry(file: file, index: index, expected: "not an object") }
        position += 1
        var asnField: Scalar?, prefixField: Scalar?, maxLengthField: Scalar?, anchorField: Scalar?
        try members { (reader: inout VRPJSONReader, key: Key) throws(ReferenceFileError) in
            switch key {
            case .asn: asnField = try reader.scalar()
            case .prefix: prefixField = try reader.scalar()
            case .maxLength: maxLengthField = try reader.scalar()
            case .trustAnchor: anchorField = try reader.scalar()
            case .roas, .other: try reader.skipValue()
            }
        }
        let asn: ASN?
        switch asnField {
        case let .number(range)?, let .text(range)?: asn = ReferenceText.asn(ascii: bytes[range])
        case let .unescaped(text)?: asn = ReferenceText.asn(text)
        default: asn = nil
        }
        guard let asn else {
            throw .malformedEntry(file: file, index: index, expected: "\"asn\" must be a number or \"AS<number>\"")
        }
        let prefix: Prefix?
        switch prefixField {
        case let .text(range)?: prefix = Prefix(ascii: bytes[range])
        case let .unescaped(text)?: prefix = Prefix(text)
        default: prefix = nil
        }
        guard let prefix else {
            throw .malformedEntry(file: file, index: index, expected: "\"prefix\" must be an IPv4 or IPv6 prefix like \"1.1.1.0/24\"")
        }
        let maxLength: Int
        switch maxLengthField {
        case let .number(range)?: maxLength = Self.integer(bytes[range]) ?? -1
        case nil: maxLength = Int(prefix.length)
        default: maxLength = -1
        }
        guard Int(prefix.length)...prefix.family.maxPrefixLength ~= maxLength else {
            throw .malformedEntry(file: file, index: index,
                                  expected: "\"maxLength\" must be a number from \(prefix.length) to \(prefix.family.maxPrefixLength)")
        }
        var anchor = ""
        switch anchorField {
        case let .text(range)?: anchor = String(decoding: bytes[range], as: UTF8.self)
        case let .unescaped(text)?: anchor = text
        default: break
        }
        return ROASet.VRP(asn: asn, prefix: prefix, maxLength: maxLength, trustAnchor: anchor)
    }

    // MARK: JSON syntax

    /// The members of an object whose `{` was read, up to and including its `}`.
    private mutating func members(_ body: (inout VRPJSONReader, Key) throws(ReferenceFileError) -> Void) throws(ReferenceFileError) {
        skipSpace()
        if peek() == UInt8(ascii: "}") { position += 1; return }
        while true {
            skipSpace()
            guard peek() == UInt8(ascii: "\"") else { throw syntax("a member name in quotes") }
            let key: Key
            switch try stringValue() {
            case let .text(range): key = Key(bytes[range])
            case let .unescaped(text): key = Key(text.utf8)
            case .number, .other: key = .other
            }
            try expect(UInt8(ascii: ":"))
            try body(&self, key)
            skipSpace()
            let next = try take()
            if next == UInt8(ascii: "}") { return }
            guard next == UInt8(ascii: ",") else { throw syntax("',' or '}'") }
        }
    }

    private mutating func scalar() throws(ReferenceFileError) -> Scalar {
        skipSpace()
        switch peek() ?? 0 {
        case UInt8(ascii: "\""): return try stringValue()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(number())
        default:
            try skipValue()
            return .other
        }
    }

    private mutating func skipValue() throws(ReferenceFileError) {
        skipSpace()
        guard let first = peek() else { throw syntax("a value") }
        switch first {
        case UInt8(ascii: "\""):
            _ = try stringValue()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            repeat {
                skipSpace()
                guard let c = peek() else { throw syntax("the end of a nested value") }
                switch c {
                case UInt8(ascii: "\""): _ = try stringValue(); continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
                default: break
                }
                position += 1
            } while depth > 0
        default:
            let start = position
            while let c = peek(), !Self.isDelimiter(c) { position += 1 }
            guard position > start else { throw syntax("a value") }
        }
    }

    /// A string from its opening quote, with the escapes of RFC 8259 section 7: where it
    /// stands in the bytes when it has none (the keys and prefixes of a global VRP export,
    /// millions, are then read without a string made of each), else decoded.
    private mutating func stringValue() throws(ReferenceFileError) -> Scalar {
        position += 1
        var end = position
        while end < bytes.count && bytes[end] != UInt8(ascii: "\"") && bytes[end] != UInt8(ascii: "\\") { end += 1 }
        if end < bytes.count && bytes[end] == UInt8(ascii: "\"") {
            defer { position = end + 1 }
            return .text(position..<end)
        }
        return .unescaped(try escapedString())
    }

    /// The rest of a string that holds an escape, decoded.
    private mutating func escapedString() throws(ReferenceFileError) -> String {
        var out: [UInt8] = []
        while true {
            guard position < bytes.count else { throw syntax("the end of a string") }
            let c = bytes[position]
            position += 1
            if c == UInt8(ascii: "\"") { return String(decoding: out, as: UTF8.self) }
            guard c == UInt8(ascii: "\\") else { out.append(c); continue }
            let escaped = try take()
            switch escaped {
            case UInt8(ascii: "n"): out.append(10)
            case UInt8(ascii: "t"): out.append(9)
            case UInt8(ascii: "r"): out.append(13)
            case UInt8(ascii: "b"): out.append(8)
            case UInt8(ascii: "f"): out.append(12)
            case UInt8(ascii: "u"):
                guard position + 4 <= bytes.count,
                      let value = UInt32(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16) else {
                    throw syntax("four hex digits after \\u")
                }
                position += 4
                out.append(contentsOf: Array(String(Unicode.Scalar(value).map(Character.init) ?? "\u{FFFD}").utf8))
            default: out.append(escaped)
            }
        }
    }

    private mutating func number() -> Range<Int> {
        let start = position
        while let c = peek(), !Self.isDelimiter(c) { position += 1 }
        return start..<position
    }

    /// A JSON integer as `Int(String)` reads it (an optional minus, decimal digits); nil for
    /// a fraction, an exponent or a number too large.
    private static func integer(_ text: ArraySlice<UInt8>) -> Int? {
        var digits = text[...]
        let negative = digits.first == UInt8(ascii: "-")
        if negative { digits = digits.dropFirst() }
        guard !digits.isEmpty else { return nil }
        var value = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
            let (times, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowAgain) = times.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
            guard !overflow, !overflowAgain else { return nil }
            value = sum
        }
        return negative ? -value : value
    }

    private static func isDelimiter(_ c: UInt8) -> Bool {
        c == UInt8(ascii: ",") || c == UInt8(ascii: "}") || c == UInt8(ascii: "]") || c == 32 || c == 9 || c == 10 || c == 13
    }

    private mutating func expect(_ byte: UInt8) throws(ReferenceFileError) {
        skipSpace()
        guard peek() == byte else { throw syntax("'\(Character(Unicode.Scalar(byte)))'") }
        position += 1
    }

    private mutating func take() throws(ReferenceFileError) -> UInt8 {
        guard position < bytes.count else { throw syntax("more") }
        position += 1
        return bytes[position - 1]
    }

    private func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipSpace() {
        while position < bytes.count, bytes[position] == 32 || bytes[position] == 9 || bytes[position] == 10 || bytes[position] == 13 {
            position += 1
        }
    }

    private func syntax(_ expected: String) -> ReferenceFileError {
        .malformedJSON(file: file, reason: "not valid JSON at byte \(position): expected \(expected)")
    }
}
