/// A report page as blocks of typed inline content, rendered to Markdown and to HTML by
/// their own renderers (`markdown`, `html`): neither output is made from the other.
///
/// The Markdown is written as the blocks are added, because the page's size budget is in
/// bytes of that Markdown: a table or a list stops where the next row would not fit
/// (`Markdown`), and the block keeps the rows it shows and how many there were. The HTML
/// renderer shows the same rows, or fewer when its own budget (`htmlBudget`) runs out first,
/// with the same "N more in X.csv" line.
public struct Page {
    public enum Block {
        case heading(level: Int, Span)
        case paragraph(Span)
        case bullets(List)
        case table(Table)
        /// A chart: the Markdown links its SVG file, the HTML draws the SVG inline.
        case chart(title: String, path: String, svg: String)
    }

    public struct List {
        public var items: [Span]
        /// How many items there were before the Markdown budget cut the list.
        public var total: Int
        public var within: Int
        public var more: (Int) -> Span
    }

    public struct Table {
        public var header: [String]
        /// Columns of figures: right-aligned, sorted as numbers.
        public var numeric: Set<Int>
        /// The rows the Markdown page shows.
        public var rows: [[Span]]
        /// How many rows the table has, shown or not.
        public var total: Int
        public var within: Int
        public var more: (Int) -> Span
    }

    public private(set) var blocks: [Block] = []
    private var markdownPage: Markdown
    /// The HTML page's size limit in bytes: markup makes the same content about twice as large.
    public let htmlBudget: Int

    public init(budget: Int = .max) {
        markdownPage = Markdown(budget: budget)
        htmlBudget = budget == .max ? .max : budget * Self.htmlFactor
    }

    static let htmlFactor = 3

    public var markdown: String { markdownPage.text }

    public mutating func heading(_ level: Int, _ title: Span) {
        markdownPage.heading(level, title.markdown)
        blocks.append(.heading(level: level, title))
    }

    public mutating func paragraph(_ content: Span) {
        markdownPage.paragraph(content.markdown)
        blocks.append(.paragraph(content))
    }

    public mutating func bullets(_ items: [Span], within bytes: Int = .max,
                                 more: @escaping (Int) -> Span = { Span(plain: Markdown.moreItems($0)) }) {
        let shown = markdownPage.bullets(items.map(\.markdown), within: bytes, more: { more($0).markdown })
        blocks.append(.bullets(List(items: Array(items.prefix(shown)), total: items.count, within: bytes, more: more)))
    }

    public mutating func table(_ header: [String], _ rows: [[Span]], alignRight: Set<Int> = [], within bytes: Int = .max,
                               more: @escaping (Int) -> Span = { Span(plain: Markdown.moreRows($0)) }) {
        table(header, count: rows.count, alignRight: alignRight, within: bytes, more: more) { rows[$0] }
    }

    /// A table of `count` rows made one at a time by `row`: rows past the Markdown budget or
    /// `limit` are never made.
    public mutating func table(_ header: [String], count: Int, alignRight: Set<Int> = [], limit: Int = .max,
                               within bytes: Int = .max, more: @escaping (Int) -> Span = { Span(plain: Markdown.moreRows($0)) },
                               row: (Int) -> [Span]) {
        var made: [[Span]] = []
        let shown = markdownPage.table(header, count: count, alignRight: alignRight, limit: limit, within: bytes,
                                       more: { more($0).markdown }) { index in
            let cells = row(index)
            made.append(cells)
            return cells.map(\.markdown)
        }
        made.removeLast(made.count - shown)
        blocks.append(.table(Table(header: header, numeric: alignRight, rows: made, total: count, within: bytes, more: more)))
    }

    public mutating func chart(_ title: String, path: String, svg: String) {
        markdownPage.image(title, path: path)
        blocks.append(.chart(title: title, path: path, svg: svg))
    }
}
