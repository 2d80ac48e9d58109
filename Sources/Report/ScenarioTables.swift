import BGP
import RouteServer

/// `scenario-diff.csv`: what a what-if scenario changes, route by route.
public enum ScenarioTable {
    public static let header = ["route_server", "sender_asn", "prefix", "receiver_asn", "change",
                                "before_sender", "before_as_path", "after_sender", "after_as_path"]

    public static func write(_ diff: ScenarioDiff, routeServer: String, to table: inout CSVWriter) {
        for row in diff.rows {
            table.text(routeServer)
            table.number(row.sender.rawValue)
            table.rendered { row.prefix.append(to: &$0) }
            table.number(row.receiver.rawValue)
            table.text(row.change.rawValue)
            table.number(row.before?.sender.rawValue)
            table.text(row.before?.asPath?.description)
            table.number(row.after?.sender.rawValue)
            table.text(row.after?.asPath?.description)
            table.endRow()
        }
    }
}
