import BGP

/// How the consistency findings write values in their evidence, so that a person can compare
/// them with what `ixaudit dump` shows.
enum ConsistencyEvidence {
    /// The AS path in bgpdump's notation, "(empty)" for an empty path, "(none)" without one.
    static func path(_ path: ASPath?) -> String {
        guard let path else { return "(none)" }
        return path.segments.isEmpty ? "(empty)" : path.description
    }

    static func med(_ med: UInt32?) -> String { med.map { "MED \($0)" } ?? "no MED" }

    /// Standard then large communities, each sorted; "no communities" when there are none.
    static func communities(_ attributes: PathAttributes) -> String {
        communities(standard: attributes.communities.sorted(), large: attributes.largeCommunities.sorted())
    }

    static func communities(standard: [Community], large: [LargeCommunity]) -> String {
        let all = standard.map(\.description) + large.map(\.description)
        return all.isEmpty ? "no communities" : all.joined(separator: " ")
    }

    /// "2026-11-21 03:12:05 UTC" for seconds since 1970 (civil date from the day count,
    /// proleptic Gregorian calendar).
    static func time(_ seconds: UInt32) -> String {
        let days = Int(seconds / 86_400), rest = Int(seconds % 86_400)
        let shifted = days + 719_468
        let era = shifted / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(year)-\(two(month))-\(two(day)) \(two(rest / 3600)):\(two(rest / 60 % 60)):\(two(rest % 60)) UTC"
    }

    /// "1 time" / "3 times".
    static func times(_ n: Int) -> String { n == 1 ? "1 time" : "\(n) times" }
}
