@testable import RouteServer
import Synth
import XCTest

/// The simulation's 64-bit-keyed table holds what a dictionary holds, through growth and
/// through keys that collide in its hash.
final class PackedKeyTableTests: XCTestCase {
    func testAgreesWithADictionaryOverRandomSetsAddsAndLookUps() {
        var random = SplitMix64(seed: 0x5EED_7AB1E)
        var table = PackedKeyTable(), expected: [UInt64: Int] = [:]
        for step in 0..<60_000 {
            // Keys from a narrow range (met again and again) and a wide one (each new: the
            // table grows from 1,024 places to 65,536); multiples of 2^32 share
            // their low half, which the hash must still spread.
            let key: UInt64
            switch random.next() % 3 {
            case 0: key = random.next() % 500
            case 1: key = (random.next() % 20_000) << 32
            default: key = random.next() & ~UInt64(1)
            }
            let n = Int(random.next() % 1_000)
            switch random.next() % 3 {
            case 0:
                table.set(n, for: key)
                expected[key] = n
            case 1:
                table.add(n, to: key)
                expected[key, default: 0] += n
            default:
                XCTAssertEqual(table[key], expected[key], "step \(step), key \(key)")
            }
        }
        var listed: [UInt64: Int] = [:]
        table.forEach { key, value in
            XCTAssertNil(listed[key], "key \(key) listed twice")
            listed[key] = value
        }
        XCTAssertEqual(listed, expected)
        XCTAssertGreaterThan(expected.count, 20_000, "enough keys for 65,536 places")
        XCTAssertNil(table[UInt64.max - 1])
    }
}
