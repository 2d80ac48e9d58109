import ArgumentParser
import BGP
import Foundation
import Pipeline
import RouteServer

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Explain a route server's whole decision about one prefix from one member.",
        discussion: """
            Reconstructs the night (as `members` does, until --at), applies each route server's \
            import policy to its whole RIB, and explains PREFIX as sent by --from: every route \
            the route server holds for the prefix, the import verdict of the member's route rule \
            by rule with its clauses, its control communities in the order of the IXP's \
            profile, the decision-process step at which each route lost to the best, and for \
            each receiving session (or all sessions of --to) whether it gets the route (with \
            the path and next hop as sent when prepend or blackhole communities change them), \
            why not (import, the session it came from, communities including \
            NO_EXPORT/NO_ADVERTISE, the decision process with graceful shutdown, OpenBGPD's \
            own-path stop, a closed session), \
            whether it is a hidden path, and what would change it ("without 0:8732, AS8732 \
            would receive it"). Markdown on standard output, or JSON with --json. \
            See docs/explain.md.
            """)

    @Argument(help: "The prefix, exactly as announced (193.0.0.0/24, 2001:db8::/32).")
    var prefix: String

    @Option(name: .long, help: "The member whose route is explained (ASN, with or without AS).",
            transform: { try Self.asn($0, "--from") })
    var from: ASNArgument

    @Option(name: .long, help: "Only this receiver (ASN): each of its sessions of the prefix's family; default: every session of that family.",
            transform: { try Self.asn($0, "--to") })
    var to: ASNArgument?

    @Option(name: .long, help: "Only this route server (its label in the job); default: every route server where --from has a session.")
    var rs: String?

    @Option(name: .long, help: "The state at this moment instead of the end of the night (Unix seconds or RFC 3339).")
    var at: TimeArgument?

    @Option(name: .long, help: "Export mode, a behaviour of each route server's implementation: BIRD best, per-client (= secondary), add-path; OpenBGPD default (= best), evaluate-all, add-path. Default: the mode of the job file's settings.")
    var mode: String?

    @Option(name: .long, help: "Directory of the policy presets (default: data/policies beside the job file, in the working directory or in the project).")
    var policyDirectory: String?

    @Flag(name: .long, help: "JSON instead of Markdown: an array with one explanation per route server.")
    var json = false

    @Flag(name: .shortAndLong, help: "Only errors on stderr.")
    var quiet = false

    @OptionGroup var job: JobOptions

    func parsedPrefix() throws -> Prefix {
        guard let p = Prefix(prefix) else { throw ValidationError("\(prefix): not a prefix; give it as ADDRESS/LENGTH (193.0.0.0/24, 2001:db8::/32)") }
        return p
    }

    static func asn(_ text: String, _ flag: String) throws -> ASNArgument {
        do { return ASNArgument(asn: try ASN(parsing: text)) } catch { throw ValidationError("\(flag) \(text): \(error)") }
    }

    func validate() throws {
        _ = try parsedPrefix()
    }

    func run() throws {
        let query = ExplainQuery(prefix: try parsedPrefix(), from: from.asn, to: to?.asn, mode: .best)
        let request = job.request(output: nil, policyDirectory: policyDirectory)
        let day = try runDay(request, to: .members, quiet: quiet, until: at?.seconds)
        let explanations: [Explanation]
        do {
            explanations = try day.explain(NightExplainRequest(query: query, modeName: mode, routeServer: rs, at: at?.seconds,
                                                               policyDirectory: policyDirectory))
        } catch {
            printError("ixaudit explain: \(error)")
            throw ExitCode(2)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            try emit(String(decoding: try encoder.encode(explanations), as: UTF8.self))
        } else {
            try emit(explanations.map(\.markdown).joined(separator: "\n"), newline: false)
        }
    }
}
