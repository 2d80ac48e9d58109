import ArgumentParser
import Foundation
import Job
import Report
import Study

struct StudyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "study",
        abstract: "Studies across many nights and IXPs: list a study's shards, run one shard.",
        discussion: """
            A study file (YAML; docs/studies.md) names IXPs by their job files, a range of \
            nights, optional what-if scenarios and the output directory. `plan` prints one JSON \
            line per shard; `run-shard` runs one into its directory under OUTPUT/shards with a manifest.json. \
            The Spark driver in spark/ runs the shards of a plan on a cluster and merges their \
            tables into Parquet.
            """,
        subcommands: [Plan.self, RunShard.self])

    struct Plan: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the study's shards, one JSON object per line: id, ixp, job, night, scenario, scenario_file, mode, output, directory.",
            discussion: "Exit codes: 0 done; 2 a study file that cannot be read or is wrong (the message names the line and field).")

        @Argument(help: "The study file (YAML).")
        var study: String

        func run() throws {
            let file = try loadStudy(study)
            for shard in StudyPlan.shards(of: file) { try emit(shard.jsonLine) }
        }
    }

    struct RunShard: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run-shard",
            abstract: "Run one shard of a study into its directory, with manifest.json.",
            discussion: """
                The night's report (or, for a scenario shard, its simulation with the scenario) is \
                written into the shard's directory (OUTPUT/shards/IXP/NIGHT/report, or \
                .../scenarios/SCENARIO/MODE), replaced as a whole when the run ends, so a shard \
                can be run again and retried. A shard that fails (a missing RIB dump, a wrong job \
                file) leaves a directory with only manifest.json, whose status is failed and whose \
                reason says why. Exit codes: 0 done; 2 the shard failed, or no such shard.
                """)

        @Argument(help: "The study file (YAML).")
        var study: String

        @Option(name: .long, help: "The shard's id, as `plan` prints it (e.g. smarthub/2026-11-21).")
        var shard: String

        @Flag(name: .long, help: "Write the tables with a row per route as plain .csv instead of .csv.gz.")
        var uncompressed = false

        @Flag(name: .shortAndLong, help: "Only errors on stderr.")
        var quiet = false

        func run() throws {
            let file = try loadStudy(study)
            guard let shard = StudyPlan.shard(self.shard, of: file) else {
                printError("\(study): no shard \(self.shard); `ixaudit study plan \(study)` lists them")
                throw ExitCode(2)
            }
            let manifest = ShardRun.run(shard, policyDirectory: file.policyDirectory, toolVersion: IXAudit.configuration.version,
                                        tables: LargeTables(compressed: !uncompressed))
            switch manifest.status {
            case .done:
                if !quiet { printError("\(shard.id): done, \(manifest.tables.count) files in \(shard.directory)") }
            case .failed:
                printError("\(shard.id): failed: \(manifest.reason ?? "")")
                throw ExitCode(manifest.exitStatus)
            }
        }
    }
}

private func loadStudy(_ path: String) throws -> StudyFile {
    do {
        return try StudyFile.load(path: path)
    } catch {
        printError(error.description)
        throw ExitCode(2)
    }
}
