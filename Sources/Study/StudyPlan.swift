import Job

/// The shards of a study, in a fixed order: by IXP as listed, then night, then the night's
/// report before its scenarios in the order listed, each in the modes listed.
public enum StudyPlan {
    public static func shards(of study: StudyFile) -> [Shard] {
        var shards: [Shard] = []
        for ixp in study.ixps {
            for night in study.nights.map(\.description) {
                let id = "\(ixp.name)/\(night)"
                shards.append(Shard(id: id, ixp: ixp.name, job: ixp.job, night: night, directory: directory(study, id)))
                for scenario in study.scenarios {
                    for mode in study.modes {
                        let scenarioID = "\(id)/\(scenario.name)/\(mode)"
                        shards.append(Shard(id: scenarioID, ixp: ixp.name, job: ixp.job, night: night, scenario: scenario.name,
                                            scenarioFile: scenario.file, mode: mode.rawValue, directory: directory(study, scenarioID)))
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

    static func directory(_ study: StudyFile, _ id: String) -> String { "\(study.output)/shards/\(id)" }
}
