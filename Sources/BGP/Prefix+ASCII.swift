extension Prefix {
    /// A prefix written in ASCII bytes, as a reference file holds it: the same reading as
    /// `init?(String)`, without making a string for the forms files write (`a.b.c.d/n` and
    /// IPv6 hex groups with at most one `::`, RFC 4291 section 2.2); any other form is read
    /// as the string it spells.
    public init?(ascii text: ArraySlice<UInt8>) {
        if let prefix = Prefix.ipv4(text) ?? Prefix.ipv6(text) {
            self = prefix
        } else {
            self.init(String(decoding: text, as: UTF8.self))
        }
    }

    /// `hex:groups::hex/n`, nil for anything else (an IPv4 tail, a stray colon): those are
    /// left to the general reading, which accepts or refuses them.
    private static func ipv6(_ text: ArraySlice<UInt8>) -> Prefix? {
        guard let slash = text.firstIndex(of: UInt8(ascii: "/")), let length = decimal(text[(slash + 1)...], digits: 3),
              length <= 128 else { return nil }
        let address = text[..<slash]
        var head = address[...], tail: ArraySlice<UInt8>?
        if let double = doubleColon(in: address) {
            head = address[..<double]
            tail = address[(double + 2)...]
        }
        guard let (headValue, headGroups) = groups(head) else { return nil }
        var value = headValue
        if let tail {
            guard let (tailValue, tailGroups) = groups(tail), headGroups + tailGroups <= 7 else { return nil }
            value = (headGroups == 0 ? 0 : headValue << (16 * (8 - headGroups))) | tailValue
        } else {
            guard headGroups == 8 else { return nil }
        }
        return Prefix(address: IPAddress(ipv6High: UInt64(truncatingIfNeeded: value >> 64), low: UInt64(truncatingIfNeeded: value)),
                      length: length)
    }

    /// Where the one `::` starts; nil without one, and for a second (left to the general reading).
    private static func doubleColon(in text: ArraySlice<UInt8>) -> Int? {
        var index = text.startIndex
        var found: Int?
        while index + 1 < text.endIndex {
            if text[index] == UInt8(ascii: ":") && text[index + 1] == UInt8(ascii: ":") {
                guard found == nil else { return nil }
                found = index
                index += 2
            } else {
                index += 1
            }
        }
        return found
    }

    /// Colon-separated groups of one to four hex digits, as one number, and how many; nothing
    /// reads as no group. Nil for an empty group or any other byte.
    private static func groups(_ text: ArraySlice<UInt8>) -> (UInt128, Int)? {
        guard !text.isEmpty else { return (0, 0) }
        var value: UInt128 = 0, group: UInt128 = 0, count = 0, digits = 0
        for byte in text {
            if byte == UInt8(ascii: ":") {
                guard digits > 0, count < 7 else { return nil }
                value = value << 16 | group
                count += 1
                group = 0
                digits = 0
                continue
            }
            let lower = byte | 0x20
            let digit: UInt8
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                digit = byte - UInt8(ascii: "0")
            } else if lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "f") {
                digit = lower - UInt8(ascii: "a") + 10
            } else {
                return nil
            }
            digits += 1
            guard digits <= 4 else { return nil }
            group = group << 4 | UInt128(digit)
        }
        guard digits > 0 else { return nil }
        return (value << 16 | group, count + 1)
    }

    /// Plain decimal digits, at most `digits` of them; nil for anything else.
    private static func decimal(_ text: ArraySlice<UInt8>, digits: Int) -> Int? {
        guard !text.isEmpty, text.count <= digits else { return nil }
        var value = 0
        for byte in text {
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }
}
