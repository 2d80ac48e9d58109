import BGP
import Foundation
@testable import Job
import XCTest

/// The YAML reader the job, policy and scenario formats share: shapes, nulls, field paths and
/// lines, and files that are not what they should be.
final class YAMLReaderTests: XCTestCase {
    func root(_ yaml: String) throws -> YAMLNode {
        try YAMLDocument.root(yaml: yaml, file: "t.yaml", expected: "a test document")
    }

    func at(_ line: Int?, _ field: String, file: String = "t.yaml") -> ConfigurationFileError.Location {
        ConfigurationFileError.Location(file: file, line: line, field: field)
    }

    /// The error `body` throws; nil when it throws none.
    func failure<T>(_ body: () throws -> T) -> ConfigurationFileError? {
        do {
            _ = try body()
            return nil
        } catch {
            return error as? ConfigurationFileError
        }
    }

    // MARK: - Shapes, paths and lines

    func testMappingEntriesKeepFileOrderAndNullsCountAsAbsent() throws {
        let top = try root("b: 1\na:\nc: ~\nd: null\n").mapping(allowed: ["a", "b", "c", "d", "e"], expected: "a mapping")
        XCTAssertEqual(top.entries.map(\.key), ["b", "a", "c", "d"])
        XCTAssertEqual(top["b"]?.text, "1")
        XCTAssertNil(top["a"])
        XCTAssertNil(top["c"])
        XCTAssertNil(top["d"])
        XCTAssertNil(top["e"])
        XCTAssertEqual(failure { try top.required("a", expected: "a letter") }, .missing(at(1, "a"), expected: "a letter"),
                       "a missing field is reported at the line of the mapping that lacks it")
        XCTAssertEqual(failure { try root("a: 1\nz: 2\n").mapping(allowed: ["a"], expected: "a mapping") },
                       .unknownKey(at(2, "z"), key: "z", allowed: ["a"]))
        XCTAssertEqual(failure { try root("? [1, 2]\n: x\n").mapping(allowed: nil, expected: "a mapping") },
                       .invalid(at(1, ""), expected: "keys that are plain names"))
        XCTAssertEqual(failure { try root("- a\n").mapping(allowed: ["a"], expected: "a mapping with a") },
                       .invalid(at(1, ""), expected: "a mapping with a"))
    }

    func testFieldPathsAndLines() throws {
        let yaml = "top:\n  list:\n    - x\n    - {k: 5}\n"
        let top = try root(yaml).mapping(allowed: ["top"], expected: "a mapping")
        let inner = try top.required("top", expected: "a mapping")
        XCTAssertEqual(inner.line, 1, "a block mapping is reported at its key's line")
        let list = try inner.mapping(allowed: ["list"], expected: "a mapping").required("list", expected: "a list")
        let items = try list.list(expected: "a list")
        XCTAssertEqual(items.map(\.field), ["top.list[0]", "top.list[1]"])
        XCTAssertEqual(items.map(\.line), [3, 4])
        let k = try items[1].mapping(allowed: ["k"], expected: "a mapping").required("k", expected: "a number")
        XCTAssertEqual(k.location, at(4, "top.list[1].k"))
        XCTAssertEqual(failure { try k.integer(0...4) }, .invalid(at(4, "top.list[1].k"), expected: "a whole number 0...4 (not '5')"))
    }

    func testListsAndSingleScalars() throws {
        let top = try root("one: x\nmany: [x, y]\nmap: {a: b}\n").mapping(allowed: nil, expected: "a mapping")
        XCTAssertEqual(failure { try top["one"]!.list(expected: "a list of names") }, .invalid(at(1, "one"), expected: "a list of names"),
                       "a scalar where a list belongs is not a list of one")
        XCTAssertEqual(try top["one"]!.items(expected: "names").map(\.field), ["one"], "unless the field allows it")
        XCTAssertEqual(try top["many"]!.items(expected: "names").map(\.text), ["x", "y"])
        XCTAssertEqual(failure { try top["map"]!.items(expected: "names") }, .invalid(at(3, "map"), expected: "names"))
    }

    func testScalars() throws {
        let top = try root("""
            n: 12
            neg: -1
            plus: +5
            under: 1_000
            empty: ""
            yes: yes
            maybe: maybe
            list: [a]
            """).mapping(allowed: nil, expected: "a mapping")
        XCTAssertEqual(try top["n"]!.integer(0...32), 12)
        XCTAssertEqual(failure { try top["neg"]!.integer(0...32) }, .invalid(at(2, "neg"), expected: "a whole number 0...32 (not '-1')"))
        XCTAssertEqual(failure { try top["plus"]!.integer(0...32) }, .invalid(at(3, "plus"), expected: "a whole number 0...32 (not '+5')"))
        XCTAssertEqual(failure { try top["under"]!.integer(0...Int.max, expected: "a count") },
                       .invalid(at(4, "under"), expected: "a count (not '1_000')"))
        XCTAssertEqual(failure { try top["empty"]!.string(expected: "a name") }, .invalid(at(5, "empty"), expected: "a name"))
        XCTAssertEqual(try top["yes"]!.bool(), true)
        XCTAssertEqual(failure { try top["maybe"]!.bool() }, .invalid(at(7, "maybe"), expected: "true or false (not 'maybe')"))
        XCTAssertEqual(failure { try top["list"]!.string(expected: "a name") }, .invalid(at(8, "list"), expected: "a name"))
    }

