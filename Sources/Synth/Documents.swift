import BGP

/// A JSON value with its keys in the order given, rendered the same way every time
/// (two-space indentation, like the IX-F exports IXPs publish).
indirect enum JSONText {
    case object([(String, JSONText)])
    case array([JSONText])
    case string(String)
    /// A number as its decimal text (integers of any width).
    case number(String)
    case bool(Bool)

    static func int<I: BinaryInteger>(_ value: I) -> JSONText { .number(String(value)) }

    func rendered() -> String {
        var out = ""
        render(into: &out, indent: 0)
        out += "\n"
        return out
    }

    private func render(into out: inout String, indent: Int) {
        let pad = String(repeating: " ", count: indent + 2)
        switch self {
        case let .object(pairs):
            guard !pairs.isEmpty else { out += "{}"; return }
            out += "{\n"
            for (i, (key, value)) in pairs.enumerated() {
                out += pad
                Self.quote(key, into: &out)
                out += ": "
                value.render(into: &out, indent: indent + 2)
                out += i == pairs.count - 1 ? "\n" : ",\n"
            }
            out += String(repeating: " ", count: indent) + "}"
        case let .array(items):
            guard !items.isEmpty else { out += "[]"; return }
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += pad
                item.render(into: &out, indent: indent + 2)
                out += i == items.count - 1 ? "\n" : ",\n"
            }
            out += String(repeating: " ", count: indent) + "]"
        case let .string(text):
            Self.quote(text, into: &out)
        case let .number(text):
            out += text
        case let .bool(value):
            out += value ? "true" : "false"
        }
    }

    /// RFC 8259 section 7: quote, backslash and control characters escaped.
    static func quote(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}

/// The day's text files: the IX-F Member Export, the job file and the planted events.
enum DayDocuments {
    /// IX-F Member Export 1.0 (the shape of data/smarthub/ixf-members.json), members in the
    /// order of their IPv4 addresses.
    static func memberExport(_ members: [SyntheticMember], lan: PeeringLANPlan, date: String) -> String {
        let ixp: JSONText = .object([
            ("ixp_id", .int(1)), ("ixf_id", .int(901)), ("shortname", .string("SmartHub IX")),
            ("name", .string("SmartHub Internet Exchange")), ("url", .string("https://example.net/smarthub-ix")),
            ("support_email", .string("noc@example.net")),
            ("peering_policy_list", .array([.string("open"), .string("selective"), .string("closed")])),
            ("switch", .array([
                .object([("id", .int(1)), ("name", .string("sw1.smarthub")), ("colo", .string("DC-1")),
                         ("city", .string("Moscow")), ("manufacturer", .string("Arista"))]),
                .object([("id", .int(2)), ("name", .string("sw2.smarthub")), ("colo", .string("DC-2")),
                         ("city", .string("Moscow")), ("manufacturer", .string("Arista"))]),
            ])),
            ("vlan", .array([.object([
                ("id", .int(1)), ("name", .string("SmartHub peering LAN")),
                ("ipv4", .object([("prefix", .string(IPAddress(ipv4: lan.ipv4Base).description)), ("mask_length", .int(lan.ipv4Length))])),
                ("ipv6", .object([("prefix", .string("2001:7f8:7a::")), ("mask_length", .int(64))])),
            ])])),
        ])
        let list: [JSONText] = members.sorted { $0.ipv4 < $1.ipv4 }.map { member in
            let mac = JSONText.array([.string(macText(member.mac))])
            let macro = "AS-" + member.slug.uppercased()
            func address(_ text: String, limit: Int) -> JSONText {
                .object([("address", .string(text)), ("routeserver", .bool(member.routeServer)),
                         ("max_prefix", .int(limit)), ("mac_addresses", mac), ("as_macro", .string(macro))])
            }
            let limit4 = member.maxPrefixIPv4 ?? maxPrefix(member.ipv4Routes, floor: 100)
            var vlan: [(String, JSONText)] = [("vlan_id", .int(1)), ("ipv4", address(member.ipv4Address.description, limit: limit4))]
            if let v6 = member.ipv6 { vlan.append(("ipv6", address(v6.description, limit: maxPrefix(member.ipv6Routes, floor: 20)))) }
            let ports: [JSONText] = (0..<member.ports).map { _ in
                .object([("switch_id", .int(member.switchID)), ("if_speed", .int(member.portSpeed)), ("if_type", .string(member.portType))])
            }
            return .object([
                ("asnum", .int(member.asn)), ("member_type", .string("peering")), ("name", .string(member.name)),
                ("url", .string("https://\(member.slug).example.net")),
                ("connection_list", .array([.object([
                    ("ixp_id", .int(1)), ("state", .string("active")), ("if_list", .array(ports)),
                    ("vlan_list", .array([.object(vlan)])),
                ])])),
            ])
        }
        return JSONText.object([("version", .string("1.0")), ("timestamp", .string("\(date)T00:00:00Z")),
                                ("ixp_list", .array([ixp])), ("member_list", .array(list))]).rendered()
    }

