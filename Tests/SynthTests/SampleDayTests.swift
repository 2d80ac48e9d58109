import Foundation
import MRT
import Synth
import XCTest

/// The default day does not change: the command in data/sample/README.md writes the shipped
/// sample day again, file for file (the compressed files compared by their content, so that
/// another zlib does not matter).
final class SampleDayTests: XCTestCase {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    func testTheReadmeCommandWritesTheShippedSampleDay() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ixaudit-sample-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let options = SynthOptions(seed: 1, members: 40, routes: 8000, updateInterval: 900, flowSamples: 30_000)
        let report = try SyntheticDay.generate(options, into: directory)
        let sample = Self.packageRoot + "/data/sample"
        XCTAssertEqual(report.files.count, 201)
        for file in report.files {
            let written = try Self.content(directory + "/" + file.path)
            let shipped = try Self.content(sample + "/" + file.path)
            XCTAssertTrue(written == shipped, "\(file.path) differs from data/sample")
        }
    }

    /// A file's bytes, decompressed when it is gzip or bzip2.
    static func content(_ path: String) throws -> [UInt8] {
        let input = try MRTInput(path: path)
        var bytes: [UInt8] = []
        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 8)
        defer { block.deallocate() }
        while true {
            let n = try input.read(into: block)
            if n == 0 { break }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: block[0..<n]))
        }
        return bytes
    }
}
