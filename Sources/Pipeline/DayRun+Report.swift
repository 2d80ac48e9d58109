import Audit
import Report

extension DayRun {
    /// What the report pages show. Needs the audit stage.
    public func report(toolVersion: String) -> DayReport? {
        guard let audit, let policy = inputs.policy else { return nil }
        let files = inputs.ledger.records.map { record in
            InputFile(role: record.role.description, path: record.path, state: record.state.label, bytes: record.bytes,
                      sha256: record.sha256, problem: record.problem)
        }
        return DayReport(ixpName: inputs.job.ixp.name, date: date, jobFile: inputs.job.file, policy: policy,
                         members: inputs.members, rib: reconstruction.rib, reconstruction: reconstruction.summary,
                         simulation: simulation, audit: audit, inputFiles: files, timings: timings, toolVersion: toolVersion)
    }
}
