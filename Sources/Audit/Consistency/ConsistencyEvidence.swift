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

    /// "2026-11-21 03:12:05 UTC" for seconds since 1970: RFC 3339 with a space and a zone
    /// name, easier to read in a sentence.
    static func time(_ seconds: UInt32) -> String {
        let text = rfc3339(seconds)
        return text.prefix(10) + " " + text.dropFirst(11).dropLast() + " UTC"
    }

    /// "1 time" / "3 times".
    static func times(_ n: Int) -> String { n == 1 ? "1 time" : "\(n) times" }
}
