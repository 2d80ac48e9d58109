import ArgumentParser
import BGP
import Foundation
import Job
import Routing

/// The job: a job file, and flags for every part of it so quick runs need no file. Flags add
/// to (or, for single values, replace) what the file says.
struct JobOptions: ParsableArguments {
    @Option(name: .long, help: "The job file (YAML): IXP, route servers, community scheme, policy, members, sources.")
    var config: String?

    @Option(name: .long, help: "The run date for {date}, {yyyy}, {mm}, {dd} in the job's paths: YYYY-MM-DD, today or yesterday (UTC; default: today).")
    var date: String?

    @Option(name: .long, help: "A RIB dump of a source, as LABEL=FILE (e.g. rs1=bview.20261121.0000.gz). Repeatable.")
    var rib: [String] = []

    @Option(name: .long, help: "Update files of a source, as LABEL=GLOB (e.g. 'rs1=updates.20261121.*.gz'). Repeatable.")
    var updates: [String] = []

    @Option(name: .long, help: "The member list: an IX-F Member Export JSON file.")
    var ixf: String?

    @Option(name: .long, help: "A route server, as LABEL=ASN,IPV4,IPV6 (e.g. rs1=8960,185.1.15.8,2001:7f8:7a::8960:1). Repeatable.")
    var routeServer: [String] = []

    @Option(name: .long, help: "The IXP's name.")
    var ixpName: String?

    @Option(name: .long, help: "A member, as ASN,NAME,ADDRESS[,ADDRESS...] (e.g. 8359,MTS,185.1.15.21,2001:7f8:7a::8359:1). Repeatable; replaces the job's member list.")
    var member: [String] = []

    @Option(name: .long, help: "The policy: a preset name (smarthub-ix, peg-tech) or a policy file.")
    var policy: String?

    @Option(name: .long, help: "How mixed control communities are read: arouteserver or ixp-manager.")
    var communityProfile: String?

    @Option(name: .long, help: "Sampled flows: CSV (timestamp,src_mac,dst_mac,src_ip,dst_ip,bytes,packets,sampling_rate) or `sflowtool -l` lines, gzip/bzip2/plain. See docs/flows.md.")
    var flows: String?

    @Option(name: .long, help: "AS relationships, CAIDA serial-1/serial-2 (a|b|rel): refines the peer-leak check.")
    var relationships: String?

    @Option(name: .long, help: "RPKI VRPs: rpki-client or Routinator JSON export, or CSV (ASN,IP Prefix,Max Length,Trust Anchor).")
    var rpki: String?

    @Option(name: .long, help: "IRR route objects: RPSL route:/route6: objects with origin:.")
    var irr: String?

    /// The --date: a day, or `today` / `yesterday` (UTC) for a nightly job; nil when not given.
    func runDate() throws -> JobDate? {
        guard let date else { return nil }
        switch date {
        case "today": return JobDate(Date())
        case "yesterday": return JobDate(Date().addingTimeInterval(-86_400))
        default:
            guard let parsed = JobDate(date) else { throw ValidationError("--date \(date): expected YYYY-MM-DD, today or yesterday") }
            return parsed
        }
    }

