import BGP

/// Writes the report's files into its directory, each through a temporary name, and gives
/// back the names written (relative to the directory) for the report's list of files.
struct ReportFiles: Sendable {
    let directory: String
    let tables: LargeTables

    func csv(_ name: String, _ header: [String], _ body: (inout CSVWriter) -> Void) throws -> [String] {
        var table = try CSVWriter(path: "\(directory)/\(name)", header: header)
        body(&table)
        try table.finish()
        return [name]
    }

    /// A table that grows with the routes, gzip unless `tables` says otherwise.
    func large(_ name: String, _ header: [String], _ body: (inout CSVWriter) -> Void) throws -> [String] {
        var table = try tables.writer(name, in: directory, header: header)
        body(&table)
        try table.finish()
        return [tables.fileName(name)]
    }

    func text(_ name: String, _ content: String) throws -> [String] {
        try TextFile.write(content, to: "\(directory)/\(name)")
        return [name]
    }

    /// Each page twice, from the same blocks: `name.md` and `name.html`.
    func page(_ name: String, _ page: Page) throws -> [String] {
        try text(name + ".md", page.markdown) + text(name + ".html", page.html)
    }
}

/// A part of the report: it writes its files and returns their names in the order listed.
typealias ReportPart = () throws -> [String]

extension ReportFiles {
    /// Runs `parts` on both cores, each handed to whichever thread is free in the order given,
    /// and returns their files in that order, whichever finished first. Every part has ended
    /// when this returns or throws, so no thread still writes into the directory; the error
    /// thrown is that of the first part, in the order given, that failed (what writing them
    /// one after the other would have stopped at).
    static func write(_ parts: [ReportPart]) throws -> [String] {
        let outcomes = inParallel(parts.map { part in { Result { try part() } } })
        return try outcomes.flatMap { try $0.get() }
    }
}
