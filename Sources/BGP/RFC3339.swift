/// RFC 3339 text of a Unix time in UTC (`2016-08-11T16:00:00Z`).
public func rfc3339(_ seconds: UInt32) -> String {
    var out: [UInt8] = []
    appendRFC3339(seconds, to: &out)
    return String(decoding: out, as: UTF8.self)
}

/// `rfc3339` written straight into bytes (tables write millions of times).
@_specialize(exported: true, where S == [UInt8])
public func appendRFC3339<S: ByteSink>(_ seconds: UInt32, to out: inout S) {
    // Days to civil date (the proleptic Gregorian algorithm of H. Hinnant's date library).
    let days = Int(seconds / 86_400)
    let secondOfDay = Int(seconds % 86_400)
    let z = days + 719_468
    let era = z / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let mp = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    func two(_ v: Int) {
        out.append(0x30 + UInt8(v / 10))
        out.append(0x30 + UInt8(v % 10))
    }
    two(year / 100); two(year % 100)
    out.append(UInt8(ascii: "-")); two(month)
    out.append(UInt8(ascii: "-")); two(day)
    out.append(UInt8(ascii: "T")); two(secondOfDay / 3600)
    out.append(UInt8(ascii: ":")); two(secondOfDay / 60 % 60)
    out.append(UInt8(ascii: ":")); two(secondOfDay % 60)
    out.append(UInt8(ascii: "Z"))
}
