import BGP

/// AS_PATH or AS4_PATH bytes (RFC 4271 section 4.3; RFC 6793 section 3), validated once:
/// segments of type 1-4, each a type octet, a count octet and `count` ASNs of `asnSize` bytes.
public struct WireASPath {
    public let bytes: UnsafeRawBufferPointer
    public let asnSize: Int

    static let empty = WireASPath(unchecked: UnsafeRawBufferPointer(start: nil, count: 0), asnSize: 4)

    init(unchecked bytes: UnsafeRawBufferPointer, asnSize: Int) {
        self.bytes = bytes; self.asnSize = asnSize
    }

    /// The path, or the problem when the bytes are not a well-formed path.
    static func validated(_ bytes: UnsafeRawBufferPointer, asnSize: Int) -> Result<WireASPath, DecodeError> {
        var position = 0
        while position < bytes.count {
            guard position + 2 <= bytes.count else {
                return .failure(DecodeError("segment header", "cut short", at: position))
            }
            let type = bytes[position]
            guard (1...4).contains(type) else {
                return .failure(DecodeError("segment", "unknown segment type \(type)", at: position))
            }
            let end = position + 2 + Int(bytes[position + 1]) * asnSize
            guard end <= bytes.count else {
                return .failure(DecodeError("segment", "\(bytes[position + 1]) ASNs do not fit in the remaining \(bytes.count - position - 2) bytes", at: position))
            }
            position = end
        }
        return .success(WireASPath(unchecked: bytes, asnSize: asnSize))
    }

    /// Calls `body` with each segment's type and its ASNs' bytes.
    public func forEachSegment(_ body: (UInt8, Int, UnsafeRawBufferPointer) -> Void) {
        var position = 0
        while position + 2 <= bytes.count {
            let type = bytes[position]
            let count = Int(bytes[position + 1])
            let end = position + 2 + count * asnSize
            body(type, count, UnsafeRawBufferPointer(rebasing: bytes[(position + 2)..<end]))
            position = end
        }
    }

    public func asn(in segment: UnsafeRawBufferPointer, at index: Int) -> UInt32 {
        asnSize == 2 ? UInt32(segment.uint16(at: index * 2)) : segment.uint32(at: index * 4)
    }

    /// Owned copy.
    public var asPath: ASPath {
        var segments: [ASPath.Segment] = []
        forEachSegment { type, count, asns in
            segments.append(ASPath.Segment(ASPath.SegmentType(rawValue: type)!, (0..<count).map { ASN(asn(in: asns, at: $0)) }))
        }
        return ASPath(segments)
    }

    /// Writes the path in the reference decoder's notation.
    public func append<S: ByteSink>(to out: inout S) {
        var writer = ASPathText.Writer()
        var stopped = false
        forEachSegment { type, count, asns in
            if stopped { return }
            writer.beginSegment(type: type, into: &out)
            for i in 0..<count where !stopped {
                stopped = !writer.appendASN(asn(in: asns, at: i), into: &out)
            }
        }
        if !stopped { writer.finish(into: &out) }
    }
}

extension Result where Failure == DecodeError {
    func orThrow(at offset: Int, field: String) throws(DecodeError) -> Success {
        switch self {
        case let .success(value): return value
        case let .failure(error): throw error.shifted(by: offset, within: field)
        }
    }
}
