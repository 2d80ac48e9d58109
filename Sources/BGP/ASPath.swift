/// An AS_PATH (RFC 4271 section 4.3, type 2) as its segments.
public struct ASPath: Hashable, Sendable, CustomStringConvertible {
    public enum SegmentType: UInt8, Hashable, Sendable {
        case set = 1
        case sequence = 2
        /// RFC 5065 confederation segments.
        case confedSequence = 3
        case confedSet = 4
    }

    public struct Segment: Hashable, Sendable {
        public var type: SegmentType
        public var asns: [ASN]
        public init(_ type: SegmentType, _ asns: [ASN]) { self.type = type; self.asns = asns }
    }

    public var segments: [Segment]
    public init(_ segments: [Segment] = []) { self.segments = segments }
    public init(sequence: [UInt32]) { self.segments = [Segment(.sequence, sequence.map { ASN($0) })] }

    /// Path length as the decision process counts it (RFC 4271 9.1.2.2: a set counts one;
    /// RFC 5065 section 5.3: confederation segments do not count).
    public var length: Int {
        segments.reduce(0) { total, segment in
            switch segment.type {
            case .sequence: return total + segment.asns.count
            case .set: return total + 1
            case .confedSequence, .confedSet: return total
            }
        }
    }

    /// The leftmost AS when the path begins with an AS_SEQUENCE: the neighbour that sent the
    /// route. Nil for an empty path or one that begins with a set or confederation segment.
    public var firstASN: ASN? {
        guard let first = segments.first, first.type == .sequence else { return nil }
        return first.asns.first
    }

    /// The rightmost AS of the final AS_SEQUENCE; nil when the path ends in a set.
    public var originASN: ASN? {
        guard let last = segments.last, last.type == .sequence else { return nil }
        return last.asns.last
    }

    public var containsSet: Bool { segments.contains { $0.type == .set || $0.type == .confedSet } }

    /// Every ASN anywhere in the path.
    public var allASNs: [ASN] { segments.flatMap(\.asns) }

    /// Text in the reference decoder's notation: sequences space-separated, `{a,b}` for a set,
    /// `(a b)` for a confederation sequence and `[a,b]` for a confederation set.
    public var description: String {
        var out: [UInt8] = []
        append(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Writes the path in the reference decoder's notation.
    public func append<S: ByteSink>(to out: inout S) {
        var writer = ASPathText.Writer()
        for segment in segments {
            writer.beginSegment(type: segment.type.rawValue, into: &out)
            for asn in segment.asns where !writer.appendASN(asn.rawValue, into: &out) { return }
        }
        writer.finish(into: &out)
    }
}

/// The AS path notation of the reference decoder, shared by `ASPath.description` and the
/// wire-level renderer.
public enum ASPathText {
    /// Longest text before the reference decoder cuts a path short with "...".
    public static let cutOff = 7900

    public static func delimiters(_ type: UInt8) -> (open: UInt8, close: UInt8)? {
        switch type {
        case 1: return (UInt8(ascii: "{"), UInt8(ascii: "}"))
        case 3: return (UInt8(ascii: "("), UInt8(ascii: ")"))
        case 4: return (UInt8(ascii: "["), UInt8(ascii: "]"))
        default: return nil
        }
    }

    /// Streams a path segment by segment so wire bytes can be rendered without building
    /// `ASPath` values first.
    public struct Writer {
        var previousType: UInt8 = 2
        var lastType: UInt8? = nil
        var needsSpace = false
        var written = 0
        public init() {}

        mutating func track<S: ByteSink>(_ byte: UInt8, _ out: inout S) { out.append(byte); written += 1 }

        public mutating func beginSegment<S: ByteSink>(type: UInt8, into out: inout S) {
            if previousType != 2, let d = ASPathText.delimiters(previousType) { track(d.close, &out) }
            if needsSpace { track(UInt8(ascii: " "), &out) }
            if type != 2, let d = ASPathText.delimiters(type) { track(d.open, &out) }
            needsSpace = false
            previousType = type
            lastType = type
        }

        /// Appends one ASN; false once the text has grown past the cut-off ("..." written).
        public mutating func appendASN<S: ByteSink>(_ asn: UInt32, into out: inout S) -> Bool {
            if needsSpace {
                track(previousType == 1 || previousType == 4 ? UInt8(ascii: ",") : UInt8(ascii: " "), &out)
            } else {
                needsSpace = true
            }
            written += Self.digitCount(asn)
            out.appendDecimal(asn)
            if written > ASPathText.cutOff {
                out.append(ascii: "...")
                lastType = nil
                return false
            }
            return true
        }

        public mutating func finish<S: ByteSink>(into out: inout S) {
            if let type = lastType, type != 2, let d = ASPathText.delimiters(type) { out.append(d.close) }
        }

        static func digitCount(_ v: UInt32) -> Int {
            var n = 1, x = v
            while x >= 10 { x /= 10; n += 1 }
            return n
        }
    }
}

extension ASPath {
    /// Reconstructs the path of a route learned over a two-octet session from AS_PATH (self)
    /// and AS4_PATH (RFC 6793 section 4.2.3): the leading ASNs of AS_PATH that AS4_PATH does
    /// not cover, then AS4_PATH. When AS4_PATH is the longer of the two it is ignored.
    /// Confederation segments are not counted (RFC 5065 section 5.3); those in the leading
    /// part are kept.
    public func merging(as4Path: ASPath) -> ASPath {
        let needed = length - as4Path.length
        guard needed >= 0 else { return self }
        var merged: [Segment] = []
        var taken = 0
        for segment in segments {
            // Leading confederation segments are kept even when AS4_PATH covers every ASN.
            if taken >= needed && segment.type != .confedSequence && segment.type != .confedSet { break }
            switch segment.type {
            case .confedSequence, .confedSet:
                merged.append(segment)
            case .set:
                merged.append(segment)
                taken += 1
            case .sequence:
                let count = min(segment.asns.count, needed - taken)
                merged.append(Segment(.sequence, Array(segment.asns.prefix(count))))
                taken += count
            }
        }
        // The leading ASNs are prepended to AS4_PATH: a sequence meeting a sequence is one segment.
        var rest = as4Path.segments
        if let last = merged.last, last.type == .sequence, let first = rest.first, first.type == .sequence {
            merged[merged.count - 1].asns += first.asns
            rest.removeFirst()
        }
        return ASPath(merged + rest)
    }
}
