import Audit
import BGP
import Foundation

/// How the pages and run.json describe the classified flows.
enum TrafficText {
    static func summaryLine(_ traffic: TrafficResult) -> String {
        var text = "\(PageText.count(traffic.read.samples)) flow samples read"
        if traffic.read.skippedLines > 0 { text += " (\(PageText.count(traffic.read.skippedLines)) lines skipped, see run.json)" }
        text += ": \(PageText.bytes(traffic.total.bytes)) between members (scaled by the sampling rate)"
        if traffic.ixInternal.bytes > 0 { text += ", \(PageText.bytes(traffic.ixInternal.bytes)) inside the peering LANs" }
        if traffic.unattributed.samples > 0 {
            text += ", \(PageText.bytes(traffic.unattributed.bytes)) from or to \(traffic.unknownMACs.count) MACs no member has"
        }
        return text + "; \(traffic.findings.count) traffic findings."
    }

    /// Per member pair, the traffic sent to destinations the receiver did not announce and to
    /// destinations its communities keep from the sender: the 15 largest pairs.
    static func chart(_ traffic: TrafficResult, day: DayReport) -> (file: String, title: String, svg: String) {
        let pairs = traffic.pairs.filter { $0.unannounced.bytes + $0.filtered.bytes > 0 }
            .sorted { ($0.unannounced.bytes + $0.filtered.bytes, $1.sender, $1.receiver) > ($1.unannounced.bytes + $1.filtered.bytes, $0.sender, $0.receiver) }
            .prefix(15)
        let bars = pairs.map { pair in
            BarChart.Bar(label: "AS\(pair.sender) → AS\(pair.receiver)",
                         values: [Double(pair.unannounced.bytes) / 1e9, Double(pair.filtered.bytes) / 1e9])
        }
        return ("traffic-unannounced.svg", "Traffic to destinations the receiver did not announce",
                BarChart(title: "Traffic to destinations the receiver did not announce or keeps from the sender", legend: ["never announced", "kept from the sender"],
                         colors: [Palette.severity["error"]!, Palette.severity["warning"]!], bars: Array(bars), unit: "GB").svg)
    }

    static func runRecord(_ traffic: TrafficResult) -> [String: Any] {
        [
            "files": traffic.read.files, "stopped_files": traffic.read.stoppedFiles,
            "lines": traffic.read.lines, "samples": traffic.read.samples, "counter_lines": traffic.read.counterLines,
            "skipped_lines": Dictionary(traffic.read.skipped.map { ($0.key.key, $0.value) }, uniquingKeysWith: +),
            "member_to_member": volume(traffic.total), "inside_peering_lans": volume(traffic.ixInternal),
            "within_one_member": volume(traffic.sameMember), "unknown_macs": volume(traffic.unattributed),
            "findings": traffic.findings.count, "bilateral_sessions_seen": traffic.bilateralSessions.count,
            "potential_peer_rows": traffic.potentialPeers.map { $0.count as Any } ?? NSNull(),
        ]
    }

    static func volume(_ v: TrafficVolume) -> [String: Any] { ["samples": v.samples, "bytes": v.bytes, "packets": v.packets] }
}
