@testable import Audit
import BGP
import Foundation
import MRT
import XCTest

/// The reference-file readers: CAIDA AS relationships, RPKI VRPs (JSON, CSV), IRR RPSL.
final class ReferencesTests: XCTestCase {
    func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    // MARK: AS relationships

    func testSerial1WithComments() throws {
        // 3356 is 3216's provider; 3216 and 8359 peer.
        let text = "# source: topology\n# format: provider|customer|-1, peer|peer|0\n3356|3216|-1\n3216|8359|0\n"
        let r = try ASRelationships(bytes: bytes(text), file: "as-rel.txt")
        XCTAssertEqual(r.relation(ASN(3356), ASN(3216)), .provider)
        XCTAssertEqual(r.relation(ASN(3216), ASN(3356)), .customer)
        XCTAssertTrue(r.isCustomer(ASN(3216), of: ASN(3356)))
        XCTAssertFalse(r.isCustomer(ASN(3356), of: ASN(3216)))
        XCTAssertEqual(r.relation(ASN(8359), ASN(3216)), .peer)
        XCTAssertNil(r.relation(ASN(3356), ASN(8359)))
        XCTAssertEqual(r.count, 2)
    }

    func testSerial2HasASourceColumn() throws {
        let r = try ASRelationships(bytes: bytes("1299|3216|-1|bgp\r\n3216|8359|0|mlp\r\n"), file: "as-rel2.txt")
        XCTAssertTrue(r.isCustomer(ASN(3216), of: ASN(1299)))
        XCTAssertEqual(r.relation(ASN(3216), ASN(8359)), .peer)
    }

    func testAMalformedRelationshipLineNamesFileAndLine() {
        // Line 3 has relationship 2, which neither serial format has.
        XCTAssertThrowsError(try ASRelationships(bytes: bytes("# c\n1|2|-1\n1|3|2\n"), file: "as-rel.txt")) { error in
            XCTAssertEqual(error as? ReferenceFileError,
                           .malformedLine(file: "as-rel.txt", line: 3, text: "1|3|2",
                                          expected: "\"a|b|rel\" or \"a|b|rel|source\" with two ASNs and rel -1 (a is b's provider) or 0 (peers)"))
            XCTAssertTrue("\(error)".hasPrefix("as-rel.txt line 3: "), "\(error)")
        }
        XCTAssertThrowsError(try ASRelationships(bytes: bytes("1 2 -1\n"), file: "as-rel.txt"))
    }

