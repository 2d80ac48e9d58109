import ArgumentParser
import BGP
import Foundation
import Pipeline
import Report

struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "One member's peering-review page: every rule of the policy, pass, fail or not checked, with the evidence.",
        discussion: """
            Runs the day's analyses (as `report`) and writes the page for one member: each rule \
            of the policy's rule set (SmartHub IX's S1-S7, or PEG Tech's P1-P8 with --policy \
            peg-tech) with pass, fail or not checked and the findings behind it; the member's \
            sessions, routes announced and received, reach and import rejections; every finding \
            about it. Markdown on stdout, or into --out; with --html FILE also the same page as \
            one self-contained HTML file (styles and script inline, no request to anywhere: \
            to attach to a mail).
            """)

    @OptionGroup var job: JobOptions

    @Argument(help: "The member: AS8359 or 8359.", transform: { text in
        do { return ASNArgument(asn: try ASN(parsing: text)) } catch { throw ValidationError("\(text): \(error)") }
    })
    var member: ASNArgument

    @Option(name: .long, help: "Write the page into this file instead of stdout.")
    var out: String?

    @Option(name: .long, help: "Also write the page as one self-contained HTML file (to attach to a mail).")
    var html: String?

    @Option(name: .long, help: "Directory of the policy presets (default: data/policies beside the job file, in the working directory or in the project).")
    var policyDirectory: String?

    @Flag(name: .shortAndLong, help: "Only errors on stderr.")
    var quiet = false

    func run() throws {
        let asn = member.asn
        let day = try runDay(job.request(output: nil, policyDirectory: policyDirectory), to: .audit, quiet: quiet)
        guard let found = day.inputs.members.member(asn: asn) else {
            let known = day.inputs.members.members.prefix(8).map { "AS\($0.asn)" }.joined(separator: ", ")
            printError("AS\(asn) is not in the member list (\(day.inputs.members.count) members, e.g. \(known)); give a member's ASN")
            throw ExitCode(2)
        }
        guard let report = day.report(toolVersion: IXAudit.configuration.version) else { throw ExitCode(2) }
        let summary = report.memberSummaries.first { $0.asn == asn }
        let page = ReviewPage.page(found, day: report, summary: summary)
        do {
            if let html { try TextFile.write(page.html, to: html) }
            if let out { try TextFile.write(page.markdown, to: out) }
        } catch {
            printError("\(error)")
            throw ExitCode(2)
        }
        if let html { try emit(html) }
        if let out {
            try emit(out)
        } else if html == nil {
            try emit(page.markdown, newline: false)
        }
    }
}
