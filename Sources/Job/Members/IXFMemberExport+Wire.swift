/// The IX-F Member Export as it is on the wire (Euro-IX JSON schema 1.0,
/// github.com/euro-ix/json-schemas, `ixp-member-list.schema.json`): only the fields ixaudit
/// uses; everything else in a file is ignored. Required here exactly where the schema
/// requires it (`version`, `timestamp`, `ixp_list`, `member_list`; an IXP's `ixp_id` and
/// `shortname`; a member's `asnum` and `connection_list`; a connection's `ixp_id`), except
/// `ixf_id`, which IXPs outside the IX-F database cannot give.
enum IXFWire {
    /// A JSON integer. Foundation's decoder on Linux reports a number that is not an integer
    /// (1.5, 1e20) as "not valid JSON" without saying where; this one says where and what.
    struct WireInteger: Decodable {
        var value: Int64

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let v = try? container.decode(Int64.self) {
                value = v
                return
            }
            if let d = try? container.decode(Double.self) {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "an integer (not \(d))")
            }
            value = try container.decode(Int64.self)
        }
    }

    struct Export: Decodable {
        var version: String
        var timestamp: String
        var ixpList: [IXP]
        var memberList: [Member]

        enum CodingKeys: String, CodingKey {
            case version, timestamp
            case ixpList = "ixp_list"
            case memberList = "member_list"
        }
    }

    struct IXP: Decodable {
        var ixpID: WireInteger
        var ixfID: WireInteger?
        var shortname: String
        var name: String?
        var country: String?
        var vlan: [VLAN]?

        enum CodingKeys: String, CodingKey {
            case ixpID = "ixp_id"
            case ixfID = "ixf_id"
            case shortname, name, country, vlan
        }
    }

    struct VLAN: Decodable {
        var id: WireInteger?
        var name: String?
        var ipv4: LAN?
        var ipv6: LAN?
    }

    struct LAN: Decodable {
        var prefix: String?
        var maskLength: WireInteger?

        enum CodingKeys: String, CodingKey {
            case prefix
            case maskLength = "mask_length"
        }
    }

    struct Member: Decodable {
        var asnum: WireInteger
        var name: String?
        var url: String?
        var memberType: String?
        var connectionList: [Connection]

        enum CodingKeys: String, CodingKey {
            case asnum, name, url
            case memberType = "member_type"
            case connectionList = "connection_list"
        }
    }

    struct Connection: Decodable {
        var ixpID: WireInteger
        var state: String?
        var ifList: [Interface]?
        var vlanList: [VLANEntry]?

        enum CodingKeys: String, CodingKey {
            case ixpID = "ixp_id"
            case state
            case ifList = "if_list"
            case vlanList = "vlan_list"
        }
    }

    struct Interface: Decodable {
        var ifSpeed: WireInteger?

        enum CodingKeys: String, CodingKey {
            case ifSpeed = "if_speed"
        }
    }

    struct VLANEntry: Decodable {
        var vlanID: WireInteger?
        var ipv4: Address?
        var ipv6: Address?

        enum CodingKeys: String, CodingKey {
            case vlanID = "vlan_id"
            case ipv4, ipv6
        }
    }

    struct Address: Decodable {
        var address: String?
        var routeserver: Bool?
        var maxPrefix: WireInteger?
        var asMacro: String?
        var macAddresses: [String]?

        enum CodingKeys: String, CodingKey {
            case address, routeserver
            case maxPrefix = "max_prefix"
            case asMacro = "as_macro"
            case macAddresses = "mac_addresses"
        }
    }
}
