import BGP

/// Parsers for the fields of a flow line, reading the bytes where they lie (no String, no
/// allocation): a flow file holds millions of lines, and each is read once. Each returns nil
/// for anything it does not fully accept.
enum FlowFieldParsing {
    /// A run of 1 to 19 ASCII digits (19 digits never overflow 64 bits).
    @inline(__always)
    static func decimal(_ p: UnsafePointer<UInt8>, _ count: Int) -> UInt64? {
        guard count > 0, count <= 19 else { return nil }
        var value: UInt64 = 0
        for i in 0..<count {
            let digit = p[i] &- 0x30
            guard digit < 10 else { return nil }
            value = value &* 10 &+ UInt64(digit)
        }
        return value
    }

    /// The value of a hex digit, or 0xFF.
    @inline(__always)
    static func hexDigit(_ byte: UInt8) -> UInt8 {
        let digit = byte &- 0x30
        if digit < 10 { return digit }
        let letter = (byte | 0x20) &- 0x61
        return letter < 6 ? letter + 10 : 0xFF
    }

    /// A MAC-48 address as `aa:bb:cc:dd:ee:ff` (or with `-`), `aabb.ccdd.eeff` (Cisco) or
    /// `aabbccddeeff` (sflowtool); hex digits in either case.
    @inline(__always)
    static func mac(_ p: UnsafePointer<UInt8>, _ count: Int) -> UInt64? {
        if count == 17 && p[2] == UInt8(ascii: ":") { return colonMAC(p) }
        // Where each of the 12 digits is, and where the separators are, by spelling.
        let digitsApart: Int, groupSize: Int
        switch count {
        case 17: (digitsApart, groupSize) = (3, 2)   // aa:bb:cc:dd:ee:ff
        case 14: (digitsApart, groupSize) = (5, 4)   // aabb.ccdd.eeff
        case 12: (digitsApart, groupSize) = (12, 12) // aabbccddeeff
        default: return nil
        }
        let separator = count == 12 ? 0 : p[groupSize]
        switch count {
        case 17: guard separator == UInt8(ascii: ":") || separator == UInt8(ascii: "-") else { return nil }
        case 14: guard separator == UInt8(ascii: ".") else { return nil }
        default: break
        }
        var value: UInt64 = 0
        var group = 0
        while group < count {
            for i in group..<(group + groupSize) {
                let digit = hexDigit(p[i])
                guard digit < 16 else { return nil }
                value = value << 4 | UInt64(digit)
            }
            let next = group + digitsApart
            if next < count && p[next - 1] != separator { return nil }
            group = next
        }
        return value
    }

    /// `aa:bb:cc:dd:ee:ff`, the IX-F spelling and the common case, unrolled.
    @inline(__always)
    private static func colonMAC(_ p: UnsafePointer<UInt8>) -> UInt64? {
        guard p[5] == p[2], p[8] == p[2], p[11] == p[2], p[14] == p[2] else { return nil }
        var value: UInt64 = 0
        var bad: UInt8 = 0
        for i in stride(from: 0, to: 17, by: 3) {
            let high = hexDigit(p[i]), low = hexDigit(p[i + 1])
            bad |= high | low
            value = value << 8 | UInt64(high << 4 | low)
        }
        return bad < 16 ? value : nil
    }

    /// An IPv4 or IPv6 address.
    @inline(__always)
    static func address(_ p: UnsafePointer<UInt8>, _ count: Int) -> IPAddress? {
        // IPv6 text has a colon among its first five bytes (a group is at most four digits).
        var i = 0
        while i < count && i < 5 {
            if p[i] == UInt8(ascii: ":") { return ipv6(p, count) }
            i += 1
        }
        return ipv4(p, count).map { IPAddress(ipv4: $0) }
    }

    /// Dotted-quad IPv4: four decimal octets of 1 to 3 digits, each at most 255.
    @inline(__always)
    static func ipv4(_ p: UnsafePointer<UInt8>, _ count: Int) -> UInt32? {
        guard count >= 7, count <= 15 else { return nil }
        var value: UInt32 = 0
        var i = 0
        for octetIndex in 0..<4 {
            guard i < count else { return nil }
            var octet = UInt32(p[i] &- 0x30)
            guard octet < 10 else { return nil }
            i += 1
            for _ in 0..<2 {
                guard i < count else { break }
                let digit = UInt32(p[i] &- 0x30)
                guard digit < 10 else { break }
                octet = octet * 10 + digit
                i += 1
            }
            guard octet <= 255 else { return nil }
            value = value << 8 | octet
            if octetIndex < 3 {
                guard i < count, p[i] == UInt8(ascii: ".") else { return nil }
                i += 1
            }
        }
        return i == count ? value : nil
    }

