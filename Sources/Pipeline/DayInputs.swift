import Audit
import BGP
import Foundation
import Job
import MRT
import RouteServer
import Routing

/// A day's inputs, loaded once: the date decided once, every path resolved once, every file
/// looked at (stat) before any work and opened once, its digest taken in the pass that reads
/// it. Optional inputs that cannot be used are recorded with why, for the checks to report
/// as not run; required ones end the load with `DayInputError`.
public struct DayInputs {
    public let job: JobFile
    /// The date the job's paths were resolved for.
    public let date: JobDate
    /// The date given on the command line, if any (a report without one is dated by its data).
    public let requestedDate: JobDate?
    public let members: MemberDirectory
    public let peeringLANs: [Prefix]
    /// Loaded from the simulation stage on.
    public let policy: ImportPolicy?
    public let scenario: Scenario?
    /// Loaded at the audit stage, each only when its file could be read.
    public let relationships: ASRelationships?
    public let rpki: ROASet?
    public let irr: RouteObjectSet?
    /// The flow files, opened (their format read from the first line), not yet read.
    public let flows: [FlowReader]
    /// Why each optional input the checks need cannot be used, for "not run" reasons.
    public let unavailable: [AuditInput: String]
    public let ledger: InputLedger
    public let strict: Bool
    /// The claimed output directory (locked until this value's last copy goes).
    public let output: OutputDirectory?

    /// Loads what `stage` needs. Throws `DayInputError` for a bad job, a required input that
    /// cannot be used, a directory or device given as a file, and under --strict for any input
    /// not read whole; before any MRT file is read.
    public static func load(_ request: DayRequest, for stage: DayStage) throws(DayInputError) -> DayInputs {
        var loader = DayInputsLoader(request: request)
        return try loader.load(stage)
    }
}

/// The steps of `DayInputs.load`, in order.
struct DayInputsLoader {
    let request: DayRequest
    let ledger = InputLedger()
    let date: JobDate
    var unavailable: [AuditInput: String] = [:]

    init(request: DayRequest) {
        self.request = request
        date = request.date ?? JobDate(Date())
    }

    /// Everything `stage` needs; with `references` false, the audit stage's reference and
    /// flow files are left to `completing`.
    mutating func load(_ stage: DayStage, references: Bool = true) throws(DayInputError) -> DayInputs {
        let job = try loadJob()
        try inspectFiles(job)
        let output = try claimOutput(job)
        let (members, lans) = try loadMembers(job)
        var policy: ImportPolicy?
        var scenario: Scenario?
        if stage >= .simulation {
            policy = try PolicyLookup.load(job, directory: request.policyDirectory)
            if let path = request.scenario { scenario = try loadScenario(path) }
        }
        let inputs = DayInputs(job: job, date: date, requestedDate: request.date, members: members, peeringLANs: lans,
                               policy: policy, scenario: scenario, relationships: nil, rpki: nil, irr: nil, flows: [],
                               unavailable: unavailable, ledger: ledger, strict: request.strict, output: output)
        guard stage >= .audit, references else {
            if request.strict, !ledger.notWhole.isEmpty { throw .strict(ledger.notWhole) }
            return inputs
        }
        let complete = completing(inputs)
        if request.strict, !ledger.notWhole.isEmpty { throw .strict(ledger.notWhole) }
        return complete
    }

    /// `inputs` with the audit stage's reference files read and its flow files opened. Reads
    /// nothing of `inputs` but the job, and touches the ledger only through its lock: it can
    /// run beside the simulation.
    mutating func completing(_ inputs: DayInputs) -> DayInputs {
        let references = loadReferences(inputs.job)
        let flows = openFlows(inputs.job)
        return DayInputs(job: inputs.job, date: inputs.date, requestedDate: inputs.requestedDate, members: inputs.members,
                         peeringLANs: inputs.peeringLANs, policy: inputs.policy, scenario: inputs.scenario,
                         relationships: references.relationships, rpki: references.rpki, irr: references.irr, flows: flows,
                         unavailable: unavailable, ledger: ledger, strict: inputs.strict, output: inputs.output)
    }

    // MARK: the job

    func loadJob() throws(DayInputError) -> JobFile {
        var job: JobFile
        if let path = request.jobFile {
            let bytes = try readRequired(.job, path: path)
            let directory = (path as NSString).deletingLastPathComponent
            do {
                job = try JobFile.parse(yaml: String(decoding: bytes, as: UTF8.self), file: path,
                                        baseDirectory: directory.isEmpty ? nil : directory, date: date)
            } catch {
                throw .configuration(error.description)
            }
            ledger.record(.job, path: path, state: .read)
        } else {
            guard request.overrides.hasData else { throw .noData }
            job = JobFile(ixp: IXPConfig(name: "IXP", routeServers: []), policy: .preset("smarthub-ix"),
                          members: .inline([]), sources: [])
        }
        do {
            return try request.overrides.apply(to: job, date: date)
        } catch {
            throw .configuration(error.description)
        }
    }

    /// Claims the output directory once the inputs are known to be there and before any is
    /// read: a directory holding an input is refused like any other that is not ixaudit's.
    func claimOutput(_ job: JobFile) throws(DayInputError) -> OutputDirectory? {
        guard let output = request.output else { return nil }
        var inputs = Self.files(job).map(\.path) + [request.jobFile, request.scenario].compactMap { $0 }
        if case let .file(policy) = job.policy { inputs.append(policy) }
        for source in job.sources { inputs += source.updatePatterns.map { ($0 as NSString).deletingLastPathComponent + "/" } }
        do {
            return try OutputDirectory(claiming: output, inputs: inputs)
        } catch {
            throw .output(error)
        }
    }

