/// Address text exactly as the reference decoder (`bgpdump`) prints it, which is also what
/// network engineers read everywhere: dotted quads; IPv6 with the longest run of zero groups
/// compressed to `::` (first run wins on a tie, and a single zero group is compressed too),
/// and IPv4-mapped (`::ffff:a.b.c.d`) and IPv4-compatible (`::a.b.c.d`) forms.
public enum AddressText {
    @inlinable public static func append<S: ByteSink>(_ address: IPAddress, to out: inout S) {
        if address.family == .ipv4 {
            appendIPv4(address.ipv4Value, to: &out)
        } else {
            appendIPv6(high: address.high, low: address.low, to: &out)
        }
    }

    @inlinable public static func appendIPv4<S: ByteSink>(_ value: UInt32, to out: inout S) {
        out.appendDecimal(value >> 24)
        out.append(UInt8(ascii: "."))
        out.appendDecimal((value >> 16) & 0xFF)
        out.append(UInt8(ascii: "."))
        out.appendDecimal((value >> 8) & 0xFF)
        out.append(UInt8(ascii: "."))
        out.appendDecimal(value & 0xFF)
    }

    @inlinable public static func appendIPv6<S: ByteSink>(high: UInt64, low: UInt64, to out: inout S) {
        let tail = UInt32(truncatingIfNeeded: low)
        if high == 0 && (low >> 32) == 0xFFFF {
            out.append(ascii: "::ffff:")
            appendIPv4(tail, to: &out)
            return
        }
        // IN6_IS_ADDR_V4COMPAT: 96 zero bits and a tail above 1 (so `::` and `::1` stay IPv6).
        if high == 0 && (low >> 32) == 0 && tail > 1 {
            out.append(ascii: "::")
            appendIPv4(tail, to: &out)
            return
        }
        @inline(__always) func word(_ i: Int) -> UInt16 {
            i < 4 ? UInt16(truncatingIfNeeded: high >> (48 - 16 * i))
                  : UInt16(truncatingIfNeeded: low >> (48 - 16 * (i - 4)))
        }
        var bestStart = -1, bestLength = 0, runStart = 0, runLength = 0
        for i in 0..<8 {
            if word(i) == 0 {
                if runLength == 0 { runStart = i }
                runLength += 1
                if runLength > bestLength { bestLength = runLength; bestStart = runStart }
            } else {
                runLength = 0
            }
        }
        var i = 0
        while i < 8 {
            if i == bestStart {
                if i == 0 { out.append(UInt8(ascii: ":")) }
                out.append(UInt8(ascii: ":"))
                i += bestLength
                continue
            }
            appendHex(word(i), to: &out)
            if i != 7 { out.append(UInt8(ascii: ":")) }
            i += 1
        }
    }

    @inlinable static func appendHex<S: ByteSink>(_ word: UInt16, to out: inout S) {
        var started = false
        for shift in stride(from: 12, through: 0, by: -4) {
            let nibble = UInt8(truncatingIfNeeded: word >> UInt16(shift)) & 0xF
            if nibble != 0 || started || shift == 0 {
                out.append(nibble < 10 ? 0x30 &+ nibble : 0x57 &+ nibble)
                started = true
            }
        }
    }
}
