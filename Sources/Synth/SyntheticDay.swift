import BGP
import Dispatch
import Foundation
import Job
import MRT
import Routing

/// A realistic synthetic day at SmartHub IX (docs/rules.md section A), written in the layout
/// of data/smarthub/job.yaml: what `ixaudit synth` produces.
///
///     DIR/job.yaml                             the job file (relative paths, date placeholders)
///     DIR/ixf-members.json                     IX-F Member Export 1.0
///     DIR/truth.json                           the planted events and anomalies (the ground truth)
///     DIR/mrt/rs1/YYYY.MM/bview.YYYYMMDD.0000.gz          TABLE_DUMP_V2 as BIRD writes it
///     DIR/mrt/rs1/YYYY.MM/updates.YYYYMMDD.HHMM.gz        BGP4MP_ET, one file per interval
///     DIR/mrt/rs2/...                          the same for rs2
///     DIR/rpki/vrps.json                       RPKI VRPs (rpki-client JSON)
///     DIR/irr/route-objects.txt                IRR route objects (RPSL)
///     DIR/relationships/as-rel.txt             AS relationships (CAIDA serial-1)
///     DIR/flows/flows.YYYY-MM-DD.csv.gz        sampled flows (CSV), unless --flows 0
///
/// Deterministic: the same options give byte-identical files (every draw comes from the seed;
/// nothing reads the clock; nothing is written in hash order).
public enum SyntheticDay {
    public static func generate(_ options: SynthOptions, into directory: String) throws(SynthError) -> SynthReport {
        let started = ContinuousClock.now
        try options.validate()
        let seed = options.seed
        let dayStart = epochSeconds(options.date)

        // The realistic day's prefixes and paths first: an unusable file stops the run early.
        let corpus = options.isRealistic ? try RealRouteCorpus.read(options.realisticPaths) : nil

        // Members, routes, events.
        let lan = PeeringLANPlan(members: options.members)
        var rng = SplitMix64.stream(seed, 1)
        var members = MemberPlan.members(count: options.members, lan: lan, rng: &rng)
        rng = SplitMix64.stream(seed, 2)
        MemberPlan.assignCommunityHabits(&members, rng: &rng)
        rng = SplitMix64.stream(seed, 3)
        var tiers: [MemberTier?] = []
        let counts: [Int]
        if corpus != nil {
            (counts, tiers) = MemberTiers.routeCounts(members: members, total: options.routes, rng: &rng)
        } else {
            counts = RoutePlan.routeCounts(members: members, total: options.routes, rng: &rng)
        }
        rng = SplitMix64.stream(seed, 4)
        RoutePlan.splitFamilies(&members, counts: counts, rng: &rng)
        rng = SplitMix64.stream(seed, 5)
        var plan: RoutePlan
        var churnProfile = ChurnProfile.standard
        var corpusUse: SynthReport.CorpusUse?
        if let corpus {
            let built = try RealisticRoutes.build(members: &members, tiers: tiers, corpus: corpus, rng: &rng)
            plan = built.plan
            churnProfile = .largeIXP(alternativeTails: RealisticRoutes.tails(of: corpus, namingNoneOf: members))
            corpusUse = SynthReport.CorpusUse(files: options.realisticPaths.count, routesRead: corpus.routesRead,
                                              ipv4Prefixes: corpus.ipv4.count, ipv6Prefixes: corpus.ipv6.count,
                                              paths: corpus.tails.count, routesFromCorpus: built.fromCorpus,
                                              synthesizedRoutes: plan.routes.count - built.fromCorpus,
                                              tiers: MemberTier.allCases.map { tier in tiers.filter { $0 == tier }.count })
        } else {
            plan = try RoutePlan.build(members: &members, rng: &rng)
        }
        rng = SplitMix64.stream(seed, 6)
        let churn = ChurnPlan(members: members, plan: &plan, profile: churnProfile, rng: &rng)
        rng = SplitMix64.stream(seed, 11)
        let anomalies = try AnomalyPlan.plant(members: &members, plan: &plan, churn: churn, rng: &rng)
        // The sessions: the members', then the planted ones from addresses nobody was assigned.
        let speakers = members + anomalies.extraSessions
        rng = SplitMix64.stream(seed, 12)
        let flows = try FlowPlan(samples: options.flowSamples, members: members, plan: &plan, churn: churn, anomalies: anomalies,
                                 rng: &rng)
        rng = SplitMix64.stream(seed, 7)
        var recorder = UpdateRecorder(members: speakers, plan: plan, dayStart: dayStart)
        recorder.play(Self.merged(churn.actions, anomalies.actions), rng: &rng)

        // When each session came up (the RIB dumps' originated times), per route server.
        rng = SplitMix64.stream(seed, 8)
        let sessionUp: [[UInt32]] = (0..<2).map { _ in
            speakers.map { _ in dayStart - UInt32(rng.between(3600, 60 * 86_400)) }
        }

        // Paths.
        let date = options.date
        let ymd = date.description.replacingOccurrences(of: "-", with: "")
        let month = "\(JobDateParts.pad(date.year, 4)).\(JobDateParts.pad(date.month, 2))"
        let ext = options.fileExtension
        let labels = ["rs1", "rs2"]
        let folders = labels.map { "mrt/\($0)/\(month)" }
        let ribFiles = folders.map { "\($0)/bview.\(ymd).0000\(ext)" }
        let fileCount = 86_400 / options.updateInterval
        let updateFiles: [[String]] = folders.map { folder in
            (0..<fileCount).map { i in
                let minutes = i * options.updateInterval / 60
                return "\(folder)/updates.\(ymd).\(JobDateParts.pad(minutes / 60, 2))\(JobDateParts.pad(minutes % 60, 2))\(ext)"
            }
        }
        let root = directory.isEmpty ? "." : (directory.hasSuffix("/") && directory.count > 1 ? String(directory.dropLast()) : directory)
        func full(_ relative: String) -> String { root + "/" + relative }
        try prepare(root: root, folders: folders, writing: Set(ribFiles + updateFiles.flatMap { $0 }), ymd: ymd, extension: ext)
        let flowFile = options.flowSamples > 0 ? "flows/flows.\(date).csv.gz" : nil
        try createFolders(root: root, ["rpki", "irr", "relationships"] + (flowFile == nil ? [] : ["flows"]))

        // The reference files and the flows (the longest task with many flows) on one thread,
        // each route server's RIB dump and update files on the others.
        let references = ReferenceFiles(plan: plan, anomalies: anomalies)
        let sessions = SessionIndex(members: speakers)
        let dump = RIBDumpWriter(plan: plan, sessions: sessions)
        let streams = recorder.streams
        let results = ParallelResults<(RIBDumpWriter.Written, [(records: Int, fileBytes: Int64, uncompressedBytes: Int64)])>(count: 2)
        let side = ParallelResults<SideFiles>(count: 1)
        DispatchQueue.concurrentPerform(iterations: 3) { task in
            guard task > 0 else {
                do {
                    side.set(0, .success(try writeSideFiles(references: references, flows: flows, flowFile: flowFile, members: members,
                                                            plan: plan, date: date, dayStart: dayStart, seed: seed, root: root)))
                } catch {
                    side.set(0, .failure(SynthError.wrap(error, path: root)))
                }
                return
            }
            let rs = task - 1
            do {
                var ribRNG = SplitMix64.stream(seed, 9 + UInt64(rs))
                let rib = try dump.write(routeServer: rs, path: full(ribFiles[rs]), compression: options.compression,
                                         dayStart: dayStart, sessionUp: sessionUp[rs], rng: &ribRNG)
                let updates = try UpdateFileWriter.write(streams[rs], paths: updateFiles[rs].map(full),
                                                         interval: options.updateInterval, compression: options.compression)
                results.set(rs, .success((rib, updates)))
            } catch {
                results.set(rs, .failure(SynthError.wrap(error, path: root)))
            }
        }
        var files: [SynthReport.WrittenFile] = []
        var servers: [SynthReport.RouteServerDay] = []
        for rs in 0..<2 {
            let (rib, updates): (RIBDumpWriter.Written, [(records: Int, fileBytes: Int64, uncompressedBytes: Int64)])
            switch results.get(rs)! {
            case let .success(value): (rib, updates) = value
            case let .failure(error): throw error
            }
            files.append(.init(path: ribFiles[rs], bytes: rib.fileBytes, records: rib.records, uncompressedBytes: rib.uncompressedBytes))
            for (i, u) in updates.enumerated() {
                files.append(.init(path: updateFiles[rs][i], bytes: u.fileBytes, records: u.records, uncompressedBytes: u.uncompressedBytes))
            }
            let s = streams[rs]
            servers.append(.init(label: labels[rs], sessions: sessions.peers.count - 1, ipv4Routes: rib.ipv4Routes,
                                 ipv6Routes: rib.ipv6Routes, updateMessages: s.updates, otherMessages: s.otherMessages,
                                 stateChanges: s.stateChanges, announcements: s.announcements, withdrawals: s.withdrawals,
                                 updateFiles: updates.count))
        }

        let sideFiles: SideFiles
        switch side.get(0)! {
        case let .success(value): sideFiles = value
        case let .failure(error): throw error
        }
        files += sideFiles.files

        var events = planted(churn, recorder: recorder, members: members, plan: plan, dayStart: dayStart)
        events.anomalies = (events.anomalies + AnomalyPlan.anomalies(anomalies.entries + flows.entries, members: members)).sorted()
        var report = SynthReport(
            directory: root, options: options, files: files, members: members.count,
            routeServerMembers: members.filter(\.routeServer).count, ipv6Members: members.filter { $0.ipv6 != nil }.count,
            fourByteMembers: members.filter(\.isFourByte).count, routeServers: servers, planted: events, seconds: 0)
        report.roas = sideFiles.roas
        report.routeObjects = sideFiles.routeObjects
        report.relationships = sideFiles.relationships
        report.flowSamples = sideFiles.flowSamples
        report.corpus = corpusUse

        // The text files.
        let export = DayDocuments.memberExport(members, lan: lan, date: date.description)
        try writeText(export, to: full("ixf-members.json"), as: "ixf-members.json", into: &report)
        try writeText(DayDocuments.jobFile(options, flowFile: flowFile), to: full("job.yaml"), as: "job.yaml", into: &report)
        let truth = DayDocuments.truth(report, members: members, ribFiles: ribFiles, dayStart: dayStart)
        try writeText(truth, to: full("truth.json"), as: "truth.json", into: &report)

        let elapsed = ContinuousClock.now - started
        report.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return report
    }

