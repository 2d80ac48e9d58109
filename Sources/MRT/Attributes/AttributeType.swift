/// Path attribute type codes (IANA "BGP Path Attributes") that the decoder interprets.
public enum AttributeType {
    public static let origin: UInt8 = 1              // RFC 4271 5.1.1
    public static let asPath: UInt8 = 2              // RFC 4271 5.1.2
    public static let nextHop: UInt8 = 3             // RFC 4271 5.1.3
    public static let multiExitDisc: UInt8 = 4       // RFC 4271 5.1.4
    public static let localPref: UInt8 = 5           // RFC 4271 5.1.5
    public static let atomicAggregate: UInt8 = 6     // RFC 4271 5.1.6
    public static let aggregator: UInt8 = 7          // RFC 4271 5.1.7
    public static let communities: UInt8 = 8         // RFC 1997
    public static let originatorID: UInt8 = 9        // RFC 4456
    public static let clusterList: UInt8 = 10        // RFC 4456
    public static let mpReachNLRI: UInt8 = 14        // RFC 4760 3
    public static let mpUnreachNLRI: UInt8 = 15      // RFC 4760 4
    public static let extendedCommunities: UInt8 = 16 // RFC 4360
    public static let as4Path: UInt8 = 17            // RFC 6793 3
    public static let as4Aggregator: UInt8 = 18      // RFC 6793 3
    public static let largeCommunities: UInt8 = 32   // RFC 8092
    public static let onlyToCustomer: UInt8 = 35     // RFC 9234 5

    /// Attribute flag bits (RFC 4271 section 4.3).
    public static let flagExtendedLength: UInt8 = 0x10

    /// The Optional and Transitive bits (0x80, 0x40) an attribute of this type must carry
    /// (RFC 4271 section 5 and each attribute's RFC); nil for types not listed here.
    static func optionalTransitiveBits(_ type: UInt8) -> UInt8? {
        switch type {
        case origin, asPath, nextHop, localPref, atomicAggregate: return 0x40             // well-known
        case multiExitDisc, originatorID, clusterList, mpReachNLRI, mpUnreachNLRI: return 0x80 // optional non-transitive
        case aggregator, communities, extendedCommunities, as4Path, as4Aggregator, largeCommunities, onlyToCustomer:
            return 0xC0                                                                      // optional transitive
        default: return nil
        }
    }

    public static func name(_ type: UInt8) -> String {
        switch type {
        case origin: return "ORIGIN"
        case asPath: return "AS_PATH"
        case nextHop: return "NEXT_HOP"
        case multiExitDisc: return "MULTI_EXIT_DISC"
        case localPref: return "LOCAL_PREF"
        case atomicAggregate: return "ATOMIC_AGGREGATE"
        case aggregator: return "AGGREGATOR"
        case communities: return "COMMUNITIES"
        case originatorID: return "ORIGINATOR_ID"
        case clusterList: return "CLUSTER_LIST"
        case mpReachNLRI: return "MP_REACH_NLRI"
        case mpUnreachNLRI: return "MP_UNREACH_NLRI"
        case extendedCommunities: return "EXTENDED_COMMUNITIES"
        case as4Path: return "AS4_PATH"
        case as4Aggregator: return "AS4_AGGREGATOR"
        case largeCommunities: return "LARGE_COMMUNITY"
        case onlyToCustomer: return "ONLY_TO_CUSTOMER"
        default: return "attribute \(type)"
        }
    }
}
