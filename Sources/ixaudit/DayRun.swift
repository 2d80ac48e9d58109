import ArgumentParser
import Audit
import BGP
import Foundation
import Job
import Report
import RouteServer
import Routing

/// One day's analysis, as `report` and `review` run it: the job and its member list, the
/// reconstruction, the route-server simulation and the audit, each phase timed.
struct DayRun {
    let job: JobFile
    let directory: MemberDirectory
    let policy: ImportPolicy
    let reconstruction: Reconstruction
    let simulation: [ExportResult]
    let audit: AuditResult
    /// Phase name and seconds, in order.
    let timings: [(phase: String, seconds: Double)]
    /// The day (YYYY-MM-DD): --date, else the day the data begins.
    let date: String

    /// Loads and runs everything. Bad configuration or reference files throw `ExitCode(2)`
    /// after printing what is wrong.
    static func run(job options: JobOptions, policyDirectory: String?, quiet: Bool, verbose: Bool) throws -> DayRun {
        let job: JobFile
        let directory: MemberDirectory
        let policy: ImportPolicy
        let peeringLANs: [Prefix]
        var relationships: ASRelationships?
        var rpki: ROASet?
        var irr: RouteObjectSet?
        let clock = ContinuousClock()
        var timings: [(String, Double)] = []
        var mark = clock.now
        func phase(_ name: String) {
            let now = clock.now
            timings.append((name, (now - mark).inSeconds))
            mark = now
        }
        do {
            job = try options.load()
            directory = try job.memberDirectory()
            peeringLANs = try job.peeringLANs()
            policy = try PolicyLookup.load(job, directory: policyDirectory)
            try loadReferences(job, relationships: &relationships, rpki: &rpki, irr: &irr)
            phase("job and reference files")
        } catch let error as ValidationError {
            throw error
        } catch {
            printError("\(error)")
            throw ExitCode(2)
        }
        // Data problems go to stderr as they come: the first few, or all with --verbose.
        var decodeIssues = 0, auditIssues = 0
        let progress = ProgressLine(quiet: quiet)
        defer { progress.finish() }
        progress.phase("reconstructing the sessions")
        let reconstruction = Reconstruction()
        reconstruction.run(job.sources.map(\.input)) { issue in
            decodeIssues += 1
            if verbose || (!quiet && decodeIssues <= 20) { printError(issue.description) }
        }
        phase("reconstruction")
        progress.phase("simulating the route servers")
        let simulation = RouteServerSimulation.run(rib: reconstruction.rib, job: job, members: directory, policy: policy)
        phase("simulation")
        progress.phase(job.inputs.flows == nil ? "running the checks" : "running the checks and classifying the flows")
        let flowFiles = job.inputs.flows.map { [$0] } ?? []
        let inputs = AuditInputs(job: job, members: directory, policy: policy, rib: reconstruction.rib,
                                 reconstruction: reconstruction.summary, simulation: simulation, relationships: relationships,
                                 rpki: rpki, irr: irr, flowFiles: flowFiles, peeringLANs: peeringLANs)
        let audit = Audit.run(inputs) { issue in
            auditIssues += 1
            if verbose || (!quiet && auditIssues <= 40) { printError(issue) }
        }
        phase("analyses")
        let date = try options.runDate()?.description ?? String(rfc3339(reconstruction.summary.start ?? UInt32(Date().timeIntervalSince1970)).prefix(10))
        return DayRun(job: job, directory: directory, policy: policy, reconstruction: reconstruction, simulation: simulation,
                      audit: audit, timings: timings, date: date)
    }

    /// The optional reference files of the job.
    static func loadReferences(_ job: JobFile, relationships: inout ASRelationships?, rpki: inout ROASet?,
                               irr: inout RouteObjectSet?) throws {
        if let path = job.inputs.relationships { relationships = try ASRelationships.load(path: path) }
        if let path = job.inputs.rpki { rpki = try ROASet.load(path: path) }
        if let path = job.inputs.irr { irr = try RouteObjectSet.load(path: path) }
    }

    /// What the report pages show; `started` ends the timing of the analyses.
    func report(writing started: ContinuousClock.Instant) -> DayReport {
        var files: [InputFile] = []
        if let file = job.file { files.append(InputFile(role: "job", path: file)) }
        if case let .ixf(path, _) = job.members { files.append(InputFile(role: "members", path: path)) }
        for source in job.sources {
            files += source.ribFiles.map { InputFile(role: "rib \(source.label)", path: $0) }
            files += source.updateFiles.map { InputFile(role: "updates \(source.label)", path: $0) }
        }
        for (key, path) in job.inputs.all { if let path { files.append(InputFile(role: key, path: path)) } }
        return DayReport(ixpName: job.ixp.name, date: date, jobFile: job.file, policy: policy, members: directory,
                         rib: reconstruction.rib, reconstruction: reconstruction.summary, simulation: simulation, audit: audit,
                         inputFiles: files, timings: timings, toolVersion: IXAudit.configuration.version)
    }
}