    /// Seconds from 1970-01-01 to 00:00 UTC of `date` (days from the civil date, proleptic
    /// Gregorian).
    static func epochSeconds(_ date: JobDate) -> UInt32 {
        let y = date.month <= 2 ? date.year - 1 : date.year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthIndex = (date.month + 9) % 12
        let dayOfYear = (153 * monthIndex + 2) / 5 + date.day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return UInt32(days * 86_400)
    }

    /// The files beside the MRT files: the reference files and the flows, and their entries.
    struct SideFiles {
        var files: [SynthReport.WrittenFile] = []
        var roas = 0
        var routeObjects = 0
        var relationships = 0
        var flowSamples = 0
    }

    static func writeSideFiles(references: ReferenceFiles, flows: FlowPlan, flowFile: String?, members: [SyntheticMember],
                               plan: RoutePlan, date: JobDate, dayStart: UInt32, seed: UInt64, root: String)
        throws(SynthError) -> SideFiles {
        func full(_ relative: String) -> String { root + "/" + relative }
        func file(_ path: String, _ bytes: Int64, uncompressed: Int64 = 0) -> SynthReport.WrittenFile {
            .init(path: path, bytes: bytes, records: 0, uncompressedBytes: uncompressed)
        }
        var out = SideFiles()
        let vrps = try references.writeVRPs(to: full(ReferenceFiles.vrpFile), buildTime: "\(date)T00:00:00Z")
        out.files.append(file(ReferenceFiles.vrpFile, vrps.fileBytes))
        out.roas = vrps.entries
        let objects = try references.writeRouteObjects(to: full(ReferenceFiles.routeObjectFile))
        out.files.append(file(ReferenceFiles.routeObjectFile, objects.fileBytes))
        out.routeObjects = objects.entries
        var relationRNG = SplitMix64.stream(seed, 14)
        let relations = try references.writeRelationships(to: full(ReferenceFiles.relationshipFile), members: members, rng: &relationRNG)
        out.files.append(file(ReferenceFiles.relationshipFile, relations.fileBytes))
        out.relationships = relations.entries
        if let flowFile {
            var flowRNG = SplitMix64.stream(seed, 13)
            let written = try FlowFileWriter.write(flows, members: members, plan: plan, dayStart: dayStart, path: full(flowFile),
                                                   rng: &flowRNG)
            out.files.append(file(flowFile, written.fileBytes, uncompressed: written.uncompressedBytes))
            out.flowSamples = written.lines
        }
        return out
    }

