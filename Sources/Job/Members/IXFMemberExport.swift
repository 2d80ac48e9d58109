import BGP
import Foundation

/// An IX-F Member Export (the Euro-IX JSON schema, version 1.0; the IXP community's
/// standard member list, published by most IXPs as `participants.json`): the IXPs it covers
/// and their members.
///
/// Reading is in two steps: Foundation's `JSONDecoder` decodes the wire form (`IXFWire`),
/// then each value is checked and turned into model types; every problem becomes a
/// `MemberListError` naming the file and the JSON path of the field.
public struct IXFMemberExport: Hashable, Sendable {
    /// The schema version the file declares.
    public var version: String
    /// When the IXP exported the list, as the file writes it (RFC 3339).
    public var timestamp: String
    public var ixps: [IXFExchange]
    /// The members with all their connections (at any of the `ixps`), in file order; entries
    /// of the same ASN are merged into one member.
    public var members: [Member]

    public init(version: String, timestamp: String, ixps: [IXFExchange], members: [Member]) {
        self.version = version
        self.timestamp = timestamp
        self.ixps = ixps
        self.members = members
    }

    /// Reads and checks the export at `path`.
    public static func load(path: String) throws(MemberListError) -> IXFMemberExport {
        let data: Data
        do {
            data = try readBytes(path: path)
        } catch {
            throw .cannotRead(file: path, reason: error.reason)
        }
        return try parse(data, file: path)
    }

    /// Parses an export held in memory; `file` is the name errors use.
    public static func parse(_ data: Data, file: String) throws(MemberListError) -> IXFMemberExport {
        let wire: IXFWire.Export
        do {
            wire = try JSONDecoder().decode(IXFWire.Export.self, from: data)
        } catch let error as DecodingError {
            if case let .dataCorrupted(context) = error, context.codingPath.isEmpty, let detail = syntaxProblem(data) {
                throw .invalidJSON(file: file, detail: detail)
            }
            throw Self.translate(error, file: file)
        } catch {
            throw .invalidJSON(file: file, detail: Self.reason(error))
        }
        return try IXFConverter(file: file).convert(wire)
    }

    /// The members at one IXP of the export, with only their connections there; members
    /// without a connection there are left out. `ixpID` nil means the export's only IXP
    /// (an error when it lists several).
    public func members(ixpID: Int?, file: String) throws(MemberListError) -> [Member] {
        let available = ixps.map { "\($0.ixpID) \($0.shortname)" }
        let chosen: Int
        if let ixpID {
            guard ixps.contains(where: { $0.ixpID == ixpID }) else {
                throw .unknownIXP(file: file, ixpID: ixpID, available: available)
            }
            chosen = ixpID
        } else if ixps.count == 1 {
            chosen = ixps[0].ixpID
        } else if ixps.isEmpty {
            return members
        } else {
            throw .ambiguousIXP(file: file, available: available)
        }
        return members.compactMap { member in
            var m = member
            m.connections = member.connections.filter { $0.ixpID == chosen }
            return m.connections.isEmpty ? nil : m
        }
    }

    // MARK: - Errors

    static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if let detail = ns.userInfo[NSDebugDescriptionErrorKey] as? String { return detail }
        return ns.localizedDescription
    }

    /// What is wrong with text that is not JSON, and where (JSONDecoder on Linux says only
    /// "not valid JSON"; JSONSerialization says "around character N", made a line and column
    /// here). Nil when the text is JSON.
    static func syntaxProblem(_ data: Data) -> String? {
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            return nil
        } catch {
            var detail = reason(error)
            if detail.hasSuffix("."), detail.count > 1 { detail.removeLast() }
            if let range = detail.range(of: "character "), let offset = Int(detail[range.upperBound...].prefix { $0.isNumber }) {
                let head = data.prefix(offset)
                let line = head.filter { $0 == 0x0A }.count + 1
                let column = offset - (head.lastIndex(of: 0x0A).map { $0 - data.startIndex + 1 } ?? 0) + 1
                detail += ", line \(line), column \(column)"
            }
            return detail
        }
    }

    /// The JSON path of a coding path: `member_list[3].connection_list[0].ixp_id`.
    static func path(_ codingPath: [CodingKey], _ last: CodingKey? = nil) -> String {
        var out = ""
        for key in codingPath + (last.map { [$0] } ?? []) {
            if let index = key.intValue, key.stringValue.hasPrefix("Index ") || key.stringValue == String(index) {
                out += "[\(index)]"
            } else {
                out += out.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
        return out.isEmpty ? "(top level)" : out
    }

    static func translate(_ error: DecodingError, file: String) -> MemberListError {
        switch error {
        case let .keyNotFound(key, context):
            return .missing(file: file, field: path(context.codingPath, key))
        case let .valueNotFound(_, context):
            return .missing(file: file, field: path(context.codingPath))
        case let .typeMismatch(type, context):
            return .wrongType(file: file, field: path(context.codingPath), expected: describe(type))
        case let .dataCorrupted(context):
            if context.codingPath.isEmpty {
                return .invalidJSON(file: file, detail: context.underlyingError.map(reason) ?? context.debugDescription)
            }
            return .wrongType(file: file, field: path(context.codingPath), expected: context.debugDescription)
        @unknown default:
            return .invalidJSON(file: file, detail: String(describing: error))
        }
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Int64.Type, is Int.Type: return "an integer"
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        case is [Any].Type: return "a list"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") { return "a list" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return "an object"
        }
    }
}

