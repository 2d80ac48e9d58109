/// A line chart of values over the day (route counts per member): one line per series,
/// time on the x axis in hours, a legend with each series' name.
public struct LineChart {
    public struct Series {
        public var name: String
        /// (seconds since 1970, value), in time order.
        public var points: [(time: UInt32, value: Double)]

        public init(name: String, points: [(time: UInt32, value: Double)]) {
            self.name = name
            self.points = points
        }
    }

    public var title: String
    public var series: [Series]
    public var unit: String

    public init(title: String, series: [Series], unit: String) {
        self.title = title
        self.series = series
        self.unit = unit
    }

    public var svg: String {
        let left = 70.0, plotWidth = 560.0, plotHeight = 220.0, top = 40.0
        let legendTop = top + plotHeight + 36
        let height = legendTop + Double(series.count) * 16 + 10
        var svg = SVG(width: left + plotWidth + 30, height: height)
        svg.text(title, x: 10, y: 22, size: 14, weight: "bold")
        let times = series.flatMap { $0.points.map(\.time) }
        guard let start = times.min(), let end = times.max() else {
            svg.text("nothing to show", x: left, y: top + 20, fill: "#666")
            return svg.document
        }
        let span = Double(max(end - start, 1))
        let maximum = max(series.flatMap { $0.points.map(\.value) }.max() ?? 0, 1)
        func x(_ t: UInt32) -> Double { left + Double(t - start) / span * plotWidth }
        func y(_ v: Double) -> Double { top + plotHeight - v / maximum * plotHeight }
        svg.line(x1: left, y1: top + plotHeight, x2: left + plotWidth, y2: top + plotHeight)
        svg.line(x1: left, y1: top, x2: left, y2: top + plotHeight)
        for step in 0...4 {
            let value = maximum * Double(step) / 4
            svg.line(x1: left - 4, y1: y(value), x2: left + plotWidth, y2: y(value), stroke: "#eee")
            svg.text(BarChart.format(value.rounded()), x: left - 8, y: y(value) + 4, anchor: .end, size: 10)
        }
        let hours = Int(span / 3600)
        let every = max(1, hours / 8)
        for hour in stride(from: 0, through: hours, by: every) {
            let t = start + UInt32(hour * 3600)
            svg.text("+\(hour)h", x: x(t), y: top + plotHeight + 16, anchor: .middle, size: 10)
        }
        svg.text(unit, x: 10, y: top - 8, size: 10, fill: "#444")
        for (i, line) in series.enumerated() {
            let color = Palette.series[i % Palette.series.count]
            svg.polyline(line.points.map { (x($0.time), y($0.value)) }, stroke: color, title: line.name)
            svg.rect(x: left, y: legendTop + Double(i) * 16 - 9, width: 10, height: 10, fill: color)
            svg.text(line.name, x: left + 16, y: legendTop + Double(i) * 16, size: 11)
        }
        return svg.document
    }
}
