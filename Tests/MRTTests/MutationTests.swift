import BGP
import Foundation
import MRT
import XCTest

/// Deterministic mutations of real corpus data (truncations, flipped bytes, lengths that point
/// past the end, zero and huge lengths, corrupt compressed streams): the decoder must never
/// crash or hang, and every record read must be accounted for — decoded, or reported as
/// skipped with an offset inside the input.
final class MutationTests: XCTestCase {
    static let caseCount = 12_000

    func testTwelveThousandMutationsNeverCrashAndAccountForEveryRecord() throws {
        let windows = try Self.windows()
        XCTAssertFalse(windows.isEmpty)
        var random = SplitMix64(seed: 0x1DA0D17)
        var tally: [Mutation: Int] = [:]
        var malformedSeen = 0, stopsSeen = 0, recordsRead = 0
        for index in 0..<Self.caseCount {
            let window = windows[Int(random.next() % UInt64(windows.count))]
            let mutation = Mutation.allCases[Int(random.next() % UInt64(Mutation.allCases.count))]
            let bytes = mutation.apply(to: window, random: &random)
            tally[mutation, default: 0] += 1
            let result = try Self.decode(bytes)
            let s = result.summary
            recordsRead += s.recordsRead
            malformedSeen += s.recordsMalformed
            stopsSeen += s.stops.count
            guard s.recordsRead == s.recordsDecoded + s.recordsMalformed + s.recordsUnsupported else {
                return XCTFail("case \(index) (\(mutation)): \(s.recordsRead) read but \(s.recordsDecoded) decoded + "
                    + "\(s.recordsMalformed) malformed + \(s.recordsUnsupported) unsupported")
            }
            let treatedAsWithdrawn = s.treatAsWithdrawByAttribute.values.reduce(0, +)
            guard result.issues.count == s.recordsMalformed + s.recordsWithIncompleteNLRI + s.partlyMalformed + treatedAsWithdrawn else {
                return XCTFail("case \(index) (\(mutation)): \(result.issues.count) issues reported for "
                    + "\(s.recordsMalformed) malformed records, \(s.recordsWithIncompleteNLRI) cut-off NLRI, "
                    + "\(s.partlyMalformed) problems in kept records, \(treatedAsWithdrawn) treat-as-withdraw")
            }
            for issue in result.issues where issue.recordOffset < 0 || issue.recordOffset + 12 > result.uncompressedLength {
                return XCTFail("case \(index) (\(mutation)): issue offset \(issue.recordOffset) outside the "
                    + "\(result.uncompressedLength) bytes read: \(issue)")
            }
            XCTAssertLessThanOrEqual(s.stops.count, 1, "case \(index): one file stops at most once")
        }
        // The mutations must actually reach the error paths, or this test proves nothing.
        XCTAssertGreaterThan(malformedSeen, Self.caseCount / 10, "malformed records found: \(malformedSeen)")
        XCTAssertGreaterThan(stopsSeen, Self.caseCount / 10, "files stopped early: \(stopsSeen)")
        XCTAssertGreaterThan(recordsRead, Self.caseCount * 10)
        print("mutation test: \(Self.caseCount) cases, \(recordsRead) records read, \(malformedSeen) malformed, "
            + "\(stopsSeen) early stops; cases per mutation: "
            + tally.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
    }

    struct Outcome {
        var summary: DecodeSummary
        var issues: [DecodeIssue]
        var uncompressedLength: Int64
    }

    /// Decodes and renders every record both ways, as `ixaudit dump` would.
    static func decode(_ bytes: [UInt8]) throws -> Outcome {
        var summary = DecodeSummary()
        var issues: [DecodeIssue] = []
        var text: [UInt8] = []
        let lines = BgpdumpLineWriter(includeLargeCommunities: true)
        let json = JSONLineWriter()
        let input = try MRTInput(bytes: bytes)
        decodeRecords(of: input, summary: &summary, onIssue: { issues.append($0) }) { header, record in
            text.removeAll(keepingCapacity: true)
            lines.write(record, header: header, to: &text)
            json.write(record, header: header, to: &text)
            if case let .rib(rib) = record { for entry in rib.entries { _ = PathAttributes(entry.attributes) } }
        }
        return Outcome(summary: summary, issues: issues, uncompressedLength: input.uncompressedOffset)
    }

    /// Slices of the corpus, whole records each, up to 16 KiB: uncompressed (RIB dumps keep
    /// their PEER_INDEX_TABLE at the front), plus the raw gzip bytes of the small files.
    static func windows() throws -> [[UInt8]] {
        var result: [[UInt8]] = []
        for file in try Corpus.mrtFiles() {
            let data = try Corpus.uncompressed(file)
            var starts: [Int] = []
            var position = 0
            while position + 12 <= data.count {
                starts.append(position)
                let length = Int(data[position + 8]) << 24 | Int(data[position + 9]) << 16 | Int(data[position + 10]) << 8 | Int(data[position + 11])
                position += 12 + length
            }
            starts.append(min(position, data.count))
            // A window from the start, and a few from the middle of the file.
            for anchor in [0, starts.count / 3, starts.count / 2, 2 * starts.count / 3] where anchor < starts.count - 1 {
                var end = anchor
                while end + 1 < starts.count && starts[end + 1] - starts[anchor] <= 16_384 { end += 1 }
                if end == anchor { end = anchor + 1 }
                let prefix = anchor > 0 && file.lastPathComponent.hasPrefix("bview") ? Array(data[0..<starts[1]]) : []
                result.append(prefix + Array(data[starts[anchor]..<starts[end]]))
            }
            let raw = try [UInt8](Data(contentsOf: file))
            if raw.count <= 16_384 { result.append(raw) } else { result.append(Array(raw[0..<16_384])) }
        }
        return result
    }
}

enum Mutation: Int, CaseIterable, CustomStringConvertible {
    case truncate, flipBytes, zeroLength, hugeLength, lengthPastEnd, shortLength, clobberField, insertBytes, deleteRange

