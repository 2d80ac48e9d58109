extension ReconstructionSummary {
    /// Adds what another part of the same run read (other sources, other files).
    mutating func absorb(_ other: ReconstructionSummary) {
        decode.merge(other.decode)
        baselines.merge(other.baselines) { mine, _ in mine }
        ribEntries += other.ribEntries
        updateMessages += other.updateMessages
        updatesBeforeBaseline += other.updatesBeforeBaseline
        localMessagesIgnored += other.localMessagesIgnored
        recordsInTheWrongKindOfFile += other.recordsInTheWrongKindOfFile
        outOfOrderRecords += other.outOfOrderRecords
        unmatchedStateChanges += other.unmatchedStateChanges
        recordsAfterCutoff += other.recordsAfterCutoff
        notClientRecords += other.notClientRecords
        start = [start, other.start].compactMap { $0 }.min()
        end = [end, other.end].compactMap { $0 }.max()
        for (path, readout) in other.files {
            files[path, default: FileReadout()].decode.merge(readout.decode)
            files[path, default: FileReadout()].ribEntries += readout.ribEntries
        }
    }
}
