/// A horizontal bar chart: one bar per label, each bar made of stacked segments (one per
/// legend key), values written at the bar's end. Drawn by the project so reports need no
/// plotting tool.
public struct BarChart {
    public struct Bar {
        public var label: String
        /// One value per legend key, in legend order.
        public var values: [Double]

        public init(label: String, values: [Double]) {
            self.label = label
            self.values = values
        }
    }

    public var title: String
    /// The meaning of each segment; one segment means no legend is drawn.
    public var legend: [String]
    public var colors: [String]
    public var bars: [Bar]
    /// Unit shown after totals ("routes", "GB").
    public var unit: String

    public init(title: String, legend: [String], colors: [String]? = nil, bars: [Bar], unit: String = "") {
        self.title = title
        self.legend = legend
        self.colors = colors ?? Array(Palette.series.prefix(max(1, legend.count)))
        self.bars = bars
        self.unit = unit
    }

    public var svg: String {
        let labelWidth = min(260.0, 7.0 * Double(bars.map(\.label.count).max() ?? 10) + 16)
        let plotWidth = 460.0, barHeight = 18.0, gap = 6.0
        let top = legend.count > 1 ? 58.0 : 40.0
        let height = top + Double(max(1, bars.count)) * (barHeight + gap) + 16
        var svg = SVG(width: labelWidth + plotWidth + 110, height: height)
        svg.text(title, x: 10, y: 22, size: 14, weight: "bold")
        if legend.count > 1 {
            var x = 10.0
            for (i, key) in legend.enumerated() {
                svg.rect(x: x, y: 32, width: 10, height: 10, fill: colors[i % colors.count])
                svg.text(key, x: x + 14, y: 41, size: 11)
                x += 24 + 6.5 * Double(key.count)
            }
        }
        let maximum = max(bars.map { $0.values.reduce(0, +) }.max() ?? 0, 1e-9)
        if bars.isEmpty { svg.text("nothing to show", x: 10, y: top + 14, fill: "#666") }
        for (row, bar) in bars.enumerated() {
            let y = top + Double(row) * (barHeight + gap)
            svg.text(bar.label, x: labelWidth - 8, y: y + 13, anchor: .end)
            var x = labelWidth
            for (i, value) in bar.values.enumerated() where value > 0 {
                let width = value / maximum * plotWidth
                svg.rect(x: x, y: y, width: width, height: barHeight, fill: colors[i % colors.count],
                         title: "\(bar.label): \(legend.count > 1 ? legend[i] + " " : "")\(Self.format(value)) \(unit)")
                x += width
            }
            svg.text("\(Self.format(bar.values.reduce(0, +)))\(unit.isEmpty ? "" : " " + unit)", x: x + 6, y: y + 13, size: 10, fill: "#444")
        }
        svg.line(x1: labelWidth, y1: top - 4, x2: labelWidth, y2: height - 12)
        return svg.document
    }

    /// Whole numbers as such, thousands grouped with a thin space; fractions with one decimal.
    static func format(_ value: Double) -> String {
        if value != value.rounded() || abs(value) < 1 && value != 0 { return SVG.number(value) }
        var digits = String(Int(value)), grouped = ""
        while digits.count > 3 {
            grouped = "\u{2009}" + digits.suffix(3) + grouped
            digits = String(digits.dropLast(3))
        }
        return digits + grouped
    }
}
