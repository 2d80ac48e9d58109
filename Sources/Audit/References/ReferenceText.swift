import BGP
import MRT

/// The text of a reference file, read whole: plain, gzip or bzip2 (detected from the first
/// bytes, as for MRT files; CAIDA ships its relationship files as .bz2).
enum ReferenceText {
    static func bytes(path: String) throws(ReferenceFileError) -> [UInt8] {
        do {
            return try MRTInput.readAll(path: path)
        } catch {
            throw .unreadable(file: path, reason: "\(error)")
        }
    }

    /// Calls `body` with each line (without its line break, a trailing CR removed) and its
    /// number counted from 1.
    static func forEachLine(_ bytes: [UInt8], _ body: (_ line: Substring, _ number: Int) throws(ReferenceFileError) -> Void)
        throws(ReferenceFileError) {
        try forEachLineRange(bytes) { (range, number) throws(ReferenceFileError) in
            try body(Substring(String(decoding: bytes[range], as: UTF8.self)), number)
        }
    }

    /// The same lines as positions in `bytes`, for readers that make no string of a line.
    static func forEachLineRange(_ bytes: [UInt8], _ body: (_ line: Range<Int>, _ number: Int) throws(ReferenceFileError) -> Void)
        throws(ReferenceFileError) {
        var number = 0
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
            number += 1
            var stop = end
            if stop > start && bytes[stop - 1] == UInt8(ascii: "\r") { stop -= 1 }
            try body(start..<stop, number)
            start = end + 1
        }
    }

    /// An ASN as reference files write it: `13335`, `AS13335` or `as13335`, spaces around it
    /// allowed; AS0 too, which ROAs use to say that a prefix must not be routed.
    static func asn<S: StringProtocol>(_ text: S) -> ASN? {
        try? ASN(parsing: trimmed(text), allowingAS0: true)
    }

    /// The same ASN read from ASCII bytes without making a string: `AS` in any case, then
    /// plain decimal digits that fit 32 bits, spaces and tabs around them allowed.
    static func asn(ascii text: ArraySlice<UInt8>) -> ASN? {
        var text = text
        while let first = text.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") { text = text.dropFirst() }
        while let last = text.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { text = text.dropLast() }
        if text.count >= 2, text[text.startIndex] | 0x20 == UInt8(ascii: "a"), text[text.startIndex + 1] | 0x20 == UInt8(ascii: "s") {
            text = text.dropFirst(2)
        }
        guard !text.isEmpty else { return nil }
        var value: UInt64 = 0
        for byte in text {
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + UInt64(byte - UInt8(ascii: "0"))
            guard value <= UInt64(UInt32.max) else { return nil }
        }
        return ASN(UInt32(value))
    }

    /// The text without leading and trailing spaces and tabs.
    static func trimmed<S: StringProtocol>(_ text: S) -> Substring {
        let s = Substring(text)
        guard let first = s.firstIndex(where: { $0 != " " && $0 != "\t" }),
              let last = s.lastIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
        return s[first...last]
    }
}