    /// The job from the file and the flags, every path resolved; errors name the file, line
    /// or flag and what is expected.
    func load() throws -> JobFile {
        let jobDate = try runDate()
        var job: JobFile
        if let config {
            job = try JobFile.load(path: config, date: jobDate ?? JobDate(Date()), requireFiles: false)
        } else {
            guard !rib.isEmpty || !updates.isEmpty else {
                throw ValidationError("give a job file (--config job.yaml) or the data (--rib LABEL=FILE, --updates LABEL=GLOB)")
            }
            job = JobFile(ixp: IXPConfig(name: ixpName ?? "IXP", routeServers: []), policy: .preset("smarthub-ix"),
                          members: .inline([]), sources: [])
        }
        if let ixpName { job.ixp.name = ixpName }
        for text in routeServer { job.ixp.routeServers.append(try Self.routeServer(text)) }
        if let ixf { job.members = .ixf(path: ixf, ixpID: nil) }
        if !member.isEmpty { job.members = .inline(try member.map(Self.member)) }
        if let policy { job.policy = PolicyReference(policy) }
        for (key, path) in [("flows", flows), ("relationships", relationships), ("rpki", rpki), ("irr", irr)] {
            guard let path else { continue }
            guard FileManager.default.fileExists(atPath: path) else { throw ValidationError("--\(key) \(path): no such file") }
            switch key {
            case "flows": job.inputs.flows = path
            case "relationships": job.inputs.relationships = path
            case "rpki": job.inputs.rpki = path
            default: job.inputs.irr = path
            }
        }
        if let communityProfile {
            guard let profile = CommunityProfile(rawValue: communityProfile) else {
                throw ValidationError("--community-profile \(communityProfile): expected \(CommunityProfile.allCases.map(\.rawValue).joined(separator: " or "))")
            }
            job.ixp.communities.profile = profile
        }
        var added: [SourceConfig] = []
        for (flag, values) in [("--rib", rib), ("--updates", updates)] {
            for text in values {
                let (label, path) = try Self.labelled(text, flag: flag)
                var source = added.first { $0.label == label } ?? SourceConfig(label: label)
                if flag == "--rib" { source.ribFiles.append(path) } else { source.updatePatterns.append(path) }
                added.removeAll { $0.label == label }
                added.append(source)
            }
        }
        if !added.isEmpty {
            let extra = try JobFile(ixp: job.ixp, policy: job.policy, members: .inline([]), sources: added)
                .resolvingPaths(relativeTo: nil, date: jobDate ?? JobDate(Date()), requireFiles: true)
            for source in extra.sources {
                if let index = job.sources.firstIndex(where: { $0.label == source.label }) {
                    job.sources[index].ribFiles += source.ribFiles
                    job.sources[index].updateFiles += source.updateFiles
                } else {
                    job.sources.append(source)
                }
            }
        }
        return job
    }

    static func labelled(_ text: String, flag: String) throws -> (String, String) {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex, text.index(after: equals) != text.endIndex else {
            throw ValidationError("\(flag) \(text): expected LABEL=PATH, e.g. rs1=bview.20261121.0000.gz")
        }
        return (String(text[..<equals]), String(text[text.index(after: equals)...]))
    }

    static func member(_ text: String) throws -> Member {
        let parts = text.split(separator: ",").map(String.init)
        guard parts.count >= 3 else { throw ValidationError("--member \(text): expected ASN,NAME,ADDRESS[,ADDRESS...]") }
        let asn = try flagASN(parts[0], flag: "--member \(text)")
        var addresses: [IPAddress] = []
        for part in parts.dropFirst(2) {
            guard let address = IPAddress(part) else { throw ValidationError("--member \(text): \(part) is not an IP address") }
            addresses.append(address)
        }
        return Member(asn: asn, name: parts[1], ipv4: addresses.filter { $0.family == .ipv4 },
                      ipv6: addresses.filter { $0.family == .ipv6 })
    }

    static func routeServer(_ text: String) throws -> RouteServer {
        let (label, rest) = try labelled(text, flag: "--route-server")
        let parts = rest.split(separator: ",").map(String.init)
        guard let first = parts.first else { throw ValidationError("--route-server \(text): expected LABEL=ASN,IPV4,IPV6") }
        var server = RouteServer(label: label, asn: try flagASN(first, flag: "--route-server \(text)"))
        for part in parts.dropFirst() {
            guard let address = IPAddress(part) else { throw ValidationError("--route-server \(text): \(part) is not an IP address") }
            if address.family == .ipv4 { server.ipv4 = address } else { server.ipv6 = address }
        }
        return server
    }

    /// The AS number of a flag's value; the message names the flag.
    static func flagASN(_ text: String, flag: String) throws -> ASN {
        do {
            return try ASN(parsing: text)
        } catch {
            throw ValidationError("\(flag): \(error)")
        }
    }
}