    func testACompressedFileIsRead() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("as-rel-\(UUID().uuidString).txt.gz").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try MRTFileWriter(path: path, compression: .gzip)
        try file.append(bytes("3356|3216|-1\n"))
        try file.finish()
        XCTAssertTrue(try ASRelationships.load(path: path).isCustomer(ASN(3216), of: ASN(3356)))
    }

    func testAMissingFileSaysWhatToDo() {
        XCTAssertThrowsError(try ROASet.load(path: "/nonexistent/vrps.json")) { error in
            XCTAssertTrue("\(error)".contains("/nonexistent/vrps.json: cannot read"), "\(error)")
        }
    }

    // MARK: RPKI

    let rpkiClient = """
        {"metadata": {"buildtime": "2026-11-21T00:00:00Z"}, "roas": [
          {"asn": 13335, "prefix": "1.1.1.0/24", "maxLength": 24, "ta": "apnic", "expires": 1795300000},
          {"asn": 0, "prefix": "10.0.0.0/8", "maxLength": 32, "ta": "apnic"},
          {"asn": 3333, "prefix": "2001:67c:2e8::/48", "maxLength": 48, "ta": "ripe"}
        ]}
        """

    func testRPKIClientJSONAndOriginValidation() throws {
        let roas = try ROASet(bytes: bytes(rpkiClient), file: "vrps.json")
        XCTAssertEqual(roas.count, 3)
        XCTAssertEqual(roas.validate(prefix: Prefix("1.1.1.0/24")!, origin: ASN(13335)), .valid)
        // Longer than the max length: invalid. Another origin: invalid. Uncovered: not found.
        guard case .invalid = roas.validate(prefix: Prefix("1.1.1.0/25")!, origin: ASN(13335)) else { return XCTFail() }
        guard case .invalid = roas.validate(prefix: Prefix("1.1.1.0/24")!, origin: ASN(64500)) else { return XCTFail() }
        XCTAssertEqual(roas.validate(prefix: Prefix("8.8.8.0/24")!, origin: ASN(15169)), .notFound)
        // An AS0 ROA matches no origin (RFC 6483 section 4), not even AS0.
        guard case .invalid = roas.validate(prefix: Prefix("10.1.0.0/16")!, origin: ASN(0)) else { return XCTFail() }
        // A path ending in a set has no origin: invalid where covered.
        guard case .invalid = roas.validate(prefix: Prefix("2001:67c:2e8::/48")!, origin: nil) else { return XCTFail() }
        XCTAssertEqual(roas.validate(prefix: Prefix("2001:67c:2e8::/48")!, origin: ASN(3333)), .valid)
    }

    func testRoutinatorJSONWritesASNsAsText() throws {
        let text = #"{"roas":[{"asn":"AS13335","prefix":"1.1.1.0/24","maxLength":24,"ta":"apnic"}]}"#
        let roas = try ROASet(bytes: bytes(text), file: "vrps.json")
        XCTAssertEqual(roas.validate(prefix: Prefix("1.1.1.0/24")!, origin: ASN(13335)), .valid)
    }

    func testAMalformedJSONEntryNamesItsIndex() {
        let text = #"{"roas":[{"asn":13335,"prefix":"1.1.1.0/24","maxLength":24},{"asn":13335,"prefix":"1.1.1.0/33","maxLength":24}]}"#
        XCTAssertThrowsError(try ROASet(bytes: bytes(text), file: "vrps.json")) { error in
            XCTAssertTrue("\(error)".hasPrefix("vrps.json: roas[1]: \"prefix\""), "\(error)")
        }
        XCTAssertThrowsError(try ROASet(bytes: bytes(#"{"vrps": []}"#), file: "vrps.json")) { error in
            XCTAssertEqual(error as? ReferenceFileError, .malformedJSON(file: "vrps.json", reason: "no \"roas\" list at the top level"))
        }
    }

    /// Fields the reader does not use are skipped whatever their shape (nested objects and
    /// lists, escapes in strings, literals); a broken file names the byte where it broke.
    func testJSONSkipsWhatItDoesNotUseAndNamesWhereItBreaks() throws {
        let text = #"{"metadata":{"counts":[1,2,{"x":"a\"}b"}],"ok":true,"none":null},"roas":[{"asn":13335,"prefix":"1.1.1.0/24","maxLength":24,"ta":"ap\u006eic","expires":1795219200,"source":[{"uri":"rsync://x/y.roa"}]}],"tail":-1.5e3}"#
        let roas = try ROASet(bytes: bytes(text), file: "vrps.json")
        XCTAssertEqual(roas.covering(Prefix("1.1.1.0/24")!).map(\.description), ["AS13335 1.1.1.0/24-24 (apnic)"])
        // The second entry is cut off after its ASN.
        let broken = #"{"roas":[{"asn":13335,"prefix":"1.1.1.0/24"},{"asn":13335"#
        XCTAssertThrowsError(try ROASet(bytes: bytes(broken), file: "vrps.json")) { error in
            XCTAssertEqual("\(error)", "vrps.json: not valid JSON at byte 57: expected more; give an rpki-client or Routinator JSON export ({\"roas\": [...]}) or its CSV export")
        }
    }

    /// The ASN of a reference file read from its bytes is the one its text reads as.
    func testASNsReadFromBytesAsFromText() {
        let texts = ["13335", "AS13335", "as13335", "As0", " AS13335\t", "AS", "", "4294967295", "AS4294967296",
                     "AS-FOO", "13335a", "AS 13335", "0013335", "AS+1", "-1", "１２", "ASAS1", "s1", "a1"]
        for text in texts {
            let bytes = Array(("\"" + text + "\"").utf8)
            XCTAssertEqual(ReferenceText.asn(ascii: bytes[1..<(bytes.count - 1)]), ReferenceText.asn(text), text)
        }
    }

    /// Escapes in the member names and values the reader uses are decoded before they are read.
    func testEscapedNamesAndValuesAreRead() throws {
        let text = #"{"roas":[{"asn":"AS13335","prefix":"2001:db8::/32","maxLength":48,"ta":"ripe"}]}"#
        let roas = try ROASet(bytes: bytes(text), file: "vrps.json")
        XCTAssertEqual(roas.covering(Prefix("2001:db8::/32")!).map(\.description), ["AS13335 2001:db8::/32-48 (ripe)"])
        XCTAssertThrowsError(try ROASet(bytes: bytes(#"{"roas":[{"asn":1,"prefix":"1.1.1.0/24","maxLength":24.0}]}"#), file: "v.json"))
        XCTAssertThrowsError(try ROASet(bytes: bytes(#"{"roas":[{"asn":1,"prefix":"1.1.1.0/24","maxLength":99999999999999999999}]}"#), file: "v.json"))
    }

    func testCSVExportWithHeader() throws {
        let text = "ASN,IP Prefix,Max Length,Trust Anchor\nAS13335,1.1.1.0/24,24,apnic\nAS3333,193.0.0.0/21,21,ripe\n"
        let roas = try ROASet(bytes: bytes(text), file: "vrps.csv")
        XCTAssertEqual(roas.count, 2)
        XCTAssertEqual(roas.validate(prefix: Prefix("193.0.0.0/21")!, origin: ASN(3333)), .valid)
    }

    func testAMalformedCSVLineNamesItsLine() {
        // Line 3: max length 20 is shorter than the prefix.
        let text = "ASN,IP Prefix,Max Length,Trust Anchor\nAS13335,1.1.1.0/24,24,apnic\nAS3333,193.0.0.0/21,20,ripe\n"
        XCTAssertThrowsError(try ROASet(bytes: bytes(text), file: "vrps.csv")) { error in
            guard case let .malformedLine(file, line, _, _)? = error as? ReferenceFileError else { return XCTFail("\(error)") }
            XCTAssertEqual(file, "vrps.csv")
            XCTAssertEqual(line, 3)
        }
    }

    /// A trust anchor is kept as a 16-bit index: a file naming more anchors than that is
    /// refused with a message, where it used to trap.
    func testMoreTrustAnchorsThanTheIndexHoldsAreRefused() throws {
        let limit = ROASet.TooManyTrustAnchors.limit
        func csv(anchors: Int) -> String {
            (0..<anchors).map { "AS13335,10.\($0 >> 16).\($0 >> 8 & 255).\($0 & 255)/32,32,ta\($0)" }.joined(separator: "\n")
        }
        XCTAssertEqual(try ROASet(bytes: bytes(csv(anchors: limit)), file: "vrps.csv").count, limit)
        XCTAssertThrowsError(try ROASet(bytes: bytes(csv(anchors: limit + 1)), file: "vrps.csv")) { error in
            XCTAssertEqual(error as? ReferenceFileError, .tooManyTrustAnchors(file: "vrps.csv", limit: 65_536))
            XCTAssertEqual("\(error)", "vrps.csv: more than 65536 different trust anchors; a validator's export names a few "
                + "(one per RIR), so this is not a VRP export: give the rpki-client or Routinator output")
        }
    }

    // MARK: IRR

    let rpsl = """
        % RIPE database dump
        # comment

        route:          193.0.0.0/21
        descr:          RIPE NCC
                        second line of the description: still the same object
        origin:         AS3333 # the NCC
        mnt-by:         RIPE-NCC-MNT
        source:         RIPE

        aut-num:        AS3333
        as-name:        RIPE-NCC-AS
        +
        source:         RIPE

        route6:         2001:67C:2E8::/48
        origin:         as3333
        source:         RIPE
        """

    func testRouteAndRoute6ObjectsAreReadOtherClassesSkipped() throws {
        let irr = try RouteObjectSet(bytes: bytes(rpsl), file: "ripe.db.route")
        XCTAssertEqual(irr.count, 2)
        XCTAssertEqual(irr.origins(exactly: Prefix("193.0.0.0/21")!), [ASN(3333)])
        XCTAssertEqual(irr.origins(exactly: Prefix("2001:67c:2e8::/48")!), [ASN(3333)])
        XCTAssertTrue(irr.isRegistered(Prefix("193.0.0.0/21")!, origin: ASN(3333)))
        XCTAssertFalse(irr.isRegistered(Prefix("193.0.0.0/22")!, origin: ASN(3333)))
        XCTAssertTrue(irr.isRegistered(Prefix("193.0.0.0/22")!, origin: ASN(3333), acceptingMoreSpecifics: true))
        XCTAssertFalse(irr.isRegistered(Prefix("193.0.0.0/21")!, origin: ASN(13335)))
    }

    /// What IRR dumps really hold: names in any case, CRLF line ends, comments after values,
    /// continuation lines (space, tab, `+`), a second origin (the first counts), other classes
    /// with their own colons, blank lines of spaces and tabs between objects.
    func testRPSLAsDumpsWriteIt() throws {
        let text = "% RIPE dump\r\n\r\nRoute:   193.0.0.0/21 # the RIPE NCC\r\nDescr: a\r\n  continued: not an attribute\r\n"
            + "+\r\nORIGIN:\tas3333\r\norigin: AS1\r\n \t \r\naut-num: AS3333\r\nas-name: RIPE-NCC\r\n\r\n"
            + "route6: 2001:67c:2e8::/48\r\n# route: 10.0.0.0/8\r\norigin: AS3333 # trailing\r\n"
            + "\r\nroutex: 10.0.0.0/8\r\norigin: AS64496\r\n\r\nroute: 198.51.100.0/24\norigin:AS64500"
        let irr = try RouteObjectSet(bytes: bytes(text), file: "irr.txt")
        XCTAssertEqual(irr.count, 3)
        XCTAssertEqual(irr.origins(exactly: Prefix("193.0.0.0/21")!), [ASN(3333)])
        XCTAssertEqual(irr.origins(exactly: Prefix("2001:67c:2e8::/48")!), [ASN(3333)])
        XCTAssertEqual(irr.origins(exactly: Prefix("198.51.100.0/24")!), [ASN(64500)], "the last object, without a final line break")
        XCTAssertEqual(irr.origins(exactly: Prefix("10.0.0.0/8")!), [], "routex is another class")
    }

    func testARouteObjectWithoutOriginNamesItsLine() {
        // The route object starts on line 2 and has no origin.
        let text = "\nroute: 193.0.0.0/21\nsource: RIPE\n\nroute: 194.0.0.0/16\norigin: AS1\n"
        XCTAssertThrowsError(try RouteObjectSet(bytes: bytes(text), file: "irr.txt")) { error in
            guard case let .malformedLine(file, line, _, expected)? = error as? ReferenceFileError else { return XCTFail("\(error)") }
            XCTAssertEqual(file, "irr.txt")
            XCTAssertEqual(line, 2)
            XCTAssertTrue(expected.contains("origin"), expected)
        }
    }

    func testABadOriginOrPrefixNamesItsLine() {
        XCTAssertThrowsError(try RouteObjectSet(bytes: bytes("route: 193.0.0.0/21\norigin: ASX\n"), file: "irr.txt")) { error in
            XCTAssertTrue("\(error)".hasPrefix("irr.txt line 2: \"origin: ASX\""), "\(error)")
        }
        XCTAssertThrowsError(try RouteObjectSet(bytes: bytes("route6: 193.0.0.0/21\norigin: AS1\n"), file: "irr.txt")) { error in
            XCTAssertTrue("\(error)".hasPrefix("irr.txt line 1: "), "\(error)")
        }
    }

    // MARK: the trie's covering matches

    func testCoveringMatchesLeastSpecificFirst() {
        var trie = PrefixTrie<Int>()
        trie.insert(Prefix("0.0.0.0/0")!, 0)
        trie.insert(Prefix("193.0.0.0/16")!, 16)
        trie.insert(Prefix("193.0.0.0/21")!, 21)
        trie.insert(Prefix("193.0.0.0/23")!, 23)
        trie.insert(Prefix("194.0.0.0/16")!, 99)
        XCTAssertEqual(trie.matches(covering: Prefix("193.0.0.0/21")!).map(\.value), [0, 16, 21])
        XCTAssertEqual(trie.matches(covering: Prefix("193.0.4.0/22")!).map(\.value), [0, 16, 21])
        XCTAssertEqual(trie.matches(covering: Prefix("2001:db8::/32")!).count, 0, "families apart")
    }
}
