import Job

/// The shards of a study, in a fixed order: by IXP as listed, then night, then the night's
/// report before its scenarios in the order listed, each in the modes listed. A night's
/// shards have directories side by side, never one inside another, for each is replaced as
/// a whole: OUTPUT/shards/IXP/NIGHT/report and OUTPUT/shards/IXP/NIGHT/scenarios/NAME/MODE.
public enum StudyPlan {
    public static func shards(of study: StudyFile) -> [Shard] {
        var shards: [Shard] = []
        for ixp in study.ixps {
            for night in study.nights.map(\.description) {
                let id = "\(ixp.name)/\(night)"
                shards.append(Shard(id: id, ixp: ixp.name, job: ixp.job, night: night, output: study.output,
                                    directory: "\(study.output)/shards/\(id)/report"))
                for scenario in study.scenarios {
                    for mode in study.modes {
                        let scenarioID = "\(id)/\(scenario.name)/\(mode)"
                        shards.append(Shard(id: scenarioID, ixp: ixp.name, job: ixp.job, night: night, scenario: scenario.name,
                                            scenarioFile: scenario.file, mode: mode.rawValue, output: study.output,
                                            directory: "\(study.output)/shards/\(id)/scenarios/\(scenario.name)/\(mode)"))
                    }
                }
            }
        }
        return shards
    }

    /// The shard `id` of `study`, or nil.
    public static func shard(_ id: String, of study: StudyFile) -> Shard? {
        shards(of: study).first { $0.id == id }
    }
}