    var description: String {
        ["truncate", "flip", "zero-length", "huge-length", "length-past-end", "short-length", "clobber", "insert", "delete"][rawValue]
    }

    func apply(to original: [UInt8], random: inout SplitMix64) -> [UInt8] {
        var bytes = original
        guard !bytes.isEmpty else { return bytes }
        func anywhere() -> Int { Int(random.next() % UInt64(bytes.count)) }
        /// The offset of a record header, found by walking the framing from the start.
        func recordStart() -> Int {
            var starts: [Int] = []
            var p = 0
            while p + 12 <= bytes.count && starts.count < 4096 {
                starts.append(p)
                p += 12 + (Int(bytes[p + 8]) << 24 | Int(bytes[p + 9]) << 16 | Int(bytes[p + 10]) << 8 | Int(bytes[p + 11]))
            }
            return starts.isEmpty ? 0 : starts[Int(random.next() % UInt64(starts.count))]
        }
        func setLength(_ start: Int, _ value: UInt32) {
            guard start + 12 <= bytes.count else { return }
            for i in 0..<4 { bytes[start + 8 + i] = UInt8(truncatingIfNeeded: value >> (24 - 8 * UInt32(i))) }
        }
        func length(at start: Int) -> UInt32 {
            guard start + 12 <= bytes.count else { return 0 }
            return (0..<4).reduce(0) { $0 << 8 | UInt32(bytes[start + 8 + $1]) }
        }
        switch self {
        case .truncate:
            bytes.removeSubrange(anywhere()...)
        case .flipBytes:
            for _ in 0...(random.next() % 8) { bytes[anywhere()] ^= UInt8(truncatingIfNeeded: random.next() | 1) }
        case .zeroLength:
            setLength(recordStart(), 0)
        case .hugeLength:
            setLength(recordStart(), [UInt32.max, 0x7FFF_FFFF, 16 << 20 + 1, 1 << 24][Int(random.next() % 4)])
        case .lengthPastEnd:
            let start = recordStart()
            setLength(start, length(at: start) &+ UInt32(1 + random.next() % 5000))
        case .shortLength:
            let start = recordStart()
            let current = length(at: start)
            setLength(start, current - min(current, UInt32(1 + random.next() % 64)))
        case .clobberField:
            // Inside a record body: a length or count field set to 0x00 or 0xFF.
            let start = recordStart() + 12 + Int(random.next() % 96)
            let width = 1 + Int(random.next() % 2)
            let value: UInt8 = random.next() % 2 == 0 ? 0x00 : 0xFF
            for i in 0..<width where start + i < bytes.count { bytes[start + i] = value }
        case .insertBytes:
            let junk = (0..<(1 + random.next() % 32)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            bytes.insert(contentsOf: junk, at: anywhere())
        case .deleteRange:
            let from = anywhere()
            bytes.removeSubrange(from..<min(bytes.count, from + 1 + Int(random.next() % 64)))
        }
        return bytes
    }
}

/// A small deterministic generator (SplitMix64), so every run tests the same cases.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
