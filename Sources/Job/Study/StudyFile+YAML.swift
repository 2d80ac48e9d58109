import Foundation

/// The study file format (YAML):
///
/// ```yaml
/// study: community-usage                 # the study's name
/// ixps:                                  # at least one
///   - {name: smarthub, job: smarthub/job.yaml}   # job files with {date} paths
///   - {name: peg, job: peg/job.yaml}
/// nights: {from: 2026-11-20, to: 2026-11-22}     # both included, at most 36,600 nights
/// scenarios:                             # optional what-if scenarios, run on every night
///   - {name: no-rs2, file: scenarios/no-rs2.yaml}
/// modes: [per-client]                    # optional: the scenarios' export modes
/// output: study-output                   # the shards and tables
/// policies: ../data/policies             # optional: the policy presets' directory
/// ```
///
/// Relative paths are taken from the study file's directory. Unknown keys are errors.
extension StudyFile {
    public static func load(path: String) throws(ConfigurationFileError) -> StudyFile {
        let text = try YAMLDocument.text(path: path, kind: "study file")
        let directory = (path as NSString).deletingLastPathComponent
        return try parse(yaml: text, file: path, baseDirectory: directory.isEmpty ? nil : directory)
    }

    static let expected = "a mapping with study, ixps, nights and output"
    static let keys = ["study", "ixps", "nights", "scenarios", "modes", "output", "policies"]
    static let nameExpected = "a name of letters, digits, '-', '_' or '.' (at most 64)"

    public static func parse(yaml: String, file: String = "study.yaml", baseDirectory: String? = nil) throws(ConfigurationFileError) -> StudyFile {
        let root = try YAMLDocument.root(yaml: yaml, file: file, expected: expected)
        let top = try root.mapping(allowed: keys, expected: expected)
        let base = URL(fileURLWithPath: baseDirectory ?? FileManager.default.currentDirectoryPath, isDirectory: true)
        func absolute(_ node: YAMLNode, expected: String) throws(ConfigurationFileError) -> String {
            let text = try node.string(expected: expected)
            return URL(fileURLWithPath: text, relativeTo: base).standardized.path
        }
        func name(_ node: YAMLNode) throws(ConfigurationFileError) -> String {
            try node.value(expected: nameExpected) { isPlainName($0) ? $0 : nil }
        }

        let study = try name(top.required("study", expected: nameExpected))
        var ixps: [IXP] = []
        for node in try top.requiredList("ixps", expected: "a list of IXPs, each {name, job}") {
            let entry = try node.mapping(allowed: ["name", "job"], expected: "an IXP: {name, job}")
            let ixp = IXP(name: try name(entry.required("name", expected: nameExpected)),
                          job: try absolute(entry.required("job", expected: "a job file path"), expected: "a job file path"))
            if ixps.contains(where: { $0.name == ixp.name }) { throw .duplicate(node.location, value: ixp.name) }
            ixps.append(ixp)
        }

        let range = try top.required("nights", expected: "the nights: {from: YYYY-MM-DD, to: YYYY-MM-DD}")
            .mapping(allowed: ["from", "to"], expected: "the nights: {from: YYYY-MM-DD, to: YYYY-MM-DD}")
        let first = try range.required("from", expected: "a date YYYY-MM-DD").value(expected: "a date YYYY-MM-DD", JobDate.init)
        let lastNode = try range.required("to", expected: "a date YYYY-MM-DD")
        let last = try lastNode.value(expected: "a date YYYY-MM-DD", JobDate.init)
        guard first <= last else { throw lastNode.rejected("the last night \(last) is before the first, \(first)") }
        let nights = Self.nights(from: first, to: last)
        guard nights.count <= 36_600 else { throw lastNode.rejected("\(nights.count) nights: a study covers at most 100 years") }

        var scenarios: [Scenario] = []
        for node in try top["scenarios"]?.list(expected: "a list of scenarios, each {name, file}") ?? [] {
            let entry = try node.mapping(allowed: ["name", "file"], expected: "a scenario: {name, file}")
            let scenario = Scenario(name: try name(entry.required("name", expected: nameExpected)),
                                    file: try absolute(entry.required("file", expected: "a scenario file path"), expected: "a scenario file path"))
            if scenario.name == "baseline" { throw node.rejected("'baseline' names the night without a scenario; choose another name") }
            if scenarios.contains(where: { $0.name == scenario.name }) { throw .duplicate(node.location, value: scenario.name) }
            scenarios.append(scenario)
        }
        let modesExpected = "export modes: best, per-client or add-path"
        var modes: [ExportMode] = []
        for node in try top["modes"]?.items(expected: modesExpected) ?? [] {
            let mode = try node.value(expected: modesExpected, ExportMode.init(rawValue:))
            if !modes.contains(mode) { modes.append(mode) }
        }
        let output = try absolute(top.required("output", expected: "the study's output directory"), expected: "the study's output directory")
        let policies = try top["policies"].map { (node) throws(ConfigurationFileError) in try absolute(node, expected: "a directory of policy presets") }
        return StudyFile(name: study, ixps: ixps, nights: nights, scenarios: scenarios, modes: modes.isEmpty ? [.perClient] : modes,
                         output: output, policyDirectory: policies, file: file)
    }
}
