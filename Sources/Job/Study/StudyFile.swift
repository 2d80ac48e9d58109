import Foundation

/// A study (docs/studies.md): many nights of many IXPs, each night of each IXP run as the
/// nightly report runs it, and optionally what-if scenarios on every night. `ixaudit study
/// plan` lists its shards; a Spark job (spark/) or a shell loop runs them.
public struct StudyFile: Sendable, Equatable {
    public struct IXP: Sendable, Equatable {
        /// The IXP's name in shard ids and partitions: letters, digits, `-`, `_`, `.`.
        public var name: String
        /// Its job file (absolute), whose paths use `{date}`.
        public var job: String
    }

    public struct Scenario: Sendable, Equatable {
        public var name: String
        /// The scenario file (absolute; data/scenarios shows the format).
        public var file: String
    }

    public var name: String
    public var ixps: [IXP]
    /// Every night of the range, in order.
    public var nights: [JobDate]
    public var scenarios: [Scenario]
    /// The export modes the scenarios are simulated in (default: per-client).
    public var modes: [ExportMode]
    /// Where the shards and the tables go (absolute).
    public var output: String
    /// The policy presets' directory, when the study names one.
    public var policyDirectory: String?
    /// The study file, as given.
    public var file: String

    /// The nights from `first` to `last`, both included.
    public static func nights(from first: JobDate, to last: JobDate) -> [JobDate] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard var day = calendar.date(from: DateComponents(year: first.year, month: first.month, day: first.day)) else { return [] }
        var nights: [JobDate] = []
        while true {
            let night = JobDate(day)
            guard night <= last else { return nights }
            nights.append(night)
            day = calendar.date(byAdding: .day, value: 1, to: day)!
        }
    }

    /// A name that can be a directory and a Parquet partition value.
    static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64 && name != "." && name != ".."
            && name.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0)) }
    }
}
