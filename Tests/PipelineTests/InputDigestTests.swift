import Pipeline
import XCTest

final class InputDigestTests: XCTestCase {
    /// FIPS 180-4 examples: SHA-256("abc"), and of the empty string.
    func testSHA256OfABCInPiecesAndOfNothing() {
        let digest = InputDigest()
        for piece in ["a", "", "bc"] { Array(piece.utf8).withUnsafeBytes { digest.consume($0) } }
        XCTAssertEqual(digest.hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(digest.hex, digest.hex, "reading the digest twice gives the same text")
        XCTAssertEqual(digest.bytes, 3)
        XCTAssertEqual(InputDigest().hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }
}
