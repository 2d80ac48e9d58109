/// The few SVG elements the charts need, with text escaped (labels are member names from
/// outside). Numbers are written with one decimal at most, so the files are stable.
struct SVG {
    private(set) var body = ""
    let width: Double
    let height: Double

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// XML 1.0 text: markup characters as entities; control characters, which XML forbids
    /// or would keep raw, and the non-characters U+FFFE and U+FFFF as spaces: what HTML text
    /// needs too, so the same escaping serves both.
    static func escape(_ text: String) -> String { HTML.escape(DisplayText.short(text)) }

    static func number(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths < 0 && tenths > -10 ? "-" : "")\(tenths / 10).\(abs(tenths % 10))"
    }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String, title: String? = nil) {
        body += "<rect x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" width=\"\(Self.number(max(0, width)))\" height=\"\(Self.number(max(0, height)))\" fill=\"\(fill)\""
        if let title { body += "><title>\(Self.escape(title))</title></rect>\n" } else { body += "/>\n" }
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String = "#999", width: Double = 1) {
        body += "<line x1=\"\(Self.number(x1))\" y1=\"\(Self.number(y1))\" x2=\"\(Self.number(x2))\" y2=\"\(Self.number(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(Self.number(width))\"/>\n"
    }

    mutating func polyline(_ points: [(Double, Double)], stroke: String, title: String? = nil) {
        let list = points.map { "\(Self.number($0.0)),\(Self.number($0.1))" }.joined(separator: " ")
        body += "<polyline fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"1.5\" points=\"\(list)\""
        if let title { body += "><title>\(Self.escape(title))</title></polyline>\n" } else { body += "/>\n" }
    }

    enum Anchor: String { case start, middle, end }

    mutating func text(_ value: String, x: Double, y: Double, anchor: Anchor = .start, size: Double = 11,
                       weight: String = "normal", fill: String = "#222") {
        body += "<text x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" text-anchor=\"\(anchor.rawValue)\" font-size=\"\(Self.number(size))\" font-weight=\"\(weight)\" fill=\"\(fill)\">\(Self.escape(value))</text>\n"
    }

    var document: String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\" font-family=\"Helvetica, Arial, sans-serif\">\n"
            + "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n" + body + "</svg>\n"
    }
}

/// Colours that stay apart for the usual colour-vision deficiencies (Okabe and Ito's palette).
enum Palette {
    static let series = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
    static let severity: [String: String] = ["error": "#D55E00", "warning": "#E69F00", "notice": "#56B4E9", "info": "#999999"]
}
