import Job
import MRT

/// The MRT files of one source: a route server's or a collector's RIB dumps and update files,
/// under the label the job file gives it (`rs1`, `rs2`, `other-ix`...).
public struct SourceInput: Hashable, Sendable {
    public var label: String
    public var ribFiles: [String]
    public var updateFiles: [String]

    public init(label: String, ribFiles: [String] = [], updateFiles: [String] = []) {
        self.label = label
        self.ribFiles = ribFiles
        self.updateFiles = updateFiles
    }
}

extension SourceConfig {
    /// The files of this source as the reconstruction reads them.
    public var input: SourceInput { SourceInput(label: label, ribFiles: ribFiles, updateFiles: updateFiles) }
}

/// What a reconstruction read, used and set aside, beyond the per-record decode accounting.
public struct ReconstructionSummary: Sendable {
    /// Every record read, decoded, skipped (RFC 6396 decoding, all files together).
    public var decode = DecodeSummary()
    /// Baseline time of each source with a RIB dump (the latest RIB record's timestamp).
    public var baselines: [String: UInt32] = [:]
    public var ribEntries = 0
    public var updateMessages = 0
    /// UPDATEs from before their source's baseline: already reflected in the RIB dump.
    public var updatesBeforeBaseline = 0
    /// Messages the collector sent (the _LOCAL subtypes): not what members announced.
    public var localMessagesIgnored = 0
    /// RIB records found in update files and BGP4MP records in RIB files: not used.
    public var recordsInTheWrongKindOfFile = 0
    /// Records older than the one before them in the same file (applied in file order).
    public var outOfOrderRecords = 0
    /// State changes whose session could not be told (peer address lost, several candidates).
    public var unmatchedStateChanges = 0
    /// Records about a peer that is not a client (`RouteServerClients`: a route server of the
    /// job, the unspecified address, AS0), set aside: peer-index entries and their routes,
    /// messages, state changes of the route server itself. BIRD's dummy peer 0 is not counted.
    public var notClientRecords = 0
    /// Records after the `until` time, not applied.
    public var recordsAfterCutoff = 0
    /// First and last record time applied.
    public var start: UInt32?
    public var end: UInt32?
    /// What each file gave, by path: whether a file was read whole, damaged or empty is
    /// decided from this, file by file.
    public var files: [String: FileReadout] = [:]
}

/// What one MRT file gave: its decode accounting and, for a RIB dump, the routes it held.
public struct FileReadout: Sendable {
    public var decode = DecodeSummary()
    /// Routes of a RIB dump loaded into the baseline (0 for an update file).
    public var ribEntries = 0

    public init() {}
}
