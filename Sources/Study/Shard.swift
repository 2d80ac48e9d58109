import Foundation
import Job

/// One unit of a study: one night of one IXP, as the nightly report runs it (`scenario` nil),
/// or that night under a what-if scenario in one export mode. It is run on its own into its
/// own directory (`ShardRun`), so a cluster can run shards in any order, retry them and run
/// the same one twice.
public struct Shard: Codable, Sendable, Equatable {
    /// `ixp/night` or `ixp/night/scenario/mode`: unique in the study.
    public var id: String
    public var ixp: String
    public var job: String
    public var night: String
    public var scenario: String?
    public var scenarioFile: String?
    public var mode: String?
    /// The study's output directory (absolute).
    public var output: String
    /// The shard's directory (absolute), under `output`'s `shards/` (`StudyPlan`).
    public var directory: String

    enum CodingKeys: String, CodingKey {
        case id, ixp, job, night, scenario, mode, output, directory
        case scenarioFile = "scenario_file"
    }

    /// The plan's line for this shard: one JSON object, keys sorted.
    public var jsonLine: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(self), as: UTF8.self)
    }
}
