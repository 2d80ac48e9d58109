import Audit

/// How the pages and run.json describe the classified flows.
enum TrafficText {
    static func summaryLine(_ traffic: TrafficResult) -> String {
        "Flows read; \(traffic.findings.count) traffic findings."
    }

    static func chart(_ traffic: TrafficResult, day: DayReport) -> (file: String, title: String, svg: String) {
        ("traffic-unannounced.svg", "Traffic to destinations the receiver did not announce",
         BarChart(title: "Traffic to unannounced destinations", legend: ["bytes"], bars: [], unit: "B").svg)
    }

    static func runRecord(_ traffic: TrafficResult) -> [String: Any] {
        ["findings": traffic.findings.count]
    }
}
