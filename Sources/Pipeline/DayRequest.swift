import Foundation
import Job
import Routing

/// What a command asks of the day: the job file, the date, what the flags add to or replace
/// in the job, and how strict to be. Built by the command line; everything else is decided
/// by `DayInputs.load`.
public struct DayRequest: Sendable {
    public var jobFile: String?
    /// The run date for the job's `{date}` placeholders; nil: today (UTC), and the report is
    /// dated by its data.
    public var date: JobDate?
    public var overrides = JobOverrides()
    /// Where policy presets are looked up first.
    public var policyDirectory: String?
    /// A what-if scenario file (simulate).
    public var scenario: String?
    /// Nightly mode: an update pattern that matches nothing, an optional input that cannot be
    /// used, or a partly read file fail the run instead of being reported.
    public var strict = false
    /// The directory the command writes, claimed before any input is read.
    public var output: OutputRequest?

    public init(jobFile: String? = nil, date: JobDate? = nil) {
        self.jobFile = jobFile
        self.date = date
    }
}

/// The flags' share of a job: each replaces (single values) or adds to (lists) what the job
/// file says, so quick runs need no file.
public struct JobOverrides: Sendable {
    public var ixpName: String?
    public var routeServers: [RouteServerConfig] = []
    public var ixf: String?
    /// Replaces the job's member list when not empty.
    public var members: [Member] = []
    public var policy: String?
    public var communityProfile: CommunityProfile?
    public var flows: String?
    public var relationships: String?
    public var rpki: String?
    public var irr: String?
    /// The history database (`report --history`).
    public var history: String?
    /// RIB dumps and update patterns by source label, in the order given.
    public var ribs: [(label: String, path: String)] = []
    public var updates: [(label: String, pattern: String)] = []

    public init() {}

    /// True when there is data without a job file.
    var hasData: Bool { !ribs.isEmpty || !updates.isEmpty }

    /// `job` with the flags applied; flag paths are taken from the working directory, with the
    /// date placeholders of `date`.
    func apply(to job: JobFile, date: JobDate) throws(ConfigurationFileError) -> JobFile {
        var job = job
        if let ixpName { job.ixp.name = ixpName }
        job.ixp.routeServers += routeServers
        if let ixf { job.members = .ixf(path: ixf, ixpID: nil) }
        if !members.isEmpty { job.members = .inline(members) }
        if let policy { job.policy = PolicyReference(policy) }
        if let communityProfile { job.ixp.communities.profile = communityProfile }
        if let flows { job.inputs.flows = flows }
        if let relationships { job.inputs.relationships = relationships }
        if let rpki { job.inputs.rpki = rpki }
        if let irr { job.inputs.irr = irr }
        if let history { job.history = history }
        var added: [SourceConfig] = []
        func add(_ label: String, _ change: (inout SourceConfig) -> Void) {
            if let index = added.firstIndex(where: { $0.label == label }) {
                change(&added[index])
            } else {
                var source = SourceConfig(label: label)
                change(&source)
                added.append(source)
            }
        }
        for (label, path) in ribs { add(label) { $0.ribFiles.append(path) } }
        for (label, pattern) in updates { add(label) { $0.updatePatterns.append(pattern) } }
        guard !added.isEmpty else { return job }
        let extra = try JobFile(ixp: job.ixp, policy: job.policy, members: .inline([]), sources: added)
            .resolvingPaths(relativeTo: nil, date: date)
        for source in extra.sources {
            if let index = job.sources.firstIndex(where: { $0.label == source.label }) {
                job.sources[index].ribFiles += source.ribFiles
                job.sources[index].updatePatterns += source.updatePatterns
                job.sources[index].updateFiles += source.updateFiles
                job.sources[index].unmatchedPatterns += source.unmatchedPatterns
            } else {
                job.sources.append(source)
            }
        }
        return job
    }
}
