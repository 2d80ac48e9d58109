import BGP
import Foundation
import Job
import XCTest

/// The policy file format: the shipped presets read with their clauses, and errors naming
/// the file (the policy or one of its list files), the line and the field.
final class ImportPolicyParsingTests: XCTestCase {
    static var policies: String { JobFixtures.root + "/data/policies" }

    func testPresetsLoadWithTheirClauses() throws {
        let smarthub = try ImportPolicy.preset("smarthub-ix", directory: Self.policies)
        let peg = try ImportPolicy.preset("peg-tech", directory: Self.policies)
        XCTAssertEqual(smarthub.name, "smarthub-ix")
        XCTAssertEqual(smarthub.bogonPrefix?.clause, "S4")
        XCTAssertEqual(smarthub.prefixLength, PrefixLengthRule(clause: "S3", ipv4: 8...24, ipv6: 16...48))
        XCTAssertEqual(smarthub.bogonASN?.clause, "S2")
        XCTAssertEqual(smarthub.transitFreeASN?.ranges.count, 16)
        XCTAssertEqual(smarthub.maxPrefix, MaxPrefixRule(clause: "S4", action: .disable))
        XCTAssertEqual(peg.maxPrefix, MaxPrefixRule(clause: "P6", ipv4: 1000, ipv6: 150))
        XCTAssertEqual(peg.prefixLength?.clause, "P2")
        XCTAssertEqual(peg.bogonASN?.clause, "P1")
        XCTAssertEqual(peg.defaultRoute?.clause, "P5")
    }

    func testErrorsNameFileLineAndField() {
        let yaml = "name: x\nrules:\n  prefix_length:\n    clause: S3\n    ipv4: {min: 8, max: 33}\n"
        XCTAssertThrowsError(try ImportPolicy.parse(yaml: yaml, file: "x.yaml")) { error in
            XCTAssertEqual((error as? ConfigurationFileError)?.description, "x.yaml:5: rules.prefix_length.ipv4.max: expected a whole number 0...32 (not '33')")
        }
        XCTAssertThrowsError(try ImportPolicy.parse(yaml: "name: x\nrules:\n  first_as: {}\n", file: "x.yaml")) { error in
            XCTAssertEqual((error as? ConfigurationFileError)?.line, 3)
        }
        XCTAssertThrowsError(try ImportPolicy.parse(yaml: "name: x\nrules:\n  frist_as: {clause: S4}\n", file: "x.yaml")) { error in
            XCTAssertTrue(String(describing: error).hasPrefix("x.yaml:3: rules.frist_as: unknown key 'frist_as'"), "\(error)")
        }
    }

    func testListFileErrorsNameTheListFileAndLine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ixaudit-policy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "# comment\n10.0.0.0/8\n10.0.0/8\n".write(to: dir.appendingPathComponent("b.txt"), atomically: true, encoding: .utf8)
        try "name: x\nrules:\n  bogon_prefix: {clause: S4, list: b.txt}\n".write(to: dir.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try ImportPolicy.load(path: dir.appendingPathComponent("p.yaml").path)) { error in
            XCTAssertEqual((error as? ConfigurationFileError)?.line, 3)
            XCTAssertTrue((error as? ConfigurationFileError)?.file?.hasSuffix("b.txt") ?? false)
        }
    }

    func testASNListsAndRanges() throws {
        let dir = try JobFixtures.temporaryDirectory(self)
        try "174\r\nAS3356   # Lumen\r\n\r\n# end\r\n".write(toFile: dir + "/asns.txt", atomically: true, encoding: .utf8)
        let yaml = "name: x\nrules:\n  transit_free_asn: {clause: S6, list: asns.txt}\n"
            + "  bogon_asn: {clause: S2, ranges: [\"0\", \"AS64512-AS65534\", \"as4200000000 - as4294967294\"]}\n"
        let policy = try ImportPolicy.parse(yaml: yaml, file: "p.yaml", baseDirectory: dir)
        XCTAssertEqual(policy.transitFreeASN?.ranges, [174...174, 3356...3356], "CRLF list files read line by line")
        XCTAssertEqual(policy.bogonASN?.ranges, [0...0, 64512...65534, 4_200_000_000...4_294_967_294], "AS0 is a bogon ASN")

        func message(_ rule: String) -> String {
            do {
                _ = try ImportPolicy.parse(yaml: "name: x\nrules:\n  \(rule)\n", file: "p.yaml", baseDirectory: dir)
                return "(parsed)"
            } catch {
                return error.description
            }
        }
        XCTAssertEqual(message("bogon_asn: {clause: S2, ranges: [\"AS-1\"]}"),
                       "p.yaml:3: rules.bogon_asn.ranges[0]: expected an ASN or a range like 64512-65534 (not 'AS-1')")
        XCTAssertEqual(message("bogon_asn: {clause: S2, ranges: [\"65534-64512\"]}"),
                       "p.yaml:3: rules.bogon_asn.ranges[0]: expected an ASN or a range like 64512-65534 (not '65534-64512')")
        XCTAssertEqual(message("bogon_asn: {clause: S2, asns: [4294967296]}"),
                       "p.yaml:3: rules.bogon_asn.asns[0]: expected an ASN or a range like 64512-65534 (not '4294967296')")
        XCTAssertEqual(message("transit_free_asn: {clause: S6, list: nope.txt}"),
                       "p.yaml:3: rules.transit_free_asn.list: cannot read the list file \(dir)/nope.txt: no such file; check the "
                       + "path (relative paths are taken from the policy file's directory)")
        XCTAssertEqual(message("first_as: {}"),
                       "p.yaml:3: rules.first_as.clause: missing; expected the clause of docs/rules.md the rule enforces, like S4 or P6")
        XCTAssertEqual(message("first_as:"), "p.yaml:3: rules.first_as: expected a mapping with clause",
                       "a rule named without parameters is not silently left unchecked")
    }
}
