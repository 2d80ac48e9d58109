import Foundation
import Job
import RouteServer
import Routing

/// Finds the job's import policy: a file, or a preset looked up in the policy directories.
enum PolicyLookup {
    static func load(_ job: JobFile, directory policyDirectory: String?) throws(DayInputError) -> ImportPolicy {
        switch job.policy {
        case let .file(path):
            do { return try ImportPolicy.load(path: path) } catch { throw .configuration(error.description) }
        case let .preset(name):
            var candidates: [String] = []
            if let policyDirectory { candidates.append(policyDirectory) }
            if let file = job.file {
                let jobDirectory = URL(fileURLWithPath: file).deletingLastPathComponent()
                candidates += [jobDirectory.appendingPathComponent("policies").path,
                               jobDirectory.appendingPathComponent("../policies").standardized.path,
                               jobDirectory.appendingPathComponent("../data/policies").standardized.path]
            }
            candidates.append("data/policies")
            // The project's own presets, from a binary built in .build/<configuration>/.
            let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            candidates.append(executable.deletingLastPathComponent().appendingPathComponent("../../../data/policies").standardized.path)
            for directory in candidates where FileManager.default.fileExists(atPath: "\(directory)/\(name).yaml") {
                do { return try ImportPolicy.preset(name, directory: directory) } catch { throw .configuration(error.description) }
            }
            throw .configuration("policy preset \(name): no \(name).yaml in \(candidates.joined(separator: ", ")); give --policy-directory or --policy FILE")
        }
    }
}
