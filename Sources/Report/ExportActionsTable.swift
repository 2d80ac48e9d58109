import BGP
import Job
import RouteServer

/// `export-actions.csv`, beside `exports.csv` (`simulate --exports`): one row per exported
/// route that the route server changes for its receiver because of the route's action
/// communities (prepending, a blackhole next hop), with the path and next hop the receiver
/// gets. Kept apart from the exports table's writer so that each file has one owner; the
/// BIRD lab's comparison reads both.
public enum ExportActionsTable {
    public static let header = ["route_server", "mode", "receiver_asn", "prefix", "sender_asn", "prepends", "exported_path_length",
                                "as_path", "next_hop", "blackhole"]

    public static func write(_ result: ExportResult, mode: ExportMode, actions: CommunityActions, to table: inout CSVWriter) {
        for export in result.exports(mode) {
            guard let adjustment = result.adjustment(ofRoute: export.route, to: export.receiver, actions: actions),
                  !adjustment.changesNothing else { continue }
            let route = result.rib.routes[export.route]
            let attributes = result.rib.attributes[Int(route.attributes)]
            let path = adjustment.exportedPath(attributes.asPath)
            table.text(result.routeServer)
            table.text(mode.rawValue)
            table.number(export.receiver.rawValue)
            table.rendered { export.prefix.append(to: &$0) }
            table.number(export.sender.rawValue)
            table.number(adjustment.prepends)
            table.number(path?.length ?? 0)
            table.text(path?.description ?? "")
            table.text((adjustment.nextHop ?? attributes.effectiveNextHop(for: export.prefix.family))?.description ?? "")
            table.text(adjustment.blackhole ? "yes" : "no")
            table.endRow()
        }
    }
}
