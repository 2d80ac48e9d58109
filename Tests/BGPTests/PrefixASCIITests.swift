import BGP
import XCTest

/// `Prefix(ascii:)`, the reading of reference files, is `Prefix(String)` without the string:
/// every text, canonical or not, gives the same prefix or the same nil.
final class PrefixASCIITests: XCTestCase {
    func read(_ text: String) -> Prefix? {
        let bytes = Array(("#" + text + "#").utf8)
        return Prefix(ascii: bytes[1..<(bytes.count - 1)])
    }

    func testTheFormsFilesWrite() {
        XCTAssertEqual(read("193.0.0.0/21")?.description, "193.0.0.0/21")
        XCTAssertEqual(read("2001:7f8:7a::/48")?.description, "2001:7f8:7a::/48")
        XCTAssertEqual(read("2001:DB8:0:0:1:2:3:4/128")?.description, "2001:db8::1:2:3:4/128")
        XCTAssertEqual(read("::/0")?.description, "::/0")
        XCTAssertEqual(read("::1/128")?.description, "::1/128")
        XCTAssertEqual(read("2001:db8::/129"), nil)
        XCTAssertEqual(read("2001:db8::1/64")?.description, "2001:db8::/64", "host bits cleared")
    }

    func testEveryTextReadsAsTheStringReadsIt() {
        var texts = ["10.0.0.0/8", "01.002.3.4/24", "1.2.3.4/024", "1.2.3.4/+24", "1.2.3.4//24", "256.0.0.0/8", "1.2.3/24", "",
                     "2001:db8::/32", "2001:0db8:0000:0000:0000:0000:0000:0000/32", "2001:db8:://32", "2001:db8::/+32",
                     "2001:db8::/032", "2001:db8::/0128", "1:2:3:4:5:6:7:8/128", "1:2:3:4:5:6:7:8:9/128", "1:2:3:4:5:6:7/112",
                     "1::2::3/64", "1:::2/64", ":1::/64", "1::2:/64", "::ffff:1.2.3.4/128", "64:ff9b::192.0.2.1/96",
                     "12345::/16", "g::/16", "::/", "/64", "::", "2001:db8::/ 32", " 2001:db8::/32", "2001:db8::/32 ",
                     "1:2:3:4:5:6:7::/128", "::2:3:4:5:6:7:8/128", "1::8/128", "FFFF:ffff::/32", "ab:cd:ef::/48",
                     "2001:db8::/32/32", "2001:db8::%eth0/64", "0:0:0:0:0:0:0:0/0", "1.2.3.4/32:1", "::1.2.3.4/128"]
        // The same texts cut and with one byte changed: the edges between accepted and not.
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789abcdefABCDEF:./ x".utf8)
        for text in texts {
            let bytes = Array(text.utf8)
            for cut in 0..<bytes.count { texts.append(String(decoding: bytes[..<cut], as: UTF8.self)) }
            for _ in 0..<20 where !bytes.isEmpty {
                var changed = bytes
                changed[Int.random(in: 0..<changed.count, using: &generator)] = alphabet.randomElement(using: &generator)!
                texts.append(String(decoding: changed, as: UTF8.self))
            }
        }
        for text in texts { XCTAssertEqual(read(text), Prefix(text), text) }
    }
}
