/// The CRC bzip2 stores for each block: CRC-32 with polynomial 0x04C11DB7 fed most significant
/// bit first (not bit-reversed as in gzip), starting from all ones and inverted at the end,
/// over the block's original bytes. Four bytes a step with four tables ("slicing by 4"), which
/// keeps it at a small part of a block's decoding time.
enum BlockCRC {
    /// tables[k * 256 + b]: the CRC contribution of byte b followed by k zero bytes.
    private static let tables: UnsafeMutablePointer<UInt32> = {
        let tables = UnsafeMutablePointer<UInt32>.allocate(capacity: 4 * 256)
        for byte in 0..<256 {
            var crc = UInt32(byte) << 24
            for _ in 0..<8 { crc = crc & 0x8000_0000 != 0 ? crc << 1 ^ 0x04C1_1DB7 : crc << 1 }
            tables[byte] = crc
        }
        for k in 1..<4 {
            for byte in 0..<256 {
                let previous = tables[(k - 1) * 256 + byte]
                tables[k * 256 + byte] = previous << 8 ^ tables[Int(previous >> 24)]
            }
        }
        return tables
    }()

    static func of(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        let t = tables
        var crc: UInt32 = 0xFFFF_FFFF
        guard let base = bytes.baseAddress else { return ~crc }
        let count = bytes.count
        var i = 0
        while i + 4 <= count {
            crc ^= UInt32(bigEndian: base.loadUnaligned(fromByteOffset: i, as: UInt32.self))
            crc = t[768 + Int(crc >> 24)] ^ t[512 + Int(crc >> 16 & 0xFF)] ^ t[256 + Int(crc >> 8 & 0xFF)] ^ t[Int(crc & 0xFF)]
            i += 4
        }
        while i < count {
            crc = crc << 8 ^ t[Int((crc >> 24) ^ UInt32(base.load(fromByteOffset: i, as: UInt8.self)))]
            i += 1
        }
        return ~crc
    }
}
