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

    /// The text without leading and trailing spaces and tabs.
    static func trimmed<S: StringProtocol>(_ text: S) -> Substring {
        let s = Substring(text)
        guard let first = s.firstIndex(where: { $0 != " " && $0 != "\t" }),
              let last = s.lastIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
        return s[first...last]
    }
}
