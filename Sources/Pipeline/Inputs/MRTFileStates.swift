import Audit
import BGP
import Job
import MRT
import Routing

/// What became of each MRT file, decided from what the reconstruction read of it.
enum MRTFileStates {
    /// What the reconstruction made of one MRT file, before it goes into the ledger.
    struct Decided {
        var role: InputRole
        var path: String
        var state: InputState
        var records: Int
        var skipped: Int

        var isRIB: Bool {
            if case .rib = role { return true }
            return false
        }
    }

    /// The state of every RIB dump and update file of the job, in the job's order. A RIB dump
    /// whose every entry is after `until` (`--at`) is not malformed: the moment is before the
    /// night, which ends the run here.
    static func decide(_ summary: ReconstructionSummary, job: JobFile, until: UInt32? = nil) throws(DayInputError) -> [Decided] {
        var files: [Decided] = []
        for source in job.sources {
            for path in source.ribFiles {
                let readout = summary.files[path] ?? FileReadout()
                if let until, readout.ribEntries == 0, summary.recordsAfterCutoff > 0, readout.decode.recordsDecoded > 1 {
                    throw .configuration("--at \(rfc3339(until)): before the night's first record (every entry of the RIB dump "
                        + "\(path) is later); give a time within the night")
                }
                files.append(Decided(role: .rib(source: source.label), path: path, state: state(of: readout, isRIB: true),
                                     records: readout.decode.recordsRead, skipped: readout.decode.recordsMalformed))
            }
            for path in source.updateFiles {
                let readout = summary.files[path] ?? FileReadout()
                files.append(Decided(role: .updates(source: source.label), path: path, state: state(of: readout, isRIB: false),
                                     records: readout.decode.recordsRead, skipped: readout.decode.recordsMalformed))
            }
        }
        return files
    }

    /// Whether `record` will end the run: a RIB dump held nothing usable.
    static func endRun(_ files: [Decided]) -> Bool {
        files.contains { $0.isRIB && !$0.state.isUsable }
    }

    /// Records the files `decide` gave, in order. A RIB dump that held nothing usable ends the
    /// run (the files before it recorded); update files that could not be used make the
    /// update-based checks say so when none of them could be read.
    static func record(_ files: [Decided], in ledger: InputLedger, unavailable: inout [AuditInput: String]) throws(DayInputError) {
        var usableUpdates = 0, givenUpdates = 0
        for file in files {
            let record = ledger.record(file.role, path: file.path, state: file.state, records: file.records, skipped: file.skipped)
            if file.isRIB {
                if !record.state.isUsable { throw .requiredInput(record) }
            } else {
                givenUpdates += 1
                if record.state.isUsable { usableUpdates += 1 }
            }
        }
        if givenUpdates > 0 && usableUpdates == 0 {
            unavailable[.updates] = "none of the \(givenUpdates) update files could be read; see Data quality"
        }
    }

    /// A file that stopped before its first record is unreadable or malformed; one that
    /// stopped later is partial; one without a single record is empty.
    static func state(of readout: FileReadout, isRIB: Bool) -> InputState {
        let decode = readout.decode
        if let stop = decode.stops.first {
            if decode.recordsDecoded > 0 { return .partial(reason: stop) }
            return decode.unopenedFiles > 0 ? .unreadable(reason: stop) : .malformed(reason: stop)
        }
        // Damage passed over: the records around it were read, the ranges are the problem
        // (run.json's inputs, the data-quality page).
        if !decode.skippedRanges.isEmpty {
            let ranges = decode.skippedRanges.map { "\($0.length) bytes at offset \($0.offset) (\($0.reason))" }
            let reason = "damaged: \(decode.skippedRanges.count) byte range(s) skipped, the records around them read: " + ranges.joined(separator: "; ")
            return decode.recordsDecoded > 0 ? .partial(reason: reason) : .malformed(reason: reason)
        }
        // An update file of a quiet interval holds no record; a RIB dump always has some.
        if decode.recordsRead == 0 { return isRIB ? .empty(reason: "no MRT record in it") : .read }
        if decode.recordsDecoded == 0 {
            return .malformed(reason: "none of its \(decode.recordsRead) records could be decoded (see Data quality); is it an MRT file?")
        }
        // One record without routes is a route server's empty table (its PEER_INDEX_TABLE);
        // many are the records of another kind of file.
        if isRIB && readout.ribEntries == 0 && decode.recordsDecoded > 1 {
            return .malformed(reason: "none of its \(decode.recordsDecoded) records is a RIB entry (TABLE_DUMP or "
                + "TABLE_DUMP_V2): is it an update file?")
        }
        return .read
    }
}

/// What became of a flow file, from what its reader read.
enum FlowFileState {
    static func record(_ reader: FlowReader, in ledger: InputLedger) {
        let summary = reader.summary
        let state: InputState
        if let stop = summary.stoppedFiles.first {
            state = summary.samples > 0 ? .partial(reason: stop) : .malformed(reason: stop)
        } else if summary.samples == 0 {
            state = .empty(reason: "no usable sample in \(summary.lines) lines (\(summary.skippedLines) skipped)")
        } else {
            state = .read
        }
        ledger.record(.flows, path: reader.name, state: state, records: summary.lines, skipped: summary.skippedLines)
    }
}