/// One IXP of an export: its identifiers and peering LANs.
public struct IXFExchange: Hashable, Sendable {
    /// The IXP's own identifier, which connections refer to.
    public var ixpID: Int
    /// The IXP's identifier in the IX-F database.
    public var ixfID: Int?
    public var shortname: String
    public var name: String?
    public var country: String?
    public var peeringLANs: [PeeringLAN]

    public init(ixpID: Int, ixfID: Int? = nil, shortname: String, name: String? = nil, country: String? = nil,
                peeringLANs: [PeeringLAN] = []) {
        self.ixpID = ixpID
        self.ixfID = ixfID
        self.shortname = shortname
        self.name = name
        self.country = country
        self.peeringLANs = peeringLANs
    }
}

/// A peering VLAN and its subnets.
public struct PeeringLAN: Hashable, Sendable {
    public var vlanID: Int?
    public var name: String?
    public var ipv4: Prefix?
    public var ipv6: Prefix?

    public init(vlanID: Int?, name: String? = nil, ipv4: Prefix?, ipv6: Prefix?) {
        self.vlanID = vlanID
        self.name = name
        self.ipv4 = ipv4
        self.ipv6 = ipv6
    }
}

/// Checks the decoded wire values and builds the model.
private struct IXFConverter {
    let file: String

    func convert(_ wire: IXFWire.Export) throws(MemberListError) -> IXFMemberExport {
        let parts = wire.version.split(separator: ".")
        guard parts.count == 2, let major = Int(parts[0]), let minor = Int(parts[1]),
              major == 1 || (major == 0 && (6...9).contains(minor)) else {
            throw .unsupportedVersion(file: file, version: wire.version)
        }
        var ixps: [IXFExchange] = []
        for (i, ixp) in wire.ixpList.enumerated() {
            ixps.append(try convert(ixp, at: "ixp_list[\(i)]"))
        }
        var members: [Member] = []
        var indexOfASN: [ASN: Int] = [:]
        var owners: [IPAddress: ASN] = [:]
        for (i, wireMember) in wire.memberList.enumerated() {
            let field = "member_list[\(i)]"
            let member = try convert(wireMember, at: field, owners: &owners)
            if let existing = indexOfASN[member.asn] {
                members[existing].connections += member.connections
            } else {
                indexOfASN[member.asn] = members.count
                members.append(member)
            }
        }
        return IXFMemberExport(version: wire.version, timestamp: wire.timestamp, ixps: ixps, members: members)
    }

    func convert(_ ixp: IXFWire.IXP, at field: String) throws(MemberListError) -> IXFExchange {
        var lans: [PeeringLAN] = []
        for (v, vlan) in (ixp.vlan ?? []).enumerated() {
            let vfield = "\(field).vlan[\(v)]"
            lans.append(PeeringLAN(
                vlanID: try int(vlan.id, "\(vfield).id"), name: vlan.name,
                ipv4: try prefix(vlan.ipv4, .ipv4, "\(vfield).ipv4"),
                ipv6: try prefix(vlan.ipv6, .ipv6, "\(vfield).ipv6")))
        }
        let ixpID = try requiredInt(ixp.ixpID, "\(field).ixp_id")
        return IXFExchange(ixpID: ixpID, ixfID: try int(ixp.ixfID, "\(field).ixf_id"),
                           shortname: ixp.shortname, name: ixp.name, country: ixp.country, peeringLANs: lans)
    }

