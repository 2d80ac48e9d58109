import Audit
import BGP
import Job
import RouteServer
import Routing

/// The CSV files of `ixaudit simulate`, one writer each; `name` gives member names.
public enum SimulationTables {
    public static let exportMatrixHeader = ["route_server", "mode", "sender_asn", "sender_name", "receiver_asn", "receiver_name",
                                            "receiver_address", "routes"]
    public static let routeAudienceHeader = ["route_server", "sender_asn", "peer_address", "prefix", "path_id", "control_communities",
                                             "audience", "receivers", "listed", "asns"]
    public static let communitySetsHeader = ["route_server", "control_communities", "audience", "routes", "members", "member_asns",
                                             "audience_size", "problems", "actions"]
    public static let hiddenPathsHeader = ["route_server", "prefix", "best_route_sender", "reason", "receivers", "receiver_asns"]
    public static let exportsHeader = ["route_server", "mode", "receiver_asn", "receiver_address", "prefix", "sender_asn",
                                       "sender_address", "path_id", "next_hop", "as_path", "med", "communities",
                                       "large_communities", "otc"]
    public static let rejectedHeader = ["route_server", "peer_address", "sender_asn", "prefix", "path_id", "reasons", "clauses"]

    /// The export matrix: sending member x receiving session route counts, the cells that are
    /// not zero (a member's routes to its own other routers included).
    public static func writeExportMatrix(_ result: ExportResult, mode: ExportMode, name: (ASN) -> String?, to table: inout CSVWriter) {
        // A few thousand members and sessions in millions of rows: each name and address is
        // looked up, shortened and escaped once.
        let server = CSVWriter.escaped { $0.append(string: result.routeServer) }
        let modeField = CSVWriter.escaped { $0.append(string: mode.rawValue) }
        var names: [ASN: [UInt8]] = [:], addresses: [IPAddress: [UInt8]] = [:]
        func nameField(_ asn: ASN) -> [UInt8] {
            if let known = names[asn] { return known }
            let field = name(asn).map { name in CSVWriter.escaped { $0.append(string: DisplayText.short(name)) } } ?? []
            names[asn] = field
            return field
        }
        for entry in result.sessionExportMatrix(mode) {
            table.escapedField(server)
            table.escapedField(modeField)
            table.number(entry.sender.rawValue)
            table.escapedField(nameField(entry.sender))
            table.number(entry.receiver.rawValue)
            table.escapedField(nameField(entry.receiver))
            if addresses[entry.receiverAddress] == nil {
                addresses[entry.receiverAddress] = CSVWriter.escaped { $0.append(string: entry.receiverAddress.description) }
            }
            table.escapedField(addresses[entry.receiverAddress]!)
            table.number(entry.routes)
            table.endRow()
        }
    }

    /// Each accepted route's audience: how many members may get it, and the shorter list of
    /// receivers or non-receivers.
    public static func writeRouteAudience(_ result: ExportResult, to table: inout CSVWriter) {
        // Few distinct audiences: render the five audience columns once per audience key.
        var rendered: [Int: [UInt8]] = [:]
        for (index, route) in result.rib.routes.enumerated() {
            guard let key = result.audienceKey(ofRoute: index) else { continue }
            if rendered[key] == nil, let audience = result.audience(ofRoute: index) {
                var columns = CSVWriter(header: [])
                columns.text(audience.intent.description)
                columns.text(audience.intent.audience(profile: result.profile).description)
                columns.number(audience.receiverCount)
                switch audience.listed {
                case let .receivers(list):
                    columns.text("receivers")
                    columns.text(list.map { String($0.rawValue) }.joined(separator: " "))
                case let .nonReceivers(list):
                    columns.text("non-receivers")
                    columns.text(list.map { String($0.rawValue) }.joined(separator: " "))
                }
                rendered[key] = columns.fieldsWithoutRowEnd
            }
            let session = result.rib.sessions[Int(route.session)]
            table.text(result.routeServer)
            table.number(session.peerASN.rawValue)
            table.text(session.peerAddress.description)
            table.rendered { route.prefix.append(to: &$0) }
            table.number(route.key.pathID)
            table.escapedField(rendered[key]!, fields: 5)
            table.endRow()
        }
    }