    /// RFC 4291 section 2.2 text: eight groups of 1 to 4 hex digits, one `::` standing for a
    /// run of zero groups, an IPv4 dotted quad as the last two groups. Both the compressed form
    /// (RFC 5952) and sflowtool's full form (`2001:0db8:0000:...`) read.
    static func ipv6(_ p: UnsafePointer<UInt8>, _ count: Int) -> IPAddress? {
        guard count >= 2 else { return nil }
        // Groups before the `::` (or all of them) and after it, each as a 128-bit value.
        var head = (high: UInt64(0), low: UInt64(0)), tail = (high: UInt64(0), low: UInt64(0))
        var headGroups = 0, tailGroups = 0
        var gap = false
        var i = 0
        if p[0] == UInt8(ascii: ":") {
            guard p[1] == UInt8(ascii: ":") else { return nil }
            gap = true
            i = 2
        }
        while i < count {
            let start = i
            var group: UInt64 = 0
            while i < count, i - start < 5 {
                let digit = hexDigit(p[i])
                if digit == 0xFF { break }
                group = group << 4 | UInt64(digit)
                i += 1
            }
            var added: UInt64 = group
            var width = 1
            if i < count && p[i] == UInt8(ascii: ".") {
                // An IPv4 tail takes the rest of the text and two groups.
                guard let v4 = ipv4(p + start, count - start) else { return nil }
                added = UInt64(v4)
                width = 2
                i = count
            } else {
                guard i > start, i - start <= 4 else { return nil }
            }
            if gap {
                tail = shiftLeft(tail, groups: width)
                tail.low |= added
                tailGroups += width
            } else {
                head = shiftLeft(head, groups: width)
                head.low |= added
                headGroups += width
            }
            guard headGroups + tailGroups <= 8 else { return nil }
            if i == count { break }
            guard p[i] == UInt8(ascii: ":"), i + 1 < count else { return nil }
            i += 1
            if p[i] == UInt8(ascii: ":") {
                guard !gap else { return nil }
                gap = true
                i += 1
            }
        }
        if !gap {
            guard headGroups == 8 else { return nil }
            return IPAddress(ipv6High: head.high, low: head.low)
        }
        guard headGroups + tailGroups <= 7 else { return nil }
        let placed = shiftLeft(head, groups: 8 - headGroups)
        return IPAddress(ipv6High: placed.high | tail.high, low: placed.low | tail.low)
    }

    @inline(__always)
    private static func shiftLeft(_ value: (high: UInt64, low: UInt64), groups: Int) -> (high: UInt64, low: UInt64) {
        var v = value
        for _ in 0..<groups {
            v = (v.high << 16 | v.low >> 48, v.low << 16)
        }
        return v
    }

    /// Seconds since 1970: Unix seconds (a fraction after a dot is dropped), or RFC 3339
    /// section 5.6 `YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM)` (`T` may be a space or `t`).
    static func timestamp(_ p: UnsafePointer<UInt8>, _ count: Int) -> UInt32? {
        var seconds: UInt64 = 0
        var i = 0
        while i < count && i < 11, case let digit = p[i] &- 0x30, digit < 10 {
            seconds = seconds * 10 + UInt64(digit)
            i += 1
        }
        if i > 0 && (i == count || (p[i] == UInt8(ascii: ".") && isDigits(p + i + 1, count - i - 1))) {
            return seconds <= UInt64(UInt32.max) ? UInt32(seconds) : nil
        }
        return rfc3339(p, count)
    }

    private static func isDigits(_ p: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        guard count > 0 else { return false }
        for i in 0..<count where p[i] &- 0x30 >= 10 { return false }
        return true
    }

    private static func rfc3339(_ p: UnsafePointer<UInt8>, _ count: Int) -> UInt32? {
        guard count >= 20 else { return nil }
        func number(_ at: Int, _ width: Int) -> Int? { decimal(p + at, width).map(Int.init) }
        guard p[4] == UInt8(ascii: "-"), p[7] == UInt8(ascii: "-"), p[13] == UInt8(ascii: ":"), p[16] == UInt8(ascii: ":"),
              p[10] == UInt8(ascii: "T") || p[10] == UInt8(ascii: "t") || p[10] == UInt8(ascii: " "),
              let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
              (1...12).contains(month), (1...daysIn(month, year)).contains(day),
              hour < 24, minute < 60, second <= 60 else { return nil }
        var i = 19
        if p[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            while i < count, p[i] &- 0x30 < 10 { i += 1 }
            guard i > start else { return nil }
        }
        guard i < count else { return nil }
        var offset = 0
        switch p[i] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard i + 1 == count else { return nil }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard i + 6 == count, p[i + 3] == UInt8(ascii: ":"), let h = number(i + 1, 2), let m = number(i + 4, 2),
                  h < 24, m < 60 else { return nil }
            offset = (h * 60 + m) * 60 * (p[i] == UInt8(ascii: "+") ? 1 : -1)
        default:
            return nil
        }
        let seconds = daysSince1970(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second - offset
        guard seconds >= 0, seconds <= Int(UInt32.max) else { return nil }
        return UInt32(seconds)
    }

    private static func daysIn(_ month: Int, _ year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days from 1970-01-01 to the date (proleptic Gregorian), counting years from March so
    /// that the leap day falls at the end of the counted year.
    static func daysSince1970(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let monthFromMarch = (month + 9) % 12
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1
        let daysBeforeYear = 365 * y + y / 4 - y / 100 + y / 400
        // Counted from 0000-03-01, 1970-01-01 is day 719,468.
        return daysBeforeYear + dayOfYear - 719_468
    }
}
