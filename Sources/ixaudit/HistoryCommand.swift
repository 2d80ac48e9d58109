import ArgumentParser
import Audit
import Foundation
import History
import Job
import Report

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Query the history `report --history` records: a member's nights, a check's trend, a finding's nights.",
        discussion: """
            Reads the history database (an SQLite file or a PostgreSQL URL; docs/history.md) \
            and prints one row per recorded night, oldest first, as Markdown or CSV on \
            standard output. Give one question. --member ASN: the member's findings \
            by severity, sessions, routes, routes received and reach (empty where a night has \
            no record of the member). --check ID: the check's findings, the members they are \
            about and how many are new since the previous night. --finding "CHECK ASN KEY": \
            whether the finding was present, its severity, count and routes; KEY is the \
            history's finding_key (e.g. --finding "peer-leak 64500 10.0.0.0/24 AS64501").

            The history is read, never created: a missing file is an error. Exit codes: 0 \
            done; 2 no such history, an empty one, an unknown member, check or finding, or a \
            database that cannot be read (the message says which).
            """)

    @Option(name: .long, help: "The history database: an SQLite file or postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE. Default: the job file's history:.")
    var history: String?

    @Option(name: .long, help: "The job file whose history: to read (when --history is not given).")
    var config: String?

    @Option(name: .long, help: "The date for the job file's date placeholders (YYYY-MM-DD, today or yesterday; default: today), as report takes it.")
    var date: DateArgument?

    @Option(name: .long, help: "A member's timeline: its ASN (64500 or AS64500).")
    var member: ASNArgument?

    @Option(name: .long, help: "A check's trend across members: its id, as in checks.csv (e.g. peer-leak).")
    var check: String?

    @Option(name: .long, help: "The nights a finding was present: \"CHECK ASN KEY\", as the history's check_id, member_asn and finding_key.")
    var finding: FindingArgument?

    @Option(name: .long, help: "md (a Markdown table, default) or csv.")
    var format: HistoryFormat = .md

    func validate() throws {
        let questions = [member != nil, check != nil, finding != nil].filter { $0 }.count
        if questions != 1 { throw ValidationError("give one of --member ASN, --check ID or --finding \"CHECK ASN KEY\"") }
        if history == nil && config == nil { throw ValidationError("give --history FILE-or-URL or --config job.yaml (its history:)") }
    }

    func run() throws {
        let location: String
        if let history {
            location = history
        } else {
            let job: JobFile
            do {
                job = try JobFile.load(path: config!, date: date?.date ?? JobDate(Date()))
            } catch {
                printError("\(error)")
                throw ExitCode(2)
            }
            guard let named = job.history else {
                printError("\(config!): the job file names no history (history: FILE or a postgres:// URL); give --history")
                throw ExitCode(2)
            }
            location = named
        }
        let table: HistoryTable
        do {
            let store = try HistoryStore(HistoryLocation(location), create: false)
            if let member {
                table = try store.memberTimeline(member.asn.rawValue)
            } else if let check {
                table = try store.checkTrend(check)
            } else {
                table = try store.findingNights(finding!.identity)
            }
        } catch {
            printError(error.description)
            throw ExitCode(2)
        }
        try emit(format.render(table), newline: false)
    }
}

enum HistoryFormat: String, ExpressibleByArgument, CaseIterable {
    case md, csv

    func render(_ table: HistoryTable) -> String {
        switch self {
        case .csv:
            var csv = CSVWriter(header: table.columns)
            for row in table.rows {
                for cell in row { csv.text(cell) }
                csv.endRow()
            }
            return csv.string
        case .md:
            var page = Markdown()
            page.heading(2, Markdown.escape(table.title))
            let numeric = (0..<table.columns.count).filter { column in
                table.rows.allSatisfy { $0[column].isEmpty || Int($0[column]) != nil }
            }
            page.table(table.columns, table.rows.map { $0.map(Markdown.escape) }, alignRight: Set(numeric))
            return page.text
        }
    }
}

/// `CHECK ASN KEY`: the key is the rest of the text, spaces and all.
struct FindingArgument: ExpressibleByArgument {
    var identity: FindingIdentity

    init?(argument: String) {
        let parts = argument.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
        // 0: a finding about no member, as the history keeps it.
        let asn = parts.count == 3 ? String(parts[1]) : ""
        guard parts.count == 3, let member = asn == "0" ? 0 : ASNArgument(argument: asn)?.asn.rawValue else { return nil }
        identity = FindingIdentity(check: String(parts[0]), member: member, key: String(parts[2]))
    }
}
