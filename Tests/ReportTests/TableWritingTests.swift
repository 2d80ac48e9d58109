import Foundation
@testable import Report
import XCTest

/// A table started on a thread of its own (the report's route table, begun as the
/// reconstruction ends) is the same file a writer on the caller's thread makes, and a table
/// that cannot be written says why when it is waited for.
final class TableWritingTests: XCTestCase {
    func testATableWrittenAsideIsTheSameFile() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let rows = { (table: inout CSVWriter) in
            for n in 0..<50_000 {
                table.number(n)
                table.text("route \(n), \"quoted\"")
                table.endRow()
            }
        }
        let aside = TableWriting("aside", header: ["n", "text"], in: directory, tables: LargeTables(compressed: false), rows: rows)
        var here = try LargeTables(compressed: false).writer("here", in: directory, header: ["n", "text"])
        rows(&here)
        try here.finish()
        XCTAssertEqual(try aside.finish(), "aside.csv")
        XCTAssertEqual(try aside.finish(), "aside.csv", "waiting again returns at once")
        let written = try Data(contentsOf: URL(fileURLWithPath: directory + "/aside.csv"))
        XCTAssertEqual(written, try Data(contentsOf: URL(fileURLWithPath: directory + "/here.csv")))
        XCTAssertEqual(written.split(separator: 10).count, 50_001, "the header and 50,000 rows")
        XCTAssertEqual(String(decoding: written.suffix(33), as: UTF8.self), "49999,\"route 49999, \"\"quoted\"\"\"\r\n")
    }

    func testATableThatCannotBeWrittenFailsWhenWaitedFor() throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-\(UUID().uuidString)").path
        let aside = TableWriting("routes", header: ["n"], in: missing, tables: LargeTables()) { table in
            table.number(1)
            table.endRow()
        }
        XCTAssertThrowsError(try aside.finish()) { error in
            XCTAssertTrue("\(error)".contains(missing), "the error names the file: \(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: missing))
    }

    static func directory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("aside-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
