/// Inline content of a page, typed so that each output escapes it for its own format: a
/// member name is `text` (escaped as Markdown in index.md, as HTML in index.html), our own
/// prose is `plain`, a prefix or a check is `code`.
public indirect enum Inline: Sendable {
    /// Text from outside (member names, evidence, AS paths): shortened to
    /// `DisplayText.limit`, control characters as spaces, and escaped for the format.
    case text(String)
    /// The report's own words and figures: written as is in Markdown, escaped in HTML.
    case plain(String)
    case code(String)
    case strong(Span)
    case emphasis(Span)
    case link(Span, LinkTarget)
}

/// Where a link points. Pages are named without their extension, so that index.md links to
/// `leaks.md` and index.html to `leaks.html`; files (CSV, JSON) are the same for both.
public enum LinkTarget: Sendable {
    /// A page of the report, relative to the linking page and without extension: `leaks`, `reviews/AS64500`.
    case page(String)
    /// A file of the report, relative to the linking page: `findings.csv`.
    case file(String)
    /// A section of the same page, by its heading's anchor: `data-quality`.
    case section(String)
}

/// A run of inline content. Built by string interpolation: literal text is `plain`, an
/// interpolated `String` is `text` (escaped), and the labelled forms say what else it is:
/// `"\(code: prefix) of \(member) in \(link: "leaks.csv", to: .file("leaks.csv"))"`.
public struct Span: Sendable, ExpressibleByStringInterpolation {
    public var parts: [Inline]

    public init(_ parts: [Inline]) { self.parts = parts }
    /// Text from outside, escaped.
    public init(_ text: String) { parts = text.isEmpty ? [] : [.text(text)] }
    public init(plain: String) { parts = plain.isEmpty ? [] : [.plain(plain)] }
    public init(code: String) { parts = [.code(code)] }
    public init(stringLiteral value: String) { self.init(plain: value) }
    public init(stringInterpolation: Interpolation) { parts = stringInterpolation.parts }

    public static let empty = Span([])

    public var isEmpty: Bool { parts.isEmpty }

    public static func + (a: Span, b: Span) -> Span { Span(a.parts + b.parts) }
    public static func += (a: inout Span, b: Span) { a.parts += b.parts }

    /// Spans joined by `separator` (plain text).
    public static func joined(_ spans: [Span], separator: String) -> Span {
        var parts: [Inline] = []
        for (index, span) in spans.enumerated() {
            if index > 0 && !separator.isEmpty { parts.append(.plain(separator)) }
            parts += span.parts
        }
        return Span(parts)
    }

    public struct Interpolation: StringInterpolationProtocol {
        var parts: [Inline] = []

        public init(literalCapacity: Int, interpolationCount: Int) { parts.reserveCapacity(interpolationCount * 2 + 1) }

        public mutating func appendLiteral(_ literal: String) { if !literal.isEmpty { parts.append(.plain(literal)) } }
        /// Text from outside: escaped.
        public mutating func appendInterpolation(_ text: String) { if !text.isEmpty { parts.append(.text(text)) } }
        public mutating func appendInterpolation<N: BinaryInteger>(_ number: N) { parts.append(.plain("\(number)")) }
        public mutating func appendInterpolation(_ span: Span) { parts += span.parts }
        /// The report's own words or figures, as they are.
        public mutating func appendInterpolation(plain: String) { if !plain.isEmpty { parts.append(.plain(plain)) } }
        public mutating func appendInterpolation(code: String) { parts.append(.code(code)) }
        public mutating func appendInterpolation(strong: Span) { parts.append(.strong(strong)) }
        public mutating func appendInterpolation(emphasis: Span) { parts.append(.emphasis(emphasis)) }
        public mutating func appendInterpolation(link: Span, to target: LinkTarget) { parts.append(.link(link, target)) }
    }
}
