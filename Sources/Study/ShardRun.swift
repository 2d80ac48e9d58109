import Audit
import Foundation
import Job
import Pipeline
import Report

/// Runs one shard into its directory: the night's report (the files `ixaudit report` writes)
/// or, for a scenario shard, the night's simulation with the scenario (the files `ixaudit
/// simulate --scenario` writes), plus `manifest.json`. The directory is replaced as a whole
/// when the run ends (OutputDirectory), so running a shard again, after a failure or not,
/// leaves one complete result. A run that fails publishes a directory with only the
/// manifest, which says why.
public enum ShardRun {
    public static func run(_ shard: Shard, policyDirectory: String?, toolVersion: String,
                           tables: LargeTables = LargeTables()) -> ShardManifest {
        let started = Date()
        var manifest = ShardManifest(shard: shard, status: .done, toolVersion: toolVersion, started: started, finished: started)
        let kind: OutputRequest.Kind = shard.scenario == nil ? .report : .simulation
        var request = DayRequest(jobFile: shard.job, date: JobDate(shard.night))
        request.policyDirectory = policyDirectory
        request.scenario = shard.scenarioFile
        request.output = OutputRequest(path: shard.directory, kind: kind)
        do {
            let day = try DayRun.run(request, to: shard.scenario == nil ? .audit : .simulation)
            manifest.inputs = day.inputs.ledger.records.map(Self.input)
            guard let output = day.inputs.output else { throw ShardFailure("the shard's directory was not claimed") }
            let staging = try output.stage()
            if shard.scenario == nil {
                guard let report = day.report(toolVersion: toolVersion) else { throw ShardFailure("the job has no usable policy") }
                manifest.tables = try ReportWriter.write(report, into: staging, tables: tables)
                manifest.figures = figures(day, findings: report.audit.findings)
            } else {
                guard !day.simulation.isEmpty else { throw ShardFailure("no source of the job is labelled like a route server") }
                var modes: [String: ExportMode] = [:]
                for server in day.inputs.job.ixp.routeServers { modes[server.label] = try server.exportMode(named: shard.mode) }
                manifest.tables = try SimulationOutput.write(day, modes: modes, exports: false, into: staging, tables: tables).names
                manifest.figures = figures(day, findings: [])
            }
            manifest.finished = Date()
            try TextFile.write(manifest.json(), to: "\(staging)/\(ShardManifest.fileName)")
            try output.publish(version: toolVersion)
            return manifest
        } catch {
            manifest.status = .failed
            manifest.reason = "\(error)"
            manifest.tables = []
            manifest.figures = [:]
            manifest.finished = Date()
            publishFailure(manifest, kind: kind)
            return manifest
        }
    }

    static func input(_ record: InputRecord) -> [String: String] {
        var entry = ["role": record.role.description, "path": record.path, "state": record.state.label]
        if let bytes = record.bytes { entry["bytes"] = String(bytes) }
        if let sha256 = record.sha256 { entry["sha256"] = sha256 }
        if let problem = record.problem { entry["problem"] = problem }
        return entry
    }

    static func figures(_ day: DayRun, findings: [Finding]) -> [String: Int] {
        let summary = day.reconstruction.summary
        var figures = ["rib_entries": summary.ribEntries, "update_messages": summary.updateMessages,
                       "sessions": day.reconstruction.rib.sessions.count, "members": day.inputs.members.members.count,
                       "findings": findings.count,
                       "hidden_paths": day.simulation.reduce(0) { $0 + $1.hiddenPaths.count }]
        for severity in Severity.allCases { figures["findings_\(severity.rawValue)"] = findings.filter { $0.severity == severity }.count }
        return figures
    }

    /// A failed shard's directory: the manifest alone, published like any output.
    static func publishFailure(_ manifest: ShardManifest, kind: OutputRequest.Kind) {
        guard let output = try? OutputDirectory(claiming: OutputRequest(path: manifest.shard.directory, kind: kind), inputs: []),
              let staging = try? output.stage() else { return }
        do {
            try TextFile.write(manifest.json(), to: "\(staging)/\(ShardManifest.fileName)")
            try output.publish(version: manifest.toolVersion)
        } catch {
            output.discard()
        }
    }
}

struct ShardFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
