extension Page {
    /// The page as one self-contained HTML document: inline CSS, charts as inline SVG, and a
    /// few lines of inline script that sort long tables (the page reads the same without it).
    /// The Content-Security-Policy forbids every request: no font, image, script or style
    /// from anywhere, this file's own inline ones excepted.
    public var html: String {
        // The budget is the whole file's: the head, style and script take their part first.
        var renderer = HTMLRenderer(budget: htmlBudget == .max ? .max : htmlBudget - PageStyle.documentRoom)
        for block in blocks { renderer.render(block) }
        let title = blocks.lazy.compactMap { block -> String? in
            if case let .heading(_, span) = block { return span.plainText }
            return nil
        }.first ?? "ixaudit report"
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="\(PageStyle.contentSecurityPolicy)">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTML.escape(DisplayText.short(title)))</title>
            <style>
            \(PageStyle.css)</style>
            </head>
            <body>
            <main>

            """ + renderer.body + "</main>\n" + (renderer.sortable ? "<script>\n\(PageStyle.sortScript)</script>\n" : "")
            + "</body>\n</html>\n"
    }
}

/// Writes a page's blocks as HTML within a byte budget, as `Markdown` does for Markdown.
struct HTMLRenderer {
    var body = ""
    let budget: Int
    /// Whether a table got the sorting script's class.
    var sortable = false
    private var anchors: Set<String> = []

    /// Tables longer than this sort by their headers.
    static let sortableRows = 10
    static let cutLineRoom = 1_200

    init(budget: Int) { self.budget = budget }

    private var bytesLeft: Int { budget - body.utf8.count }

    mutating func render(_ block: Page.Block) {
        switch block {
        case let .heading(level, title):
            body += "<h\(level) id=\"\(anchor(title.plainText))\">"
            title.appendHTML(to: &body)
            body += "</h\(level)>\n"
        case let .paragraph(content):
            paragraph(content)
        case let .bullets(list):
            body += "<ul>\n"
            let shown = fitting(list.items.count, within: list.within) { index in
                var line = "<li>"
                list.items[index].appendHTML(to: &line)
                return line + "</li>\n"
            }
            body += "</ul>\n"
            if shown < list.total { paragraph(list.more(list.total - shown)) }
        case let .table(table):
            render(table)
        case let .chart(title, _, svg):
            body += "<figure role=\"img\" aria-label=\"\(HTML.escape(title))\">\n" + svg + "</figure>\n"
        }
    }

    private mutating func paragraph(_ content: Span) {
        body += "<p>"
        content.appendHTML(to: &body)
        body += "</p>\n"
    }

    private mutating func render(_ table: Page.Table) {
        let isSortable = table.rows.count > Self.sortableRows
        sortable = sortable || isSortable
        let start = body.utf8.count
        body += isSortable ? "<div class=\"wide\"><table class=\"sortable\">\n<thead><tr>" : "<div class=\"wide\"><table>\n<thead><tr>"
        for (column, name) in table.header.enumerated() {
            body += table.numeric.contains(column) ? "<th class=\"num\" data-numeric>" : "<th>"
            HTML.appendEscaped(name, to: &body)
            body += "</th>"
        }
        body += "</tr></thead>\n<tbody>\n"
        let headerBytes = body.utf8.count - start
        let within = table.within == .max ? Int.max : table.within * Page.htmlFactor - headerBytes
        let shown = fitting(table.rows.count, within: within) { index in
            var line = "<tr>"
            for (column, cell) in table.rows[index].enumerated() {
                line += table.numeric.contains(column) ? "<td class=\"num\">" : "<td>"
                cell.appendHTML(to: &line)
                line += "</td>"
            }
            return line + "</tr>\n"
        }
        body += "</tbody>\n</table></div>\n"
        if shown < table.total { paragraph(table.more(table.total - shown)) }
    }

    /// Appends `line(0)`, `line(1)`... while they fit in `bytes` and in what the page has
    /// left (less room for the line about the rest); returns how many it appended.
    private mutating func fitting(_ count: Int, within bytes: Int, line: (Int) -> String) -> Int {
        let room = min(bytes, bytesLeft - Self.cutLineRoom)
        var used = 0
        for index in 0..<count {
            let next = line(index)
            guard used + next.utf8.count <= room else { return index }
            body += next
            used += next.utf8.count
        }
        return count
    }

    /// The heading's anchor as GitHub makes it for Markdown (lower case, spaces as hyphens,
    /// other punctuation dropped), so `#data-quality` leads to the same section in both;
    /// a repeated heading gets `-1`, `-2`...
    private mutating func anchor(_ title: String) -> String {
        let base = String(title.lowercased().unicodeScalars.compactMap { scalar -> Character? in
            if scalar == " " { return "-" }
            if scalar == "-" || scalar == "_" || scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                return Character(scalar)
            }
            return nil
        })
        var candidate = base, suffix = 0
        while anchors.contains(candidate) {
            suffix += 1
            candidate = "\(base)-\(suffix)"
        }
        anchors.insert(candidate)
        return HTML.escape(candidate)
    }
}
