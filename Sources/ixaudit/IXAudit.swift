import ArgumentParser

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
        subcommands: [Dump.self, Members.self, Simulate.self, ReportCommand.self, ReviewCommand.self, SynthCommand.self])
}
