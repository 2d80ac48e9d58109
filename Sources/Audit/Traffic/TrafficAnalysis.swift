import BGP

/// Thresholds of the traffic checks (docs/checks-traffic.md). Shares are fractions (0.01 is 1%).
public struct TrafficSettings: Hashable, Sendable {
    /// traffic-unannounced, traffic-filtered, traffic-source-outside: at least this many samples...
    public var minimumSamples = 10
    /// ...and at least this share of A's traffic to B (of all A sent, for the source check).
    public var minimumShare = 0.01
    /// traffic-few-routes: the member sends at least this share of all member-to-member traffic...
    public var fewRoutesTrafficShare = 0.01
    /// ...while the route servers give it fewer than this share of the prefixes they carry.
    public var fewRoutesShare = 0.05
    /// traffic-ratio (P8): A sends B more than this many times what B sends A...
    public var ratio = 2.0
    /// ...and the pair's traffic is at least this share of all member-to-member traffic.
    public var ratioMinimumShare = 0.001
    /// Destinations or sources listed per finding.
    public var topCount = 5

    public init() {}
}

/// What the flows held and what the traffic checks found.
public struct TrafficResult {
    public var findings: [Finding] = []
    /// Lines, samples and skipped lines of the flow files.
    public var read = FlowReadSummary()
    /// All member-to-member traffic (the denominator of the IX-wide shares).
    public var total = TrafficVolume()
    /// To addresses in the peering LANs: counted, not judged.
    public var ixInternal = TrafficVolume()
    /// Between two ports of one member.
    public var sameMember = TrafficVolume()
    /// With a source or destination MAC no member has (`unknownMACs` says which).
    public var unattributed = TrafficVolume()
    public var unknownMACs: [UnknownMACTraffic] = []
    /// Every member pair with traffic, by sender then receiver ASN: the matrix the report charts.
    public var pairs: [TrafficPair] = []
    /// Every member, by ASN, with what it sent and received.
    public var members: [MemberTraffic] = []
    /// The peering LANs whose addresses counted as IX-internal destinations.
    public var peeringLANs: [Prefix] = []
    /// BGP sessions between members seen in the flows (TCP port 179 between their peering-LAN
    /// addresses), by ASN.
    public var bilateralSessions: [BilateralSession] = []
    /// Members exchanging traffic with a member that no route server gives them a route of;
    /// nil without a route-server simulation (nothing to tell who receives what).
    public var potentialPeers: [PotentialPeer]?
    /// Time spent building the lookup tables, and reading and classifying the samples (for
    /// `make bench`: samples per second).
    public var indexSeconds = 0.0
    public var classifySeconds = 0.0

    public init() {}

    /// Samples classified; equals `read.samples`.
    public var samples: Int { total.samples + ixInternal.samples + sameMember.samples + unattributed.samples }
}

/// The traffic one member sent another.
public struct TrafficPair: Hashable, Sendable {
    public var sender: ASN
    public var receiver: ASN
    public var total: TrafficVolume
    /// To destinations the receiver never announced (traffic-unannounced).
    public var unannounced: TrafficVolume
    /// To destinations whose routes the receiver's communities keep from the sender (traffic-filtered).
    public var filtered: TrafficVolume
}

/// One member's traffic across the IX.
public struct MemberTraffic: Hashable, Sendable {
    public var asn: ASN
    public var name: String
    public var sent: TrafficVolume
    public var received: TrafficVolume
    /// Sent from source addresses outside what it announced (traffic-source-outside).
    public var sourceOutside: TrafficVolume
    public var routesReceived: RoutesReceived
}

/// The traffic checks of docs/rules.md section C (default-pointing suspects, and the
/// traffic-based transit-abuse checks) over sampled flows, in four phases that can be timed
/// apart: `TrafficIndex(inputs)` builds the look-up tables, `FlowReader` streams samples,
/// `TrafficIndex.classify` sums them into a `TrafficTally`, `TrafficTally.findings` judges.
public enum TrafficAnalysis {
    public static func run(_ inputs: AuditInputs, onIssue: (String) -> Void) -> TrafficResult {
        let clock = ContinuousClock()
        let started = clock.now
        let index = TrafficIndex(inputs)
        let indexed = clock.now
        var tally = TrafficTally(members: index.asns.count)
        var read = FlowReadSummary()
        for reader in inputs.flows {
            read.merge(classify(reader, index: index, into: &tally, onIssue: onIssue))
        }
        let classified = clock.now
        var traffic = result(index: index, tally: tally, read: read, settings: inputs.settings.traffic)
        if index.hasSimulation {
            traffic.potentialPeers = PotentialPeers.find(pairs: traffic.pairs, simulation: inputs.simulation,
                                                         bilateral: traffic.bilateralSessions)
        }
        traffic.indexSeconds = (indexed - started).seconds
        traffic.classifySeconds = (classified - indexed).seconds
        return traffic
    }

    /// Reads one opened flow file into the tally (reading on a second thread, `FlowPipeline`).
    public static func classify(_ reader: FlowReader, index: TrafficIndex, into tally: inout TrafficTally,
                                onIssue: (String) -> Void) -> FlowReadSummary {
        FlowPipeline.run(reader, onIssue: { onIssue($0.description) }) { samples in
            index.classify(samples, into: &tally)
        }
        return reader.summary
    }

    /// The findings and the sums as the report writes them.
    public static func result(index: TrafficIndex, tally: TrafficTally, read: FlowReadSummary,
                              settings: TrafficSettings) -> TrafficResult {
        var result = TrafficResult()
        result.findings = tally.findings(index, settings: settings).sorted(by: Finding.reportOrder)
        result.read = read
        result.peeringLANs = index.peeringLANs
        result.bilateralSessions = tally.bgp.sessions(index.asns)
        result.total = tally.total
        result.ixInternal = tally.ixInternal
        result.sameMember = tally.sameMember
        result.unattributed = tally.unattributed
        result.unknownMACs = tally.unknownMACs.values.sorted { $0.mac < $1.mac }
        result.pairs = tally.pairs.map {
            TrafficPair(sender: index.asns[Int($0.sender)], receiver: index.asns[Int($0.receiver)], total: $0.total,
                        unannounced: $0.unannounced, filtered: $0.filtered)
        }
        result.members = index.asns.indices.map { m in
            MemberTraffic(asn: index.asns[m], name: index.names[m], sent: tally.sent[m], received: tally.received[m],
                          sourceOutside: tally.sourceOutside[m], routesReceived: index.routesReceived[m])
        }
        return result
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
