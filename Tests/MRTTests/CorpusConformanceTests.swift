import Foundation
import MRT
import XCTest

/// `dump` must reproduce the reference decoder's `-m` lines byte for byte on every file of
/// the real corpus (the corpus README: upstream bgpdump's regression outputs).
final class CorpusConformanceTests: XCTestCase {
    func testEveryCorpusFileMatchesTheReferenceDecoderByteForByte() throws {
        let files = try Corpus.mrtFiles()
        XCTAssertEqual(files.count, 12, "the corpus README lists 12 files")
        let expectedDir = try Corpus.require().appendingPathComponent("bgpdump-m")
        for file in files {
            var produced: [UInt8] = []
            var summary = DecodeSummary()
            let writer = BgpdumpLineWriter()
            decodeRecords(of: file.path, summary: &summary) { header, record in
                writer.write(record, header: header, to: &produced)
            }
            let expected = try Corpus.uncompressed(expectedDir.appendingPathComponent(file.lastPathComponent + ".txt.gz"))
            XCTAssert(summary.stops.isEmpty, "\(file.lastPathComponent): \(summary.stops)")
            XCTAssertEqual(summary.recordsMalformed, 0, "\(file.lastPathComponent): \(summary.report)")
            if produced != expected {
                XCTFail("\(file.lastPathComponent): " + firstDifference(produced, expected))
            }
        }
    }

    private func firstDifference(_ a: [UInt8], _ b: [UInt8]) -> String {
        let left = String(decoding: a, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let right = String(decoding: b, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        for (i, (x, y)) in zip(left, right).enumerated() where x != y {
            return "line \(i + 1) differs:\n  ours:      \(x)\n  reference: \(y)"
        }
        return "ours has \(left.count) lines, the reference \(right.count)"
    }
}
