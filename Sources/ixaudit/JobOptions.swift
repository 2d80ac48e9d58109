import ArgumentParser
import Job
import Pipeline
import Routing

/// The job: a job file, and flags for every part of it so quick runs need no file. Flags add
/// to (or, for single values, replace) what the file says.
struct JobOptions: ParsableArguments {
    @Option(name: .long, help: "The job file (YAML): IXP, route servers, community scheme, policy, members, sources.")
    var config: String?

    @Option(name: .long, help: "The run date for {date}, {yyyy}, {mm}, {dd} in the job's paths: YYYY-MM-DD, today or yesterday (UTC; default: today).")
    var date: DateArgument?

    @Option(name: .long, help: "A RIB dump of a source, as LABEL=FILE (e.g. rs1=bview.20261121.0000.gz). Repeatable.")
    var rib: [LabelledPath] = []

    @Option(name: .long, help: "Update files of a source, as LABEL=GLOB (e.g. 'rs1=updates.20261121.*.gz'). Repeatable.")
    var updates: [LabelledPath] = []

    @Option(name: .long, help: "The member list: an IX-F Member Export JSON file.")
    var ixf: String?

    @Option(name: .long, help: "A route server, as LABEL=ASN,IPV4,IPV6 (e.g. rs1=8960,185.1.15.8,2001:7f8:7a::8960:1). Repeatable.")
    var routeServer: [RouteServerArgument] = []

    @Option(name: .long, help: "The IXP's name.")
    var ixpName: String?

    @Option(name: .long, help: "A member, as ASN,NAME,ADDRESS[,ADDRESS...] (e.g. 8359,MTS,185.1.15.21,2001:7f8:7a::8359:1). Repeatable; replaces the job's member list.")
    var member: [MemberArgument] = []

    @Option(name: .long, help: "The policy: a preset name (smarthub-ix, peg-tech) or a policy file.")
    var policy: String?

    @Option(name: .long, help: "How mixed control communities are read: arouteserver or ixp-manager.")
    var communityProfile: CommunityProfile?

    @Option(name: .long, help: "Sampled flows: CSV (timestamp,src_mac,dst_mac,src_ip,dst_ip,bytes,packets,sampling_rate) or `sflowtool -l` lines, gzip/bzip2/plain. See docs/flows.md.")
    var flows: String?

    @Option(name: .long, help: "AS relationships, CAIDA serial-1/serial-2 (a|b|rel): refines the peer-leak check.")
    var relationships: String?

    @Option(name: .long, help: "RPKI VRPs: rpki-client or Routinator JSON export, or CSV (ASN,IP Prefix,Max Length,Trust Anchor).")
    var rpki: String?

    @Option(name: .long, help: "IRR route objects: RPSL route:/route6: objects with origin:.")
    var irr: String?

    @Flag(name: .long, help: "For nightly jobs: exit 2, writing nothing, when an update pattern matches no file or any input cannot be read whole (missing, empty, malformed, truncated). Without it these are warnings and the checks that need the input do not run.")
    var strict = false

    func validate() throws {
        if config == nil && rib.isEmpty && updates.isEmpty {
            throw ValidationError("give a job file (--config job.yaml) or the data (--rib LABEL=FILE, --updates LABEL=GLOB)")
        }
    }

    /// The request for the pipeline.
    func request(output: OutputRequest?, policyDirectory: String? = nil, scenario: String? = nil) -> DayRequest {
        var request = DayRequest(jobFile: config, date: date?.date)
        request.output = output
        request.policyDirectory = policyDirectory
        request.scenario = scenario
        request.strict = strict
        var overrides = JobOverrides()
        overrides.ixpName = ixpName
        overrides.routeServers = routeServer.map(\.server)
        overrides.ixf = ixf
        overrides.members = member.map(\.member)
        overrides.policy = policy
        overrides.communityProfile = communityProfile
        overrides.flows = flows
        overrides.relationships = relationships
        overrides.rpki = rpki
        overrides.irr = irr
        overrides.ribs = rib.map { ($0.label, $0.path) }
        overrides.updates = updates.map { ($0.label, $0.path) }
        request.overrides = overrides
        return request
    }
}
