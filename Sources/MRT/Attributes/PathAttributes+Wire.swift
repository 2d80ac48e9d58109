import BGP

extension PathAttributes {
    /// Owned values of a wire attribute block, with AS4_PATH and AS4_AGGREGATOR applied
    /// (RFC 6793 section 4.2.3). AS4_PATH itself is not kept: the merged path replaces it.
    public init(_ wire: WireAttributes) {
        self.init()
        if wire.has(AttributeType.origin) { origin = Origin(rawValue: wire.origin) ?? .incomplete }
        if let merged = wire.mergedASPath {
            asPath = merged
        } else if wire.has(AttributeType.asPath) {
            asPath = wire.asPath.asPath
        }
        if wire.has(AttributeType.nextHop) { nextHop = IPAddress(ipv4: wire.nextHop) }
        mpNextHop = wire.mpReach?.nextHop
        if wire.has(AttributeType.multiExitDisc) { med = wire.med }
        if wire.has(AttributeType.localPref) { localPref = wire.localPref }
        atomicAggregate = wire.has(AttributeType.atomicAggregate)
        if let aggregator = wire.effectiveAggregator {
            self.aggregator = Aggregator(asn: ASN(aggregator.asn), address: IPAddress(ipv4: aggregator.address))
        }
        communities = stride(from: 0, to: wire.communities.count, by: 4).map {
            Community(rawValue: wire.communities.uint32(at: $0))
        }
        largeCommunities = stride(from: 0, to: wire.largeCommunities.count, by: 12).map {
            LargeCommunity(wire.largeCommunities.uint32(at: $0), wire.largeCommunities.uint32(at: $0 + 4),
                           wire.largeCommunities.uint32(at: $0 + 8))
        }
        extendedCommunities = stride(from: 0, to: wire.extendedCommunities.count, by: 8).map {
            ExtendedCommunity(rawValue: UInt64(wire.extendedCommunities.uint32(at: $0)) << 32
                | UInt64(wire.extendedCommunities.uint32(at: $0 + 4)))
        }
        if wire.has(AttributeType.onlyToCustomer) { onlyToCustomer = ASN(wire.onlyToCustomer) }
        if wire.has(AttributeType.originatorID) { originatorID = IPAddress(ipv4: wire.originatorID) }
        clusterList = stride(from: 0, to: wire.clusterList.count, by: 4).map { IPAddress(ipv4: wire.clusterList.uint32(at: $0)) }
        unknown = wire.unknownAttributes
    }
}
