/// MRT type and subtype codes (RFC 6396 section 4; RFC 8050 for ADD-PATH).
public enum MRTType {
    /// BGP, the type MRTd and the early collectors wrote before BGP4MP (deprecated in RFC 6396
    /// section 4; its subtypes are those of the MRT drafts, `LegacyBGPRecord`).
    public static let bgp: UInt16 = 5
    public static let tableDump: UInt16 = 12
    public static let tableDumpV2: UInt16 = 13
    public static let bgp4mp: UInt16 = 16
    public static let bgp4mpET: UInt16 = 17

    public enum TableDumpV2 {
        public static let peerIndexTable: UInt16 = 1
        public static let ribIPv4Unicast: UInt16 = 2
        public static let ribIPv4Multicast: UInt16 = 3
        public static let ribIPv6Unicast: UInt16 = 4
        public static let ribIPv6Multicast: UInt16 = 5
        public static let ribGeneric: UInt16 = 6
        public static let ribIPv4UnicastAddPath: UInt16 = 8
        public static let ribIPv4MulticastAddPath: UInt16 = 9
        public static let ribIPv6UnicastAddPath: UInt16 = 10
        public static let ribIPv6MulticastAddPath: UInt16 = 11
        public static let ribGenericAddPath: UInt16 = 12
    }

    public enum BGP {
        public static let null: UInt16 = 0
        public static let update: UInt16 = 1
        public static let prefUpdate: UInt16 = 2
        public static let stateChange: UInt16 = 3
        public static let sync: UInt16 = 4
        public static let open: UInt16 = 5
        public static let notify: UInt16 = 6
        public static let keepalive: UInt16 = 7
    }

    public enum BGP4MP {
        public static let stateChange: UInt16 = 0
        public static let message: UInt16 = 1
        /// BGP4MP_ENTRY, from the MRT drafts before RFC 6396 (OpenBGPD `dump table-mp`).
        public static let entry: UInt16 = 2
        public static let messageAS4: UInt16 = 4
        public static let stateChangeAS4: UInt16 = 5
        public static let messageLocal: UInt16 = 6
        public static let messageAS4Local: UInt16 = 7
        public static let messageAddPath: UInt16 = 8
        public static let messageAS4AddPath: UInt16 = 9
        public static let messageLocalAddPath: UInt16 = 10
        public static let messageAS4LocalAddPath: UInt16 = 11
    }

    public static func name(type: UInt16, subtype: UInt16) -> String {
        switch type {
        case 0...4: return "deprecated MRT type \(type)"
        case bgp:
            let names = ["NULL", "UPDATE", "PREF_UPDATE", "STATE_CHANGE", "SYNC", "OPEN", "NOTIFY", "KEEPALIVE"]
            return "BGP (deprecated MRT type 5) " + (subtype < 8 ? names[Int(subtype)] : "subtype \(subtype)")
        case 6, 7, 8, 9, 10: return "MRT type \(type) (not BGP)"
        case 11, 32, 33: return "OSPF"
        case tableDump: return "TABLE_DUMP subtype \(subtype)"
        case tableDumpV2: return "TABLE_DUMP_V2 subtype \(subtype)"
        case bgp4mp: return "BGP4MP subtype \(subtype)"
        case bgp4mpET: return "BGP4MP_ET subtype \(subtype)"
        case 48, 49: return "ISIS"
        default: return "unknown MRT type \(type) subtype \(subtype)"
        }
    }
}
