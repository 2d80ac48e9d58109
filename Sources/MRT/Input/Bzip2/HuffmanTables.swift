/// The Huffman codes of one bzip2 block (2 to 6 tables, each for up to 258 symbols, codes of
/// 1 to 20 bits, assigned canonically: shorter codes first, within a length in symbol order).
/// A symbol is decoded by one lookup on the next 12 bits; only codes longer than that take
/// the slower way over each length's first code. Codes that claim more than the code space
/// (possible only in damaged data) are refused, so every code decodes one way.
final class HuffmanTables {
    static let lookupBits = 12
    static let maxLength = 20
    static let maxTables = 6
    static let maxSymbols = 258
    private static let lookupSize = 1 << lookupBits
    private static let lengthSlots = maxLength + 1

    /// Per table, per 12-bit prefix: symbol << 4 | code length, or 0 when the code is longer.
    private let lookup = UnsafeMutablePointer<UInt16>.allocate(capacity: maxTables * lookupSize)
    /// Per table and code length: the first code, how many codes, where their symbols start in `symbols`.
    private let firstCode = UnsafeMutablePointer<Int32>.allocate(capacity: maxTables * lengthSlots)
    private let codeCount = UnsafeMutablePointer<Int32>.allocate(capacity: maxTables * lengthSlots)
    private let firstIndex = UnsafeMutablePointer<Int32>.allocate(capacity: maxTables * lengthSlots)
    private let symbols = UnsafeMutablePointer<UInt16>.allocate(capacity: maxTables * maxSymbols)
    private var longest = [Int](repeating: 0, count: maxTables)

    deinit {
        lookup.deallocate(); firstCode.deallocate(); codeCount.deallocate()
        firstIndex.deallocate(); symbols.deallocate()
    }

    /// Builds table `table` from the code length of each symbol; false when the lengths do
    /// not form a prefix code.
    func build(table: Int, lengths: UnsafePointer<UInt8>, symbolCount: Int) -> Bool {
        let slots = table * Self.lengthSlots
        var counts = [Int32](repeating: 0, count: Self.lengthSlots)
        var longest = 0
        for symbol in 0..<symbolCount {
            let length = Int(lengths[symbol])
            counts[length] += 1
            longest = max(longest, length)
        }
        var space = 0
        for length in 1...Self.maxLength { space += Int(counts[length]) << (Self.maxLength - length) }
        guard space <= 1 << Self.maxLength else { return false }
        self.longest[table] = longest
        var code: Int32 = 0
        var index: Int32 = 0
        for length in 1...Self.maxLength {
            firstCode[slots + length] = code
            codeCount[slots + length] = counts[length]
            firstIndex[slots + length] = index
            index += counts[length]
            code = (code + counts[length]) << 1
        }
        let lookup = self.lookup + table * Self.lookupSize
        lookup.update(repeating: 0, count: Self.lookupSize)
        var next = [Int32](repeating: 0, count: Self.lengthSlots)
        for symbol in 0..<symbolCount {
            let length = Int(lengths[symbol])
            let rank = next[length]
            next[length] += 1
            symbols[table * Self.maxSymbols + Int(firstIndex[slots + length] + rank)] = UInt16(symbol)
            guard length <= Self.lookupBits else { continue }
            let code = Int(firstCode[slots + length] + rank)
            let spread = Self.lookupBits - length
            let entry = UInt16(symbol << 4 | length)
            (lookup + code << spread).update(repeating: entry, count: 1 << spread)
        }
        return true
    }

    /// The symbol whose code starts the 64 bits of `window` (first bit the most significant)
    /// and its code length; nil when no code of `table` matches.
    @inline(__always)
    func decode(table: Int, window: UInt64) -> (symbol: Int, length: Int)? {
        let entry = lookup[table << Self.lookupBits | Int(window >> UInt64(64 - Self.lookupBits))]
        if entry != 0 { return (Int(entry >> 4), Int(entry & 15)) }
        return decodeLong(table: table, window: window)
    }

    private func decodeLong(table: Int, window: UInt64) -> (symbol: Int, length: Int)? {
        let slots = table * Self.lengthSlots
        guard longest[table] > Self.lookupBits else { return nil }
        for length in (Self.lookupBits + 1)...longest[table] {
            let offset = Int32(truncatingIfNeeded: window >> UInt64(64 - length)) - firstCode[slots + length]
            if offset >= 0 && offset < codeCount[slots + length] {
                return (Int(symbols[table * Self.maxSymbols + Int(firstIndex[slots + length] + offset)]), length)
            }
        }
        return nil
    }
}
