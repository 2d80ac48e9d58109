import ArgumentParser
import Glibc

@main
struct IXAudit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ixaudit",
        abstract: "Offline MRT/BGP analysis for Internet Exchange Points.",
        discussion: """
            Decodes MRT RIB dumps and update streams (gzip, bzip2 or plain) from route servers \
            and route collectors, reconstructs what every member announces on every session, \
            simulates what the route servers export to whom, and reports consistency, route \
            leaks, transit abuse and default-pointing suspects.
            """,
        version: "0.1.0",
        subcommands: [Dump.self, Members.self, Simulate.self, Explain.self, ReportCommand.self, ReviewCommand.self, HistoryCommand.self, StudyCommand.self, SynthCommand.self])

    /// The exit codes README promises: 0 done, 1 --fail-on matched, 2 bad input,
    /// configuration or environment. Argument errors are 2 (not the parser's 64), and a
    /// failed write to standard error is 2 as well.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                printError(fullMessage(for: error))
                Glibc.exit(2)
            }
            if code == .success { exit(withError: error) }
            if !(error is ExitCode) { printError(fullMessage(for: error)) }
            Glibc.exit(standardErrorFailed ? 2 : code.rawValue)
        }
        Glibc.exit(standardErrorFailed ? 2 : 0)
    }
}
