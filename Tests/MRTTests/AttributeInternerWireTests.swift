import BGP
import MRT
import XCTest

/// The compact form written straight from the wire is the one a `PathAttributes` writes, for
/// every attribute block of the corpus and of the real speakers' fixtures, also when written
/// from a copy of the block (`CompactFields`), and interning either way gives the same id.
final class AttributeInternerWireTests: XCTestCase {
    func testTheWirePathWritesWhatTheValueWrites() throws {
        let directory = try Corpus.require().appendingPathComponent("mrt")
        var files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".gz") }.sorted()
            .map { directory.appendingPathComponent($0) }
        for speaker in ["openbgpd", "frr", "gobgp", "bird"] {
            let speakerDirectory = SpeakerFixtures.directory.appendingPathComponent(speaker)
            files += try FileManager.default.contentsOfDirectory(atPath: speakerDirectory.path).filter { $0.hasSuffix(".mrt") }.sorted()
                .map { speakerDirectory.appendingPathComponent($0) }
        }
        XCTAssertGreaterThan(files.count, 9)
        var written = 0, declined = 0
        for file in files {
            let interner = AttributeInterner()
            var summary = DecodeSummary()
            func check(_ wire: WireAttributes) {
                let value = PathAttributes(wire)
                var fromWire: [UInt8] = []
                if wire.appendCompact(to: &fromWire) {
                    written += 1
                    var fromValue: [UInt8] = []
                    value.appendCompact(to: &fromValue)
                    if fromWire != fromValue { XCTFail("\(file.lastPathComponent): \(value) written \(fromWire) from the wire, \(fromValue) from the value") }
                    // The same from a copy of the block elsewhere, after the record's buffer
                    // (how the applying half of a reconstruction writes it).
                    guard let fields = wire.compactFields else { return XCTFail("compactFields nil where appendCompact wrote") }
                    let copy = [UInt8](repeating: 0xEE, count: 3) + [UInt8](wire.block)
                    var fromCopy: [UInt8] = [0x55]
                    copy.withUnsafeBytes { fields.appendCompact(block: UnsafeRawBufferPointer(rebasing: $0[3...]), to: &fromCopy) }
                    if fromCopy.dropFirst() != fromWire[...] { XCTFail("\(file.lastPathComponent): \(value) written from a copy of its block as \(fromCopy)") }
                } else {
                    XCTAssertNil(wire.compactFields, "no fields where appendCompact declined")
                    declined += 1
                    XCTAssertTrue(fromWire.isEmpty, "a declined block writes nothing")
                }
                // Every hundredth block: both ways to the store meet at one id, which reads back the value.
                if (written + declined) % 100 == 0 {
                    let id = interner.intern(wire)
                    XCTAssertEqual(interner.intern(value), id)
                    XCTAssertEqual(interner[id], value)
                }
            }
            decodeRecords(of: file.path, summary: &summary) { _, record in
                switch record {
                case let .tableDump(route): check(route.attributes)
                case let .rib(rib): for entry in rib.entries { check(entry.attributes) }
                case let .message(message):
                    if case let .update(update) = message.message { check(update.attributes) }
                default: break
                }
            }
        }
        // The corpus has 2-byte sessions with AS4_PATH and sets with aggregators: those are
        // left to the value, but the common set is written from the wire.
        XCTAssertGreaterThan(declined, 0)
        XCTAssertGreaterThan(written, declined)
    }
}
