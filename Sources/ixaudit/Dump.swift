import ArgumentParser
import MRT
#if canImport(Glibc)
import Glibc
#endif

struct Dump: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the routes and state changes of MRT files, one line each.",
        discussion: """
            The default format is the reference decoder's (`bgpdump -m`), byte for byte. \
            --json prints one JSON object per route or state change with everything decoded. \
            A summary of records read, decoded and skipped goes to stderr, with records malformed \
            in part, RFC 7606 treat-as-withdraw and attribute discard, and ADD-PATH path ids read \
            from OPEN messages or inferred, when there are any. Exit status 2 when a file could \
            not be read to its end or a record was malformed, whole or in part. Damage in a \
            file does not stop it: the decoder searches for the next plausible record header and \
            goes on; every byte range skipped is in the summary (with --json also as a line \
            {"type":"skipped_bytes",...}) and makes the exit status 2.
            """)

    @Argument(help: "MRT files (gzip, bzip2 or plain, detected from content); - for standard input.")
    var files: [String]

    @Flag(name: .long, help: "One JSON object per line instead of bgpdump -m lines.")
    var json = false

    @Flag(name: [.customShort("l"), .long], help: "Add a large-communities column after the communities (bgpdump -m -l).")
    var largeCommunities = false

    @Flag(name: .long, help: "Decode only: print nothing but the summary (for timing the decoder).")
    var count = false

    @Flag(name: .shortAndLong, help: "No summary on stderr.")
    var quiet = false

    @Option(name: .long, help: "Show at most this many malformed-record messages (the summary counts all).")
    var maxIssues = 20

    func run() throws {
        // The flags as plain values: a property wrapper's getter, read per record, costs a
        // generic metadata look-up each time (about 4% of a RIB dump's decoding).
        let count = count, json = json, quiet = quiet, maxIssues = maxIssues
        var out = OutputBuffer(descriptor: 1)
        let lines = BgpdumpLineWriter(includeLargeCommunities: largeCommunities)
        let jsonWriter = JSONLineWriter()
        var summary = DecodeSummary()
        var shownIssues = 0
        var routes = 0
        let progress = ProgressLine(quiet: quiet)
        files: for file in files {
            let stream = RecordStream(path: file)
            let onIssue = { (issue: DecodeIssue) in
                shownIssues += 1
                if !quiet && shownIssues <= maxIssues { printError(issue.description) }
            }
            var rangesShown = 0
            while let (header, record) = stream.next(onIssue: onIssue) {
                if json && stream.summary.skippedRanges.count > rangesShown {
                    for range in stream.summary.skippedRanges[rangesShown...] { jsonWriter.write(range, to: &out) }
                    rangesShown = stream.summary.skippedRanges.count
                }
                if count {
                    routes += record.routeCount
                } else if json {
                    routes += jsonWriter.write(record, header: header, to: &out)
                } else {
                    routes += lines.write(record, header: header, to: &out)
                }
                // A reader that went away, or a full disk: stop decoding, claim nothing more.
                if out.failed { break files }
                if stream.summary.recordsRead % 16_384 == 0 { progress.update(stream.input, recordsSoFar: summary.recordsRead + stream.summary.recordsRead) }
            }
            if json && !out.failed {
                for range in stream.summary.skippedRanges.dropFirst(rangesShown) { jsonWriter.write(range, to: &out) }
            }
            summary.merge(stream.summary)
        }
        out.close()
        progress.finish()
        try checkStandardOutput(out.failure)
        if !quiet {
            for line in summary.report { printError(line) }
            printError("\(routes) routes and state changes \(count ? "decoded" : "printed")")
            if shownIssues > maxIssues { printError("(\(shownIssues - maxIssues) more malformed-record messages not shown; --max-issues)") }
        }
        if !summary.clean { throw ExitCode(2) }
    }
}
