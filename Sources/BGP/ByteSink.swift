/// Something text is written into as UTF-8 bytes: a growing array or an output buffer.
/// Rendering goes through this so that the hot output path and `description` share one
/// implementation of every format.
///
/// A generic renderer called from another module runs unspecialized there: each byte goes
/// through the protocol's witness, a call per digit. The renderers the report's tables call
/// for every route carry `@_specialize(exported: true, where S == [UInt8])`, which compiles
/// the array version into this module for callers elsewhere.
public protocol ByteSink {
    mutating func append(_ byte: UInt8)
    mutating func append(ascii text: StaticString)
    mutating func append(raw bytes: UnsafeRawBufferPointer)
}

extension Array: ByteSink where Element == UInt8 {
    @inlinable public mutating func append(ascii text: StaticString) {
        text.withUTF8Buffer { self.append(contentsOf: $0) }
    }

    @inlinable public mutating func append(raw bytes: UnsafeRawBufferPointer) {
        append(contentsOf: bytes)
    }
}

extension ByteSink {
    /// Decimal digits of `value`, as `%u` prints them.
    @inlinable public mutating func appendDecimal(_ value: UInt32) {
        if value < 10 {
            append(0x30 &+ UInt8(truncatingIfNeeded: value))
            return
        }
        if value < 100 {
            append(0x30 &+ UInt8(truncatingIfNeeded: value / 10))
            append(0x30 &+ UInt8(truncatingIfNeeded: value % 10))
            return
        }
        var divisor: UInt32 = 100
        while divisor <= value / 10 { divisor &*= 10 }
        var rest = value
        while divisor > 0 {
            append(0x30 &+ UInt8(truncatingIfNeeded: rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    /// Decimal digits of a signed value, as `%d` prints it.
    @inlinable public mutating func appendSignedDecimal(_ value: Int32) {
        if value < 0 {
            append(UInt8(ascii: "-"))
            appendDecimal(UInt32(bitPattern: value).magnitudeOfNegative)
        } else {
            appendDecimal(UInt32(value))
        }
    }

    /// At least six digits, zero-padded (`%06ld`), for microsecond fractions.
    @inlinable public mutating func appendSixDigits(_ value: UInt32) {
        var divisor: UInt32 = 100_000
        while divisor > value && divisor > 1 {
            append(0x30)
            divisor /= 10
        }
        appendDecimal(value)
    }

    @inlinable public mutating func append(string: String) {
        var copy = string
        copy.withUTF8 { append(raw: UnsafeRawBufferPointer($0)) }
    }

    @inlinable public mutating func append(bytes: [UInt8]) {
        bytes.withUnsafeBytes { append(raw: $0) }
    }
}

extension UInt32 {
    /// |x| for the two's-complement negative `x` stored in self.
    @inlinable var magnitudeOfNegative: UInt32 { ~self &+ 1 }
}
