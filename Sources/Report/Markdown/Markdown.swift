/// Markdown text built for reports whose content comes partly from outside (member names
/// from the IX-F export, AS paths, communities): everything inserted goes through `escape`.
public struct Markdown {
    public private(set) var text = ""

    public init() {}

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

    public mutating func bullets(_ items: [String]) {
        blankLine()
        for item in items { text += "- " + item + "\n" }
        text += "\n"
    }

    /// A pipe table; cells are already-escaped Markdown. `alignRight` marks numeric columns.
    public mutating func table(_ header: [String], _ rows: [[String]], alignRight: Set<Int> = []) {
        blankLine()
        text += "| " + header.joined(separator: " | ") + " |\n"
        text += "|" + header.indices.map { alignRight.contains($0) ? " ---: " : " --- " }.joined(separator: "|") + "|\n"
        for row in rows { text += "| " + row.joined(separator: " | ") + " |\n" }
        text += "\n"
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