    /// Each distinct control-community set of the accepted routes.
    public static func writeCommunitySets(_ result: ExportResult, to table: inout CSVWriter) {
        for set in result.communitySets {
            table.text(result.routeServer)
            table.text(set.intent.description)
            table.text(set.audience.description)
            table.number(set.routes)
            table.number(set.members.count)
            table.text(set.members.map { String($0.rawValue) }.joined(separator: " "))
            table.number(set.audienceSize)
            table.text(CommunitySetProblem.problems(set.intent, found: set.problems, profile: result.profile)
                .map(\.description).joined(separator: "; "))
            table.text(set.intent.actionsDescription)
            table.endRow()
        }
    }

    /// Prefixes a session gets in per-client mode but not in best mode, and why: the receivers
    /// as member ASNs where all of a member's sessions of the family are receivers, else as the
    /// sessions (`ASN@address`).
    public static func writeHiddenPaths(_ result: ExportResult, to table: inout CSVWriter) {
        let countInFamily = [result.receivingSessionsPerMember(.ipv4), result.receivingSessionsPerMember(.ipv6)]
        for hidden in result.hiddenPaths {
            let best = result.rib.routes[hidden.bestRoute]
            table.text(result.routeServer)
            table.rendered { hidden.prefix.append(to: &$0) }
            table.number(result.rib.sessions[Int(best.session)].peerASN.rawValue)
            table.text(hidden.reason.rawValue)
            table.number(hidden.receiverCount)
            table.rendered { hidden.appendReceivers(countInFamily: countInFamily[hidden.prefix.family == .ipv4 ? 0 : 1], to: &$0) }
            table.endRow()
        }
    }

    /// Every route each receiving session gets under `mode` (`ExportResult.exports(_:)`),
    /// sorted by receiver, prefix, sender: one row per receiving session and route, with the
    /// attributes the session gets (communities and large communities space-separated and
    /// sorted, the route server's control communities removed unless it keeps them; MED and
    /// OTC empty when absent). For small inputs.
    public static func writeExports(_ result: ExportResult, mode: ExportMode, to table: inout CSVWriter) {
        for export in result.exports(mode) {
            let attributes = export.attributes
            table.text(result.routeServer)
            table.text(mode.rawValue)
            table.number(export.receiver.rawValue)
            table.text(export.receiverAddress.description)
            table.rendered { export.prefix.append(to: &$0) }
            table.number(export.sender.rawValue)
            table.text(export.senderAddress.description)
            table.number(export.pathID)
            table.text(attributes.nextHop?.description ?? "")
            table.text(attributes.asPath?.description ?? "")
            table.text(attributes.med.map(String.init) ?? "")
            table.text(attributes.communities.map(\.description).joined(separator: " "))
            table.text(attributes.largeCommunities.map(\.description).joined(separator: " "))
            table.text(attributes.onlyToCustomer.map { String($0.rawValue) } ?? "")
            table.endRow()
        }
    }

    /// The routes the import policy rejected, with every reason and the rule clauses.
    public static func writeRejected(_ result: ExportResult, to table: inout CSVWriter) {
        for (route, session, reasons) in result.rejectedRoutes {
            table.text(result.routeServer)
            table.text(session.peerAddress.description)
            table.number(session.peerASN.rawValue)
            table.rendered { route.prefix.append(to: &$0) }
            table.number(route.key.pathID)
            table.text(reasons.map(\.description).joined(separator: "; "))
            table.text(Array(Set(reasons.map(\.clause))).sorted().joined(separator: " "))
            table.endRow()
        }
    }
}