    /// The route servers' limit: a third above what the member announces, rounded up to 1, 2
    /// or 5 times a power of ten.
    static func maxPrefix(_ routes: Int, floor: Int) -> Int {
        let wanted = max(floor, routes + routes / 3 + 10)
        var scale = 1
        while true {
            for step in [1, 2, 5] where step * scale >= wanted { return step * scale }
            scale *= 10
        }
    }

    static func macText(_ mac: UInt64) -> String {
        (0..<6).map { i -> String in
            let byte = UInt8(truncatingIfNeeded: mac >> UInt64(40 - 8 * i))
            return byte < 16 ? "0" + String(byte, radix: 16) : String(byte, radix: 16)
        }.joined(separator: ":")
    }

    /// The job file, in the layout of data/smarthub/job.yaml: relative paths, date placeholders.
    /// `flowFile`: the flows' path, nil when the day has none.
    static func jobFile(_ options: SynthOptions, flowFile: String?) -> String {
        let ext = options.fileExtension
        let flows = flowFile == nil ? "" : "flows: flows/flows.{date}.csv.gz\n"
        let realistic = options.isRealistic
            ? "# A large IXP's day: the prefixes and AS paths of the real routes of \(options.realisticPaths.count) MRT files.\n" : ""
        return """
        # SmartHub IX: a synthetic day written by `ixaudit synth` (seed \(options.seed), \(options.members) members,
        # about \(options.routes) routes per route server, updates every \(options.updateInterval) seconds).
        \(realistic)#
        # The files are for \(options.date): load this job with that date (--date \(options.date)). The date
        # placeholders ({date} = YYYY-MM-DD, {yyyy}, {mm}, {dd}) take the run date; relative paths are
        # taken from this file's directory. truth.json beside it lists the events planted in the day.

        ixp:
          name: SmartHub IX
          route_servers:
            - label: rs1
              asn: 8960
              ipv4: 185.1.15.8
              ipv6: "2001:7f8:7a::8960:1"
            - label: rs2
              asn: 8960
              ipv4: 185.1.15.9
              ipv6: "2001:7f8:7a::8960:2"
          communities:
            # How mixed control communities are read: arouteserver's order (first match wins:
            # exclude, include, block all, otherwise open).
            profile: arouteserver
            standard:
              open: "8960:8960"        # announce to all peers
              include: "8960:peer"     # announce to that peer
              block_all: "0:8960"      # announce to no peer
              exclude: "0:peer"        # do not announce to that peer
            large:                     # the same for peers whose 4-byte ASN does not fit 16 bits
              exclude: "8960:0:peer"
              include: "8960:1:peer"
              block_all: "8960:0:0"
              open: "8960:1:0"

        policy: smarthub-ix

        members:
          ixf: ixf-members.json

        sources:
          # Route-server dumps in the RIPE RIS layout: one RIB dump a day, updates every \(options.updateInterval) seconds.
          - label: rs1
            rib:
              - mrt/rs1/{yyyy}.{mm}/bview.{yyyy}{mm}{dd}.0000\(ext)
            updates:
              - mrt/rs1/{yyyy}.{mm}/updates.{yyyy}{mm}{dd}.*\(ext)
          - label: rs2
            rib:
              - mrt/rs2/{yyyy}.{mm}/bview.{yyyy}{mm}{dd}.0000\(ext)
            updates:
              - mrt/rs2/{yyyy}.{mm}/updates.{yyyy}{mm}{dd}.*\(ext)

        # Optional inputs of the audit: sampled flows (sFlow as CSV), AS relationships (CAIDA
        # serial-1), RPKI VRPs (rpki-client JSON) and IRR route objects (RPSL).
        \(flows)relationships: \(ReferenceFiles.relationshipFile)
        rpki: \(ReferenceFiles.vrpFile)
        irr: \(ReferenceFiles.routeObjectFile)

        """
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` of a time on the day (`date` is `YYYY-MM-DD`).
    static func time(_ date: String, _ secondsOfDay: Int) -> String {
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(date)T\(two(secondsOfDay / 3600)):\(two(secondsOfDay / 60 % 60)):\(two(secondsOfDay % 60))Z"
    }

    /// The planted events and what the day holds, for checking analyses against.
    static func truth(_ report: SynthReport, members: [SyntheticMember], ribFiles: [String], dayStart: UInt32) -> String {
        let date = report.options.date.description
        func when(_ t: UInt32) -> JSONText { .string(time(date, Int(t - dayStart))) }
        let names = Dictionary(members.map { ($0.asn, $0.name) }, uniquingKeysWith: { a, _ in a })
        func who(_ asn: ASN) -> [(String, JSONText)] { [("asn", .int(asn.rawValue)), ("name", .string(names[asn.rawValue] ?? ""))] }
        let servers: [JSONText] = report.routeServers.enumerated().map { i, rs in
            .object([("label", .string(rs.label)), ("asn", .int(RoutePlan.routeServerASN)),
                     ("ipv4", .string(UpdateRecorder.routeServerIPv4[i].description)),
                     ("ipv6", .string(UpdateRecorder.routeServerIPv6[i].description)),
                     ("rib_file", .string(ribFiles[i])), ("sessions", .int(rs.sessions)),
                     ("ipv4_routes", .int(rs.ipv4Routes)), ("ipv6_routes", .int(rs.ipv6Routes)),
                     ("update_files", .int(rs.updateFiles)), ("update_messages", .int(rs.updateMessages)),
                     ("announced", .int(rs.announcements)), ("withdrawn", .int(rs.withdrawals)),
                     ("state_changes", .int(rs.stateChanges))])
        }
        let planted = report.planted
        let resets: [JSONText] = planted.sessionResets.map { r in
            .object(who(r.asn) + [("source", .string(r.source)), ("family", .string(r.family.description)),
                                  ("peer_address", .string(r.peerAddress.description)),
                                  ("down", when(r.down)), ("down_timestamp", .int(r.down)),
                                  ("up", when(r.up)), ("up_timestamp", .int(r.up)),
                                  ("routes_reannounced", .int(r.routesReannounced))])
        }
        let differences: [JSONText] = planted.routeServerDifferences.map { d in
            .object(who(d.asn) + [("prefix", .string(d.prefix.description)), ("kind", .string(d.kind.rawValue)),
                                  ("check", .string(d.checkID)), ("detail", .string(d.detail))])
        }
        let anomalies: [JSONText] = planted.anomalies.map { a in
            var fields: [(String, JSONText)] = [("check", .string(a.check)), ("asn", .int(a.asn.rawValue)), ("name", .string(a.name))]
            if let prefix = a.prefix { fields.append(("prefix", .string(prefix.description))) }
            if let other = a.otherASN { fields.append(("other_asn", .int(other.rawValue))) }
            if let source = a.source { fields.append(("source", .string(source))) }
            fields.append(("detail", .string(a.detail)))
            return .object(fields)
        }
        let flapping: [JSONText] = planted.flappingRoutes.map { f in
            .object(who(f.asn) + [("prefix", .string(f.prefix.description)), ("flaps", .int(f.flaps)),
                                  ("withdrawn_at", .array(f.withdrawals.map(when)))])
        }
        let b = planted.background
        let options = report.options
        return JSONText.object([
            ("generator", .string("ixaudit synth")),
            ("seed", .int(options.seed)), ("date", .string(options.date.description)),
            ("members", .int(options.members)), ("routes", .int(options.routes)),
            ("update_interval", .int(options.updateInterval)), ("compression", .string(options.compression.description)),
            ("route_servers", .array(servers)),
            ("active_members", .array(planted.activeMembers.map { .object(who($0)) })),
            ("session_resets", .array(resets)),
            ("rs_differences", .array(differences)),
            ("flapping_routes", .array(flapping)),
            ("background", .object([("flaps", .int(b.flaps)), ("attribute_changes", .int(b.attributeChanges)),
                                    ("withdrawn_for_good", .int(b.withdrawnForGood)), ("announced_late", .int(b.announcedLate))])),
            ("references", .object([("roas", .int(report.roas)), ("route_objects", .int(report.routeObjects)),
                                    ("relationships", .int(report.relationships)), ("flow_samples", .int(report.flowSamples))])),
            ("anomalies", .array(anomalies)),
        ]).rendered()
    }
}