    /// The day's actions in time order: the churn's, then the planted anomalies' (ties keep
    /// that order).
    static func merged(_ churn: [DayAction], _ planted: [DayAction]) -> [DayAction] {
        var all = churn
        for action in planted {
            var a = action
            a.order = all.count
            all.append(a)
        }
        return all.sorted { ($0.time, $0.order) < ($1.time, $1.order) }
    }

    static func createFolders(root: String, _ folders: [String]) throws(SynthError) {
        for folder in folders {
            let path = root + "/" + folder
            do {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            } catch {
                throw .cannotWrite(path: path, reason: (error as NSError).localizedDescription)
            }
        }
    }

    /// Creates the folders; refuses to run when one already holds files of this day that this
    /// run would not overwrite and the job's globs would read too (same extension; any file
    /// when the files have none).
    static func prepare(root: String, folders: [String], writing: Set<String>, ymd: String,
                        extension ext: String) throws(SynthError) {
        let manager = FileManager.default
        var stale: [String] = []
        for folder in folders {
            let path = root + "/" + folder
            do {
                try manager.createDirectory(atPath: path, withIntermediateDirectories: true)
            } catch {
                throw .cannotWrite(path: path, reason: (error as NSError).localizedDescription)
            }
            let names = (try? manager.contentsOfDirectory(atPath: path)) ?? []
            for name in names.sorted() where (name.hasPrefix("updates.\(ymd).") || name.hasPrefix("bview.\(ymd).")) && name.hasSuffix(ext) {
                if !writing.contains(folder + "/" + name) { stale.append(folder + "/" + name) }
            }
        }
        if !stale.isEmpty { throw .staleFiles(directory: root, files: stale) }
    }