    /// Every file the job names, with its role, in the job's order.
    static func files(_ job: JobFile) -> [(role: InputRole, path: String)] {
        var files: [(InputRole, String)] = []
        if case let .ixf(path, _) = job.members { files.append((.members, path)) }
        for source in job.sources {
            files += source.ribFiles.map { (.rib(source: source.label), $0) }
            files += source.updateFiles.map { (.updates(source: source.label), $0) }
        }
        let optional: [(InputRole, String?)] = [(.flows, job.inputs.flows), (.relationships, job.inputs.relationships),
                                                (.rpki, job.inputs.rpki), (.irr, job.inputs.irr)]
        files += optional.compactMap { role, path in path.map { (role, $0) } }
        return files
    }

    /// Looks at every file once (stat, nothing is opened), before any work. Directories,
    /// devices and sockets are refused whatever their role; required files that are missing,
    /// empty or unreadable end the run; optional ones and update patterns that matched
    /// nothing are recorded.
    mutating func inspectFiles(_ job: JobFile) throws(DayInputError) {
        let inspected = Self.files(job).map { (role: $0.role, path: $0.path, kind: FileKind(path: $0.path)) }
        for file in inspected {
            switch file.kind {
            case .directory: throw .notAFile(role: file.role, path: file.path, kind: "a directory")
            case .special: throw .notAFile(role: file.role, path: file.path, kind: "a device or socket")
            case .regular, .pipe, .missing, .unreadable: continue
            }
        }
        for source in job.sources {
            for pattern in source.unmatchedPatterns {
                ledger.record(.updates(source: source.label), path: pattern, state: .matchedNoFile)
            }
        }
        for file in inspected {
            let state: InputState
            switch file.kind {
            case .missing: state = .missing
            case let .unreadable(reason): state = .unreadable(reason: reason)
            case .regular(size: 0): state = .empty(reason: "the file has 0 bytes (a failed download?)")
            case .regular, .pipe, .directory, .special: continue
            }
            let record = ledger.record(file.role, path: file.path, state: state)
            if file.role.isRequired { throw .requiredInput(record) }
        }
        if job.sources.allSatisfy({ $0.ribFiles.isEmpty && $0.updateFiles.isEmpty }) {
            throw .configuration("no MRT file to read: the job's sources name no RIB dump and their update patterns "
                + "match no file; check the paths and the date")
        }
    }

    // MARK: the member list

    func loadMembers(_ job: JobFile) throws(DayInputError) -> (MemberDirectory, [Prefix]) {
        let routeServerAddresses = Set(job.ixp.routeServers.flatMap(\.addresses))
        switch job.members {
        case let .inline(list):
            return (MemberDirectory(list, routeServerAddresses: routeServerAddresses), [])
        case let .ixf(path, ixpID):
            let bytes = try readRequired(.members, path: path)
            do {
                let export = try IXFMemberExport.parse(Data(bytes), file: path)
                let members = try export.members(ixpID: ixpID, file: path)
                ledger.record(.members, path: path, state: .read, records: members.count)
                let exchanges = export.ixps.filter { ixpID == nil || $0.ixpID == ixpID }
                let lans = exchanges.flatMap { $0.peeringLANs.flatMap { [$0.ipv4, $0.ipv6].compactMap { $0 } } }
                return (MemberDirectory(members, routeServerAddresses: routeServerAddresses), lans)
            } catch {
                throw .requiredInput(ledger.record(.members, path: path, state: .malformed(reason: error.description)))
            }
        }
    }

    func loadScenario(_ path: String) throws(DayInputError) -> Scenario {
        switch FileKind(path: path) {
        case .directory: throw .notAFile(role: .scenario, path: path, kind: "a directory")
        case .special: throw .notAFile(role: .scenario, path: path, kind: "a device or socket")
        case .regular, .pipe, .missing, .unreadable: break
        }
        do {
            return try Scenario.load(path: path)
        } catch {
            throw .configuration(error.description)
        }
    }

    // MARK: reading

    /// The whole file, its digest taken as it is read; a required input that cannot be read
    /// or holds nothing ends the run.
    func readRequired(_ role: InputRole, path: String) throws(DayInputError) -> [UInt8] {
        switch FileKind(path: path) {
        case .directory: throw .notAFile(role: role, path: path, kind: "a directory")
        case .special: throw .notAFile(role: role, path: path, kind: "a device or socket")
        case .missing:
            throw .requiredInput(ledger.record(role, path: path, state: .missing))
        case .regular, .pipe, .unreadable: break
        }
        switch Self.readWhole(path, tap: ledger.tap(path)) {
        case let .success(bytes) where !bytes.isEmpty:
            return bytes
        case .success:
            throw .requiredInput(ledger.record(role, path: path, state: .empty(reason: "the file holds nothing")))
        case let .failure(error):
            throw .requiredInput(ledger.record(role, path: path, state: .unreadable(reason: error.description)))
        }
    }

    /// The uncompressed bytes of a file (plain, gzip or bzip2), read once through `tap`.
    static func readWhole(_ path: String, tap: ByteTap) -> Result<[UInt8], InputError> {
        Result { () throws(InputError) in try MRTInput.readAll(path: path, tap: tap) }
    }
}