    func convert(_ wire: IXFWire.Member, at field: String, owners: inout [IPAddress: ASN]) throws(MemberListError) -> Member {
        guard (1...Int64(UInt32.max)).contains(wire.asnum.value) else {
            throw .invalidValue(file: file, field: "\(field).asnum", value: String(wire.asnum.value),
                                expected: "an AS number (1 to 4294967295)")
        }
        let asn = ASN(UInt32(wire.asnum.value))
        var memberType = MemberType.peering
        if let text = wire.memberType {
            guard let type = MemberType(rawValue: text) else {
                throw .invalidValue(file: file, field: "\(field).member_type", value: "\"\(text)\"",
                                    expected: "a member type (peering, ixp, other; or 0.7's routeserver, probono)")
            }
            memberType = type
        }
        var connections: [Connection] = []
        for (c, wireConnection) in wire.connectionList.enumerated() {
            let cfield = "\(field).connection_list[\(c)]"
            let speed = try portSpeed(wireConnection.ifList ?? [], "\(cfield).if_list")
            var interfaces: [PeeringInterface] = []
            for (v, vlan) in (wireConnection.vlanList ?? []).enumerated() {
                let vfield = "\(cfield).vlan_list[\(v)]"
                let interface = PeeringInterface(
                    vlanID: try int(vlan.vlanID, "\(vfield).vlan_id"),
                    ipv4: try address(vlan.ipv4, .ipv4, "\(vfield).ipv4", asn: asn, owners: &owners),
                    ipv6: try address(vlan.ipv6, .ipv6, "\(vfield).ipv6", asn: asn, owners: &owners))
                interfaces.append(interface)
            }
            let ixpID = try requiredInt(wireConnection.ixpID, "\(cfield).ixp_id")
            connections.append(Connection(ixpID: ixpID, state: wireConnection.state, speedMbps: speed, interfaces: interfaces))
        }
        return Member(asn: asn, name: wire.name, url: wire.url, memberType: memberType, connections: connections)
    }

    func address(_ wire: IXFWire.Address?, _ family: AddressFamily, _ field: String, asn: ASN,
                 owners: inout [IPAddress: ASN]) throws(MemberListError) -> PeeringAddress? {
        // An address object without an address assigns nothing (the schema does not require one).
        guard let wire, let text = wire.address else { return nil }
        guard let address = IPAddress(text), address.family == family else {
            throw .invalidValue(file: file, field: "\(field).address", value: "\"\(text)\"",
                                expected: family == .ipv4 ? "an IPv4 address" : "an IPv6 address")
        }
        if let owner = owners[address], owner != asn {
            throw .duplicateAddress(file: file, field: "\(field).address", address: address, firstOwner: owner, secondOwner: asn)
        }
        owners[address] = asn
        var macs: [MACAddress] = []
        for (m, text) in (wire.macAddresses ?? []).enumerated() {
            guard let mac = MACAddress(text) else {
                throw .invalidValue(file: file, field: "\(field).mac_addresses[\(m)]", value: "\"\(text)\"",
                                    expected: "a MAC address (xx:xx:xx:xx:xx:xx)")
            }
            macs.append(mac)
        }
        if let limit = wire.maxPrefix?.value, limit < 0 {
            throw .invalidValue(file: file, field: "\(field).max_prefix", value: String(limit), expected: "a prefix count (0 or more)")
        }
        return PeeringAddress(address: address, routeServer: wire.routeserver ?? false,
                              maxPrefix: try int(wire.maxPrefix, "\(field).max_prefix"),
                              asMacro: wire.asMacro.flatMap { $0.isEmpty ? nil : $0 }, macAddresses: macs)
    }

    func prefix(_ wire: IXFWire.LAN?, _ family: AddressFamily, _ field: String) throws(MemberListError) -> Prefix? {
        guard let wire, let text = wire.prefix else { return nil }
        guard let address = IPAddress(text), address.family == family else {
            throw .invalidValue(file: file, field: "\(field).prefix", value: "\"\(text)\"",
                                expected: family == .ipv4 ? "an IPv4 address" : "an IPv6 address")
        }
        guard let length = wire.maskLength?.value else { throw .missing(file: file, field: "\(field).mask_length") }
        guard (0...Int64(family.maxPrefixLength)).contains(length) else {
            throw .invalidValue(file: file, field: "\(field).mask_length", value: String(length),
                                expected: "a mask length (0 to \(family.maxPrefixLength))")
        }
        return Prefix(address: address, length: Int(length))
    }

    /// The connection's speed: the sum of its ports' `if_speed` (a LAG's members), nil when
    /// no port gives one. A sum past 64 bits is no real port: the file is refused.
    func portSpeed(_ ports: [IXFWire.Interface], _ field: String) throws(MemberListError) -> Int? {
        var total: Int? = nil
        for (f, port) in ports.enumerated() {
            guard let speed = try int(port.ifSpeed, "\(field)[\(f)].if_speed") else { continue }
            guard speed >= 0 else {
                throw .invalidValue(file: file, field: "\(field)[\(f)].if_speed", value: String(speed),
                                    expected: "a port speed in Mbit/s (0 or more)")
            }
            let (sum, overflow) = (total ?? 0).addingReportingOverflow(speed)
            guard !overflow else { throw .portSpeedsOverflow(file: file, field: field) }
            total = sum
        }
        return total
    }

    func int(_ wire: IXFWire.WireInteger?, _ field: String) throws(MemberListError) -> Int? {
        guard let wire else { return nil }
        return try requiredInt(wire, field)
    }

    func requiredInt(_ wire: IXFWire.WireInteger, _ field: String) throws(MemberListError) -> Int {
        guard let value = Int(exactly: wire.value) else {
            throw .invalidValue(file: file, field: field, value: String(wire.value), expected: "a number in range")
        }
        return value
    }
}
