extension LinkTarget {
    /// The address as the Markdown page writes it.
    var markdown: String {
        switch self {
        case let .page(path): return path + ".md"
        case let .file(path): return path
        case let .section(anchor): return "#" + anchor
        }
    }

    /// The address as the HTML page writes it (before attribute escaping): pages are the .html ones.
    var html: String {
        switch self {
        case let .page(path): return path + ".html"
        case let .file(path): return path
        case let .section(anchor): return "#" + anchor
        }
    }
}

extension Span {
    /// CommonMark: `text` through `Markdown.escape`, code spans through `Markdown.code`.
    public var markdown: String {
        var out = ""
        appendMarkdown(to: &out)
        return out
    }

    func appendMarkdown(to out: inout String) {
        for part in parts {
            switch part {
            case let .text(value): out += Markdown.escape(value)
            case let .plain(value): out += value
            case let .code(value): out += Markdown.code(value)
            case let .strong(inner): out += "**"; inner.appendMarkdown(to: &out); out += "**"
            case let .emphasis(inner): out += "*"; inner.appendMarkdown(to: &out); out += "*"
            case let .link(inner, target):
                out += "["; inner.appendMarkdown(to: &out); out += "](" + target.markdown + ")"
            }
        }
    }

    /// HTML: every character that could be markup as an entity, whatever its origin.
    public var html: String {
        var out = ""
        appendHTML(to: &out)
        return out
    }

    func appendHTML(to out: inout String) {
        for part in parts {
            switch part {
            case let .text(value): HTML.appendEscaped(DisplayText.short(value), to: &out)
            case let .plain(value): HTML.appendEscaped(value, to: &out)
            case let .code(value): out += "<code>"; HTML.appendEscaped(DisplayText.short(value), to: &out); out += "</code>"
            case let .strong(inner): out += "<strong>"; inner.appendHTML(to: &out); out += "</strong>"
            case let .emphasis(inner): out += "<em>"; inner.appendHTML(to: &out); out += "</em>"
            case let .link(inner, target):
                out += "<a href=\""; HTML.appendEscaped(target.html, to: &out); out += "\">"
                inner.appendHTML(to: &out)
                out += "</a>"
            }
        }
    }

    /// The words alone, without markup: for headings' anchors and sorting.
    var plainText: String {
        parts.map { part in
            switch part {
            case let .text(value), let .plain(value), let .code(value): return value
            case let .strong(inner), let .emphasis(inner), let .link(inner, _): return inner.plainText
            }
        }.joined()
    }
}
