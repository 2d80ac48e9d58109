import Audit
import BGP
import Foundation
import MRT
import RouteServer
import Routing

/// Where a run is, for a progress line, and the data problems it meets as they come.
public struct DayObserver {
    public var phase: (String) -> Void
    public var decodeIssue: (DecodeIssue) -> Void
    public var auditIssue: (String) -> Void

    public init(phase: @escaping (String) -> Void = { _ in }, decodeIssue: @escaping (DecodeIssue) -> Void = { _ in },
                auditIssue: @escaping (String) -> Void = { _ in }) {
        self.phase = phase
        self.decodeIssue = decodeIssue
        self.auditIssue = auditIssue
    }
}

/// One day run as far as a command needs: reconstruction, then the route servers, then the
/// audit. Each phase is timed. The four commands call this, and only this, to run a day.
public struct DayRun {
    public let inputs: DayInputs
    public let reconstruction: Reconstruction
    /// One result per route server that is a source (simulation stage on).
    public let simulation: [ExportResult]
    /// The audit stage only.
    public let audit: AuditResult?
    /// Phase name and seconds, in order.
    public let timings: [(phase: String, seconds: Double)]

    /// Runs the day to `stage`. `until` and `seriesInterval` shape the reconstruction. Throws
    /// `DayInputError` when a RIB dump turns out unusable as it is read, or under --strict
    /// when any file was not read whole: before anything is written.
    public static func run(_ inputs: DayInputs, to stage: DayStage, until: UInt32? = nil, seriesInterval: UInt32 = 300,
                           observer: DayObserver = DayObserver()) throws(DayInputError) -> DayRun {
        try run(inputs, to: stage, until: until, seriesInterval: seriesInterval, observer: observer, aside: nil, reconstructed: nil)
    }

    /// Loads the inputs of `request` (`DayInputs.load`) and runs the day to `stage`. The
    /// reference files (IRR, RPKI, relationships: seconds of parsing on a large day) are read
    /// beside the simulation, which leaves part of a core free, rather than beside the
    /// reconstruction, which needs both cores (both route servers side by side, each with its
    /// decompression); only the analyses need them. The ledger lists them in the same order
    /// either way. Under --strict they are read first, as `DayInputs.load` does, for then a
    /// file not read whole must stop the run before any MRT file is read.
    ///
    /// `reconstructed`, when given, is called as soon as the sessions are reconstructed, with
    /// the inputs loaded so far (the reference files may still be being read), before the
    /// simulation: the report starts writing its route table there, on a thread of its own,
    /// while the rest of the day is computed.
    public static func run(_ request: DayRequest, to stage: DayStage, until: UInt32? = nil, seriesInterval: UInt32 = 300,
                           observer: DayObserver = DayObserver(),
                           reconstructed: ((DayInputs, Reconstruction) -> Void)? = nil) throws(DayInputError) -> DayRun {
        var loader = DayInputsLoader(request: request)
        guard stage >= .audit, !request.strict else {
            return try run(loader.load(stage), to: stage, until: until, seriesInterval: seriesInterval, observer: observer, aside: nil,
                           reconstructed: reconstructed)
        }
        let early = try loader.load(stage, references: false)
        return try run(early, to: stage, until: until, seriesInterval: seriesInterval, observer: observer,
                       aside: { loader.completing(early) }, reconstructed: reconstructed)
    }

    /// `aside`, when given, completes the inputs beside the simulation.
    private static func run(_ inputs: DayInputs, to stage: DayStage, until: UInt32?, seriesInterval: UInt32,
                            observer: DayObserver, aside: (() -> DayInputs)?,
                            reconstructed: ((DayInputs, Reconstruction) -> Void)?) throws(DayInputError) -> DayRun {
        var inputs = inputs
        let clock = ContinuousClock()
        var timings: [(String, Double)] = []
        var mark = clock.now
        func phase(_ name: String) {
            let now = clock.now
            timings.append((name, (now - mark).inSeconds))
            mark = now
        }
        observer.phase("reconstructing the sessions")
        let reconstruction = Reconstruction(seriesInterval: seriesInterval, until: until,
                                            clients: RouteServerClients(routeServers: inputs.job.ixp.routeServers))
        let ledger = inputs.ledger
        let sources = inputs.job.sources.map(\.input)
        reconstruction.run(sources, tap: { ledger.tap($0) }, onIssue: observer.decodeIssue)
        phase("reconstruction")
        let mrtFiles = try MRTFileStates.decide(reconstruction.summary, job: inputs.job, until: until)
        // With the reference files still to read, the MRT files go into the ledger after them,
        // where a run that reads them first (--strict) lists them too; unless a RIB dump ends
        // the run here (recording them then throws).
        var unavailable = inputs.unavailable
        if aside == nil || MRTFileStates.endRun(mrtFiles) { try MRTFileStates.record(mrtFiles, in: ledger, unavailable: &unavailable) }
        if inputs.strict, stage < .audit, !ledger.notWhole.isEmpty { throw .strict(ledger.notWhole) }
        reconstructed?(inputs, reconstruction)

        var simulation: [ExportResult] = []
        let simulate = {
            guard stage >= .simulation, let policy = inputs.policy else { return }
            observer.phase("simulating the route servers")
            simulation = RouteServerSimulation.run(rib: reconstruction.rib, job: inputs.job, members: inputs.members, policy: policy)
        }
        if let aside {
            let complete = sideBySide(simulate, aside).1
            inputs = complete
            unavailable = complete.unavailable
            try MRTFileStates.record(mrtFiles, in: ledger, unavailable: &unavailable)
        } else {
            simulate()
        }
        if stage >= .simulation, inputs.policy != nil { phase("simulation") }
        var audit: AuditResult?
        if stage >= .audit, let policy = inputs.policy {
            observer.phase(inputs.flows.isEmpty ? "running the checks" : "running the checks and classifying the flows")
            let auditInputs = AuditInputs(job: inputs.job, members: inputs.members, policy: policy, rib: reconstruction.rib,
                                          reconstruction: reconstruction.summary, simulation: simulation,
                                          relationships: inputs.relationships, rpki: inputs.rpki, irr: inputs.irr,
                                          flows: inputs.flows, peeringLANs: inputs.peeringLANs, unavailable: unavailable)
            audit = Audit.run(auditInputs, onIssue: observer.auditIssue)
            phase("analyses")
            for reader in inputs.flows { FlowFileState.record(reader, in: ledger) }
            if inputs.strict, !ledger.notWhole.isEmpty { throw .strict(ledger.notWhole) }
        }
        return DayRun(inputs: inputs, reconstruction: reconstruction, simulation: simulation, audit: audit, timings: timings)
    }

    /// The day (YYYY-MM-DD): the date asked for, else the day the data begins.
    public var date: String {
        inputs.requestedDate?.description
            ?? String(rfc3339(reconstruction.summary.start ?? UInt32(Date().timeIntervalSince1970)).prefix(10))
    }
}

extension Duration {
    public var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
