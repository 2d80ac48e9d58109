import XCTest
@testable import MRT

/// The project's own bzip2 block decoder must give libbz2's bytes for every block bzip2 writes,
/// and for damaged blocks either refuse them (libbz2 then decides) or give exactly what libbz2
/// gives; never crash.
final class NativeBlockDecoderTests: XCTestCase {
    func testEveryBlockOfTheCorpusAtEveryLevelDecodesAsWithLibbz2() throws {
        let plain = try ParallelBzip2Tests.corpusBytes(limit: 2_500_000)
        let native = NativeBlockDecoder()
        let libbz2 = BlockDecoder()
        let ours = MappedBuffer(capacity: 1 << 20), theirs = MappedBuffer(capacity: 1 << 20)
        for level in Int32(1)...9 {
            let file = Compressor.bzip2(plain, blockSize100k: level)
            var decoded = 0
            file.withUnsafeBytes { file in
                let blocks = Bzip2Blocks.of(file)
                XCTAssertFalse(blocks.isEmpty)
                for (i, block) in blocks.enumerated() {
                    XCTAssertNil(libbz2.decodeWithLibbz2(block, into: theirs))
                    XCTAssertTrue(native.decode(block, into: ours), "-\(level), block \(i): refused")
                    XCTAssert(ours.bytes.elementsEqual(theirs.bytes), "-\(level), block \(i): other bytes than libbz2's")
                    decoded += ours.count
                }
            }
            XCTAssertEqual(decoded, plain.count, "-\(level): every byte")
        }
    }

    func testDamagedBlocksAreRefusedOrDecodedAsLibbz2DecodesThem() throws {
        // Real MRT at 100 kB blocks; damage where it matters most (the tables, at the start of
        // a block) and anywhere: flipped bits, cut blocks, blocks read on past their end.
        let plain = try ParallelBzip2Tests.corpusBytes(limit: 400_000)
        let file = Compressor.bzip2(plain, blockSize100k: 1)
        let native = NativeBlockDecoder()
        let libbz2 = BlockDecoder()
        let ours = MappedBuffer(capacity: 1 << 20), theirs = MappedBuffer(capacity: 1 << 20)
        var random = SplitMix64(seed: 20_261_207)
        var refused = 0, accepted = 0
        let trials = 300
        let places = Bzip2Blocks.places(file)
        for trial in 0..<trials {
            var damaged = file
            let place = places[random.below(places.count)]
            var bitCount = place.bitCount
            let kind = random.below(4)
            switch kind {
            case 0, 1:
                // One to three flipped bits; first in the block's header and tables.
                for _ in 0...random.below(3) {
                    let span = kind == 0 ? min(place.bitCount - 80, 4_000) : place.bitCount - 80
                    let bit = place.startBit + 80 + random.below(span)
                    damaged[bit / 8] ^= 0x80 >> UInt8(bit % 8)
                }
            case 2:
                bitCount -= 1 + random.below(min(place.bitCount - 81, 2_000))
            default:
                bitCount = min(bitCount + 1 + random.below(64), file.count * 8 - place.startBit)
            }
            damaged.withUnsafeBytes { bytes in
                let bits = place.bits(in: bytes, bitCount: bitCount)
                let libbz2Failure = libbz2.decodeWithLibbz2(bits, into: theirs)
                if native.decode(bits, into: ours) {
                    accepted += 1
                    XCTAssertNil(libbz2Failure, "trial \(trial): accepted a block libbz2 refuses")
                    XCTAssert(ours.bytes.elementsEqual(theirs.bytes), "trial \(trial): other bytes than libbz2's")
                } else {
                    refused += 1
                }
            }
        }
        XCTAssertEqual(refused + accepted, trials)
        XCTAssertGreaterThan(refused, trials / 2, "damage is refused")
    }

    func testACorruptCRCIsRefused() throws {
        let plain = try ParallelBzip2Tests.corpusBytes(limit: 150_000)
        let file = Compressor.bzip2(plain, blockSize100k: 2)
        let native = NativeBlockDecoder()
        let output = MappedBuffer(capacity: 1 << 20)
        file.withUnsafeBytes { bytes in
            let block = Bzip2Blocks.of(bytes)[0]
            XCTAssertTrue(native.decode(block, into: output))
            let wrongCRC = BlockBits(raw: block.raw, firstBit: block.firstBit, bitCount: block.bitCount,
                                     level: block.level, crc: block.crc ^ 1)
            XCTAssertFalse(native.decode(wrongCRC, into: output))
        }
    }
}