    static func writeText(_ text: String, to path: String, as name: String, into report: inout SynthReport) throws(SynthError) {
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw .cannotWrite(path: path, reason: (error as NSError).localizedDescription)
        }
        report.files.append(.init(path: name, bytes: Int64(text.utf8.count), records: 0, uncompressedBytes: 0))
    }

    /// The planted events as the report and truth.json give them.
    static func planted(_ churn: ChurnPlan, recorder: UpdateRecorder, members: [SyntheticMember], plan: RoutePlan,
                        dayStart: UInt32) -> PlantedEvents {
        func seconds(_ t: UInt64) -> UInt32 { dayStart + UInt32(t / 1_000_000) }
        let resets = churn.resets.map { r -> SessionReset in
            let member = members[r.member]
            let count = recorder.reannounced.first {
                $0.member == r.member && $0.routeServer == r.routeServer && $0.isIPv6 == r.isIPv6 && $0.time == r.up
            }?.count ?? 0
            return SessionReset(asn: ASN(member.asn), memberName: member.name, source: r.routeServer == 0 ? "rs1" : "rs2",
                                peerAddress: r.isIPv6 ? member.ipv6! : member.ipv4Address, down: seconds(r.down), up: seconds(r.up),
                                routesReannounced: count)
        }
        let differences = churn.differences.map { d -> RouteServerDifference in
            let route = plan.routes[d.route]
            return RouteServerDifference(asn: ASN(members[Int(route.member)].asn), prefix: route.prefix, kind: d.kind,
                                         attribute: d.attribute, detail: d.detail)
        }
        let flapping = churn.flapping.map { f -> FlappingRoute in
            let route = plan.routes[f.route]
            return FlappingRoute(asn: ASN(members[Int(route.member)].asn), prefix: route.prefix, withdrawals: f.withdrawals.map(seconds))
        }
        let names = Dictionary(members.map { (ASN($0.asn), $0.name) }, uniquingKeysWith: { a, _ in a })
        func clock(_ t: UInt32) -> String { Planting.clock(UInt64(t - dayStart) * 1_000_000) }
        var anomalies = resets.map { r in
            PlantedAnomaly(check: "session-reset", asn: r.asn, name: r.memberName, source: r.source,
                           detail: "\(r.family) session from \(r.peerAddress) left Established at \(clock(r.down)) UTC, back at "
                            + "\(clock(r.up)) UTC; \(r.routesReannounced) routes announced again")
        }
        anomalies += differences.map { d in
            let source = d.kind == .onlyOnRS1 ? "rs1" : (d.kind == .onlyOnRS2 ? "rs2" : nil)
            return PlantedAnomaly(check: d.checkID, asn: d.asn, name: names[d.asn] ?? "", prefix: d.prefix, source: source, detail: d.detail)
        }
        anomalies += flapping.map { f in
            PlantedAnomaly(check: "route-flapping", asn: f.asn, name: names[f.asn] ?? "", prefix: f.prefix,
                           detail: "withdrawn and announced again \(f.flaps) times on every route server it is announced to")
        }
        return PlantedEvents(sessionResets: resets, routeServerDifferences: differences, flappingRoutes: flapping,
                             activeMembers: churn.activeMembers.map { ASN(members[$0].asn) }, background: churn.background,
                             anomalies: anomalies)
    }
}

/// Zero-padded numbers for file names.
enum JobDateParts {
    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

/// Results of parallel work, one slot per task.
final class ParallelResults<Value>: @unchecked Sendable {
    private var slots: [Result<Value, SynthError>?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Result<Value, SynthError>) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    func get(_ index: Int) -> Result<Value, SynthError>? {
        lock.lock()
        defer { lock.unlock() }
        return slots[index]
    }
}
