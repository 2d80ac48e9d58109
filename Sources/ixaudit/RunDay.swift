import ArgumentParser
import Pipeline
import Routing

/// Loads and runs the day for a command: data problems on stderr as they come (the first
/// few, or all with --verbose); inputs that could not be used on stderr even with --quiet;
/// any `DayInputError` printed and turned into exit 2.
func runDay(_ request: DayRequest, to stage: DayStage, quiet: Bool, verbose: Bool = false,
            until: UInt32? = nil, seriesInterval: UInt32 = 300,
            reconstructed: ((DayInputs, Reconstruction) -> Void)? = nil) throws -> DayRun {
    let progress = ProgressLine(quiet: quiet)
    defer { progress.finish() }
    var decodeIssues = 0, auditIssues = 0
    let observer = DayObserver(
        phase: { progress.phase($0) },
        decodeIssue: { issue in
            decodeIssues += 1
            if verbose || (!quiet && decodeIssues <= 20) { printError(issue.description) }
        },
        auditIssue: { issue in
            auditIssues += 1
            if verbose || (!quiet && auditIssues <= 40) { printError(issue) }
        })
    do {
        let run = try DayRun.run(request, to: stage, until: until, seriesInterval: seriesInterval, observer: observer,
                                   reconstructed: reconstructed)
        progress.finish()
        for record in run.inputs.ledger.problems { printError("warning: " + (record.problem ?? "")) }
        return run
    } catch {
        progress.finish()
        printError(error.description)
        throw ExitCode(2)
    }
}