    func testASNs() throws {
        let top = try root("""
            a: AS8359
            b: as8359
            c: 4294967295
            d: AS4294967296
            e: AS-1
            f: 0
            g: ""
            h: 1.10
            """).mapping(allowed: nil, expected: "a mapping")
        XCTAssertEqual(try top["a"]!.asn(), ASN(8359))
        XCTAssertEqual(try top["b"]!.asn(), ASN(8359))
        XCTAssertEqual(try top["c"]!.asn(), ASN(4_294_967_295))
        let expected = "an AS number like 8960 or AS8960 (1 to 4294967295)"
        XCTAssertEqual(failure { try top["d"]!.asn() }, .invalid(at(4, "d"), expected: "\(expected) (not 'AS4294967296')"))
        XCTAssertEqual(failure { try top["e"]!.asn() }, .invalid(at(5, "e"), expected: "\(expected) (not 'AS-1')"))
        XCTAssertEqual(failure { try top["f"]!.asn() }, .invalid(at(6, "f"), expected: "\(expected) (not '0')"))
        XCTAssertEqual(failure { try top["g"]!.asn() }, .invalid(at(7, "g"), expected: expected))
        XCTAssertEqual(failure { try top["h"]!.asn() }, .invalid(at(8, "h"), expected: "\(expected) (not '1.10')"))
    }

    // MARK: - Files that are not what they should be

    /// Writes `bytes` as a file in a fresh directory and returns its path.
    func file(_ bytes: [UInt8], name: String = "job.yaml") throws -> String {
        let path = try JobFixtures.temporaryDirectory(self) + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    func testCRLFLineEndings() throws {
        let crlf = JobFileTests.yaml().replacingOccurrences(of: "\n", with: "\r\n")
        let job = try JobFile.load(path: try file(Array(crlf.utf8)))
        XCTAssertEqual(job.ixp.name, "Test IX")
        XCTAssertEqual(job.sources.map(\.label), ["rs1", "rs2"])
        let broken = JobFileTests.yaml([17: "    updates: mrt/rs2/updates.gz"]).replacingOccurrences(of: "\n", with: "\r\n")
        let path = try file(Array(broken.utf8))
        XCTAssertEqual(failure { try JobFile.load(path: path) },
                       .invalid(at(17, "sources[1].updates", file: path), expected: "a list of file patterns"),
                       "lines are counted the same with CRLF")
    }

    func testTabIndentedFile() throws {
        let path = try file(Array("ixp:\n  name: Test IX\n\troute_servers: []\n".utf8))
        let error = failure { try JobFile.load(path: path) }
        XCTAssertEqual(error, .syntax(file: path, line: 3, column: nil,
                                      problem: "the line is indented with a tab; YAML indents with spaces only"))
        XCTAssertEqual(error?.description, "\(path):3: not valid YAML: the line is indented with a tab; YAML indents with spaces only")
    }

    func testEmptyFiles() throws {
        let empty = try file([])
        XCTAssertEqual(failure { try JobFile.load(path: empty) },
                       .empty(file: empty, expected: "a mapping with ixp, policy, members and sources"))
        XCTAssertEqual(failure { try Scenario.load(path: empty) }?.description,
                       "\(empty):1: the file is empty; expected name, description and changes")
        let comments = try file(Array("# nothing yet\n\n".utf8), name: "policy.yaml")
        XCTAssertEqual(failure { try ImportPolicy.load(path: comments) }, .empty(file: comments, expected: "name and rules"))
    }

    func testADirectoryIsNotAFile() throws {
        let directory = try JobFixtures.temporaryDirectory(self)
        let error = failure { try JobFile.load(path: directory) }
        XCTAssertEqual(error, .cannotRead(file: directory, kind: "job file", reason: "is a directory"))
        XCTAssertEqual(error?.description, "\(directory): cannot read the job file: is a directory; check the path")
        XCTAssertEqual(failure { try ImportPolicy.load(path: directory) },
                       .cannotRead(file: directory, kind: "policy file", reason: "is a directory"))
    }

    func testBinaryJunk() throws {
        let gzip = try file([0x1F, 0x8B, 0x08, 0x00, 0xFF, 0xFE, 0x00, 0x9C, 0x80])
        XCTAssertEqual(failure { try JobFile.load(path: gzip) }, .cannotRead(file: gzip, kind: "job file", reason: "not UTF-8 text (a compressed or binary file?)"))
        let control = try file(Array("name: x\nchanges:\n  - member_leaves: 1\u{01}\n".utf8), name: "s.yaml")
        guard case let .syntax(file, line, _, problem)? = failure({ try Scenario.load(path: control) }) else {
            return XCTFail("control characters are not YAML")
        }
        XCTAssertEqual(file, control)
        XCTAssertEqual(line, 3)
        XCTAssertTrue(problem.hasSuffix("the file holds bytes that are not text, is it the right file?"), problem)
    }
}
