/// Markdown text built for reports whose content comes partly from outside (member names
/// from the IX-F export, AS paths, communities): everything inserted goes through `escape`.
///
/// A page has a size budget in bytes. Tables and lists are where a page grows with the IXP (a
/// row per finding, session or problem), so they are the ones that stop: each is given the
/// bytes it may take, never more than the page has left, and when the next row would not fit
/// it ends with a line saying how many rows were left out and where they are.
public struct Markdown {
    public private(set) var text = ""
    /// The page's size limit in bytes of UTF-8.
    public let budget: Int

    /// Room kept for the line that says what a cut table or list left out.
    static let cutLineRoom = 600

    public init(budget: Int = .max) {
        self.budget = budget
    }

    /// Bytes the page may still grow by.
    public var bytesLeft: Int { budget - text.utf8.count }

    /// Inline text with every CommonMark punctuation that could start markup escaped
    /// (CommonMark 0.31, section 2.4: any ASCII punctuation may be backslash-escaped), and
    /// line breaks folded into spaces so a value cannot start a new block.
    public static func escape(_ value: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in DisplayText.short(value).unicodeScalars {
            switch scalar {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "~", "#", "!", "&":
                out.append("\\")
                out.append(scalar)
            default:
                // Scalars, not Characters: "\r\n" is one Character and must not slip through.
                out.append(DisplayText.isControl(scalar) ? " " : scalar)
            }
        }
        return String(out)
    }

    /// Code spans: the content is shown as is (control characters as spaces); backticks
    /// inside get a longer fence.
    public static func code(_ value: String) -> String {
        let flat = String(String.UnicodeScalarView(DisplayText.short(value).unicodeScalars.map { DisplayText.isControl($0) ? " " : $0 }))
        let fence = flat.contains("`") ? "`` " : "`"
        return fence + flat + (fence == "`" ? "`" : " ``")
    }

    public mutating func heading(_ level: Int, _ title: String) {
        blankLine()
        text += String(repeating: "#", count: level) + " " + title + "\n\n"
    }

    /// A paragraph of already-escaped Markdown.
    public mutating func paragraph(_ markdown: String) {
        blankLine()
        text += markdown + "\n\n"
    }

    /// A bullet list of already-escaped Markdown, at most `bytes` long; `more` says where the
    /// items left out are (`3 more in run.json`).
    /// Returns how many items it shows.
    @discardableResult
    public mutating func bullets(_ items: [String], within bytes: Int = .max, more: (Int) -> String = Markdown.moreItems) -> Int {
        blankLine()
        let shown = fitting(items.count, within: bytes) { "- " + items[$0] + "\n" }
        text += "\n"
        if shown < items.count { paragraph(more(items.count - shown)) }
        return shown
    }

    /// A pipe table; cells are already-escaped Markdown. `alignRight` marks numeric columns.
    @discardableResult
    public mutating func table(_ header: [String], _ rows: [[String]], alignRight: Set<Int> = [], within bytes: Int = .max,
                               more: (Int) -> String = Markdown.moreRows) -> Int {
        table(header, count: rows.count, alignRight: alignRight, within: bytes, more: more) { rows[$0] }
    }

    /// A pipe table of `count` rows made one at a time by `row`, at most `limit` of them and
    /// at most `bytes` long: rows past the budget are never made. `more` says where the rows
    /// left out are (`120 more in leaks.csv`). Returns how many rows it shows.
    @discardableResult
    public mutating func table(_ header: [String], count: Int, alignRight: Set<Int> = [], limit: Int = .max,
                               within bytes: Int = .max, more: (Int) -> String = Markdown.moreRows, row: (Int) -> [String]) -> Int {
        blankLine()
        let start = text.utf8.count
        text += "| " + header.joined(separator: " | ") + " |\n"
        text += "|" + header.indices.map { alignRight.contains($0) ? " ---: " : " --- " }.joined(separator: "|") + "|\n"
        let headerBytes = text.utf8.count - start
        let shown = fitting(min(count, limit), within: bytes == .max ? .max : bytes - headerBytes) {
            "| " + row($0).joined(separator: " | ") + " |\n"
        }
        text += "\n"
        if shown < count { paragraph(more(count - shown)) }
        return shown
    }

    public static func moreRows(_ n: Int) -> String { "\(n) more \(n == 1 ? "row" : "rows") not shown." }
    public static func moreItems(_ n: Int) -> String { "\(n) more not shown." }

    /// Appends the lines `line(0)`, `line(1)`... while they fit in `bytes` and in what the page
    /// has left (less room for the line about the rest); returns how many it appended.
    private mutating func fitting(_ count: Int, within bytes: Int, line: (Int) -> String) -> Int {
        let room = min(bytes, bytesLeft - Self.cutLineRoom)
        var used = 0
        for index in 0..<count {
            let next = line(index)
            let size = next.utf8.count
            guard used + size <= room else { return index }
            text += next
            used += size
        }
        return count
    }

    public mutating func image(_ alt: String, path: String) {
        paragraph("![\(Self.escape(alt))](\(path))")
    }

    public mutating func raw(_ markdown: String) {
        text += markdown
    }

    private mutating func blankLine() {
        if !text.isEmpty && !text.hasSuffix("\n\n") { text += text.hasSuffix("\n") ? "\n" : "\n\n" }
    }
}
