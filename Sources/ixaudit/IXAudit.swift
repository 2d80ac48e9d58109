import ArgumentParser

@main
struct IXAudit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ixaudit",
        abstract: "Offline MRT/BGP analysis for Internet Exchange Points.",
        discussion: """
            Decodes MRT RIB dumps and update streams (gzip, bzip2 or plain) from route servers \
            and route collectors. Later subcommands reconstruct member announcements, simulate \
            route-server exports and write audit reports.
            """,
        version: "0.1.0",
        subcommands: [Dump.self, Members.self, Simulate.self, SynthCommand.self])
}
