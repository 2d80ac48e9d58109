import Foundation

/// A CSV table per RFC 4180: a header row, CRLF line ends, fields quoted when they hold a
/// comma, a quote or a line break (quotes doubled). Text that a spreadsheet would run as a
/// formula (starting with = + - @, tab or CR) is neutralised with a leading apostrophe —
/// member names and communities come from outside.
public struct CSVTable {
    public enum Cell: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
        case text(String)
        case number(Int64)
        case empty

        public init(stringLiteral value: String) { self = .text(value) }
        public init(integerLiteral value: Int64) { self = .number(value) }
        public init(_ value: Int) { self = .number(Int64(value)) }
        public init(_ value: UInt32?) { self = value.map { .number(Int64($0)) } ?? .empty }
        public init(_ value: String?) { self = value.map { .text($0) } ?? .empty }
    }

    public let header: [String]
    public private(set) var rows: [[Cell]] = []

    public init(header: [String]) { self.header = header }

    public mutating func append(_ row: [Cell]) {
        precondition(row.count == header.count, "a CSV row must have \(header.count) cells")
        rows.append(row)
    }

    public var text: String {
        var out = header.map(Self.field).joined(separator: ",") + "\r\n"
        for row in rows {
            out += row.map { cell -> String in
                switch cell {
                case let .text(s): return Self.field(Self.neutralised(s))
                case let .number(n): return String(n)
                case .empty: return ""
                }
            }.joined(separator: ",")
            out += "\r\n"
        }
        return out
    }

    static func neutralised(_ s: String) -> String {
        guard let first = s.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return s }
        return "'" + s
    }

    static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// RFC 3339 text of a Unix time in UTC (`2016-08-11T16:00:00Z`).
public func rfc3339(_ seconds: UInt32) -> String {
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
    func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
    return "\(year)-\(two(month))-\(two(day))T\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60))Z"
}
