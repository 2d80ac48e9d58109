import BGP
import Job
import MRT
import Routing

/// What `ixaudit synth` generates: one synthetic day at SmartHub IX (docs/rules.md section A).
/// The same options give byte-identical files.
public struct SynthOptions: Hashable, Sendable {
    /// Seeds every random draw.
    public var seed: UInt64
    /// Members in the IX-F export (a few of them do not peer with the route servers).
    public var members: Int
    /// Routes each route server holds, about (the planted rs1/rs2 differences and routes that
    /// appear only during the day move the RIB counts a little below this).
    public var routes: Int
    /// The day: file names, RIB dump time (00:00 UTC), update times.
    public var date: JobDate
    /// Seconds covered by each update file: a multiple of 60 that divides the day.
    public var updateInterval: Int
    /// How the MRT files are compressed: gzip (`.gz`, as RIPE RIS), bzip2 (`.bz2`) or none.
    public var compression: Compression
    /// Sampled packets in the flows file (one line each); 0 writes no flows.
    public var flowSamples: Int
    /// MRT files (RIB dumps or update files) whose prefixes and AS paths the day's routes
    /// take, which also makes it a large IXP's day (`LargeIXPProfile`); empty: the default
    /// day, prefixes and paths drawn.
    public var realisticPaths: [String]

    public static let defaultDate = JobDate(year: 2026, month: 11, day: 21)!

    public init(seed: UInt64 = 1, members: Int = 40, routes: Int = 20_000, date: JobDate = SynthOptions.defaultDate,
                updateInterval: Int = 300, compression: Compression = .gzip, flowSamples: Int = 100_000,
                realisticPaths: [String] = []) {
        self.seed = seed
        self.members = members
        self.routes = routes
        self.date = date
        self.updateInterval = updateInterval
        self.compression = compression
        self.flowSamples = flowSamples
        self.realisticPaths = realisticPaths
    }

    public var isRealistic: Bool { !realisticPaths.isEmpty }

    /// Largest member count: the peering LAN grows from 185.1.15.0/24 down to a /20.
    public static let maxMembers = 4000
    /// Largest route count: the public IPv4 space the generator draws from holds this with room.
    public static let maxRoutes = 3_000_000
    /// Flow samples: 0, or enough for the planted traffic anomalies to stand out, up to a
    /// bound on the generator's memory (it holds 4 bytes a sample while it writes them).
    public static let minFlowSamples = FlowPlan.minimumSamples
    public static let maxFlowSamples = 100_000_000

    /// Throws when an option is out of range, saying what is allowed.
    public func validate() throws(SynthError) {
        guard (2...Self.maxMembers).contains(members) else {
            throw .invalidOption(name: "members", value: String(members), expected: "2 to \(Self.maxMembers)")
        }
        guard routes >= members, routes <= Self.maxRoutes else {
            throw .invalidOption(name: "routes", value: String(routes),
                                 expected: "at least the member count (\(members)) and at most \(Self.maxRoutes)")
        }
        guard updateInterval >= 60, updateInterval % 60 == 0, 86_400 % updateInterval == 0 else {
            throw .invalidOption(name: "update interval", value: String(updateInterval),
                                 expected: "seconds, a multiple of 60 that divides 86400 (60, 300, 900, 3600...)")
        }
        guard flowSamples == 0 || (Self.minFlowSamples...Self.maxFlowSamples).contains(flowSamples) else {
            throw .invalidOption(name: "flows", value: String(flowSamples),
                                 expected: "0 (no flows) or \(Self.minFlowSamples) to \(Self.maxFlowSamples) samples")
        }
        guard (1971...2105).contains(date.year) else {
            throw .invalidOption(name: "date", value: date.description,
                                 expected: "a day from 1971 to 2105 (MRT times are 32-bit seconds since 1970)")
        }
    }

    /// The file name extension of `compression`: ".gz", ".bz2" or nothing.
    var fileExtension: String {
        switch compression {
        case .gzip: return ".gz"
        case .bzip2: return ".bz2"
        case .none: return ""
        }
    }
}

/// Why a day could not be generated.
public enum SynthError: Error, Equatable, CustomStringConvertible {
    case invalidOption(name: String, value: String, expected: String)
    /// The output directory holds files of this day the generator would not overwrite, which
    /// the job file's update glob would pick up.
    case staleFiles(directory: String, files: [String])
    case cannotWrite(path: String, reason: String)
    case mrt(MRTWriteError)
    /// A file of `realisticPaths` gave no usable route.
    case corpus(path: String, reason: String)

    /// Any error as a `SynthError`.
    static func wrap(_ error: Error, path: String) -> SynthError {
        if let e = error as? SynthError { return e }
        if let e = error as? MRTWriteError { return .mrt(e) }
        return .cannotWrite(path: path, reason: String(describing: error))
    }

    public var description: String {
        switch self {
        case let .invalidOption(name, value, expected):
            return "synth: \(name) \(value) is out of range: expected \(expected)"
        case let .staleFiles(directory, files):
            let shown = files.prefix(3).joined(separator: ", ") + (files.count > 3 ? " and \(files.count - 3) more" : "")
            return "synth: \(directory) already holds files of this day that this run would not write (\(shown)); "
                + "the job file would read them too: remove them or choose another --out directory"
        case let .cannotWrite(path, reason):
            return "synth: cannot write \(path): \(reason)"
        case let .mrt(error):
            return "synth: \(error)"
        case let .corpus(path, reason):
            return "synth: cannot take real routes from \(path): \(reason)"
        }
    }
}

/// What `SyntheticDay.generate` wrote, for the command line's summary and for tests.
public struct SynthReport: Sendable {
    public var directory: String
    public var options: SynthOptions
    /// Every file written, relative to `directory`, in the order written.
    public var files: [WrittenFile]
    /// Members in the IX-F export; of them, those with route-server sessions and those with IPv6.
    public var members: Int
    public var routeServerMembers: Int
    public var ipv6Members: Int
    /// Members with four-byte ASNs (above 65535).
    public var fourByteMembers: Int
    public var routeServers: [RouteServerDay]
    public var planted: PlantedEvents
    /// Entries of the reference files: ROAs, route objects, AS relationships.
    public var roas = 0
    public var routeObjects = 0
    public var relationships = 0
    /// Lines of the flows file (0: none written).
    public var flowSamples = 0
    /// What the realistic day took from its MRT files (nil for the default day).
    public var corpus: CorpusUse?
    /// Generation time in seconds (measured, so not part of any file).
    public var seconds: Double

    /// One file and its size.
    public struct WrittenFile: Hashable, Sendable {
        public var path: String
        public var bytes: Int64
        /// MRT records in it (0 for the JSON and YAML files).
        public var records: Int
        /// MRT bytes before compression (0 for the JSON and YAML files).
        public var uncompressedBytes: Int64
    }

    /// The real routes behind a realistic day.
    public struct CorpusUse: Hashable, Sendable {
        public var files: Int
        /// Routes read (RIB entries and announced prefixes) and what they gave: public
        /// prefixes of accepted lengths with a usable path, distinct paths behind a neighbour.
        public var routesRead: Int
        public var ipv4Prefixes: Int
        public var ipv6Prefixes: Int
        public var paths: Int
        /// The members' routes with a prefix of the corpus, and with a synthetic one (where a
        /// member has more routes of a family than the corpus has prefixes).
        public var routesFromCorpus: Int
        public var synthesizedRoutes: Int
        /// Route-server members per `MemberTier`, largest first.
        public var tiers: [Int]
    }

    /// What one route server's files hold.
    public struct RouteServerDay: Hashable, Sendable {
        public var label: String
        /// Sessions in the PEER_INDEX_TABLEs (the dummy peer 0 not counted).
        public var sessions: Int
        /// Routes in the RIB dump.
        public var ipv4Routes: Int
        public var ipv6Routes: Int
        /// BGP4MP_ET records in the update files: UPDATEs, other messages (OPEN, KEEPALIVE), state changes.
        public var updateMessages: Int
        public var otherMessages: Int
        public var stateChanges: Int
        /// Prefixes announced and withdrawn in the UPDATEs.
        public var announcements: Int
        public var withdrawals: Int
        public var updateFiles: Int
        public var routes: Int { ipv4Routes + ipv6Routes }
    }

    /// Lines for a person: what was written where.
    public var summaryLines: [String] {
        var lines: [String] = []
        let totalBytes = files.reduce(Int64(0)) { $0 + $1.bytes }
        lines.append("SmartHub IX, \(options.date), seed \(options.seed): \(files.count) files, "
            + "\(Self.megabytes(totalBytes)) in \(directory)")
        lines.append("members: \(members) (\(routeServerMembers) on the route servers, \(ipv6Members) with IPv6, "
            + "\(fourByteMembers) with 4-byte ASNs)")
        if let corpus {
            lines.append("real routes: \(corpus.routesRead) read from \(corpus.files) MRT files gave \(corpus.ipv4Prefixes) IPv4 and "
                + "\(corpus.ipv6Prefixes) IPv6 prefixes and \(corpus.paths) paths; the members' routes: \(corpus.routesFromCorpus) "
                + "with a real prefix, \(corpus.synthesizedRoutes) with a synthetic one; members by routes sent (50k-180k, 5k-50k, "
                + "100-5k, under 100 at 1.5M routes): " + corpus.tiers.map(String.init).joined(separator: ", "))
        }
        for rs in routeServers {
            lines.append("\(rs.label): \(rs.sessions) sessions, \(rs.ipv4Routes) IPv4 + \(rs.ipv6Routes) IPv6 routes in the RIB dump; "
                + "\(rs.updateMessages) UPDATEs (\(rs.announcements) announced, \(rs.withdrawals) withdrawn), "
                + "\(rs.stateChanges) state changes in \(rs.updateFiles) update files")
        }
        lines.append("planted: \(planted.sessionResets.count) session resets, \(planted.routeServerDifferences.count) rs1/rs2 differences, "
            + "\(planted.flappingRoutes.count) flapping routes, \(planted.activeMembers.count) busy members; background: "
            + "\(planted.background.flaps) flaps, \(planted.background.attributeChanges) attribute changes, "
            + "\(planted.background.withdrawnForGood) withdrawn for good, \(planted.background.announcedLate) announced during the day")
        let kinds = Dictionary(grouping: planted.anomalies, by: \.check).sorted { $0.key < $1.key }
        lines.append("planted for the audit: \(planted.anomalies.count) anomalies of \(kinds.count) kinds ("
            + kinds.map { "\($0.key) \($0.value.count)" }.joined(separator: ", ") + ")")
        lines.append("reference files: \(roas) ROAs, \(routeObjects) route objects, \(relationships) AS relationships; "
            + (flowSamples > 0 ? "flows: \(flowSamples) samples" : "no flows"))
        lines.append("job file: \(directory)/job.yaml (run with --date \(options.date)); planted events: \(directory)/truth.json")
        return lines
    }

    static func megabytes(_ bytes: Int64) -> String {
        let tenths = (bytes * 10 + 524_288) / 1_048_576
        return "\(tenths / 10).\(tenths % 10) MiB"
    }
}

/// The events planted in the day on purpose (also in `truth.json`), so that analyses can be
/// checked against them.
public struct PlantedEvents: Hashable, Sendable {
    public var sessionResets: [SessionReset]
    public var routeServerDifferences: [RouteServerDifference]
    public var flappingRoutes: [FlappingRoute]
    /// The members that send most of the day's churn.
    public var activeMembers: [ASN]
    public var background: BackgroundChurn
    /// Everything an audit of the day must find, sorted by check id, ASN and prefix: the
    /// events above as their checks report them, and one of each kind of the leak,
    /// transit-abuse, route-server-use and traffic checks.
    public var anomalies: [PlantedAnomaly] = []
}

/// A session that dropped (BIRD: STATE_CHANGE 6 -> 1 with peer address 0.0.0.0 or ::, no
/// withdrawals) and came back (1 -> 2 -> 3 -> 4 -> 5 -> 6 with the real address, then the
/// member announced its routes again).
public struct SessionReset: Hashable, Sendable {
    public var asn: ASN
    public var memberName: String
    /// The route server's label: rs1 or rs2.
    public var source: String
    public var peerAddress: IPAddress
    /// Seconds since 1970: when it dropped and when it was Established again.
    public var down: UInt32
    public var up: UInt32
    public var routesReannounced: Int
    public var family: AddressFamily { peerAddress.family }
}

/// A route the two route servers see differently on purpose (rule S1 of docs/rules.md).
public struct RouteServerDifference: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        /// Announced to rs1 only (in rs1's RIB dump, never on rs2).
        case onlyOnRS1 = "rs1-only"
        /// Announced to rs2 only.
        case onlyOnRS2 = "rs2-only"
        /// On both, with other attributes on rs2 (`detail` says which).
        case differentAttributes = "different-attributes"
    }

    /// Which attribute differs, for `differentAttributes`; the value is the check id of the
    /// consistency analysis that reports it.
    public enum Attribute: String, CaseIterable, Hashable, Sendable {
        /// More prepends of the member's ASN on rs2.
        case prepend = "prepend-mismatch"
        case communities = "community-mismatch"
        case med = "med-mismatch"
        /// Another ASN in the middle of the path on rs2 (first AS and origin the same).
        case path = "as-path-mismatch"
    }

    public var asn: ASN
    public var prefix: Prefix
    public var kind: Kind
    public var attribute: Attribute?
    public var detail: String

    /// The check that reports the difference: rs-prefix-set for a route on one route server
    /// only, else the attribute's check.
    public var checkID: String { attribute?.rawValue ?? "rs-prefix-set" }
}

/// A route withdrawn and announced again many times during the day.
public struct FlappingRoute: Hashable, Sendable {
    public var asn: ASN
    public var prefix: Prefix
    /// Seconds since 1970 of each withdrawal; each is followed by the announcement again.
    public var withdrawals: [UInt32]
    public var flaps: Int { withdrawals.count }
}

/// Counts of the ordinary churn around the planted events.
public struct BackgroundChurn: Hashable, Sendable {
    /// Withdrawn and announced again (per prefix).
    public var flaps = 0
    /// Announced again with other attributes: a prepend added, communities or MED changed
    /// (per prefix and change; changing back later counts as a change too).
    public var attributeChanges = 0
    /// Withdrawn and not announced again that day.
    public var withdrawnForGood = 0
    /// Not in the RIB dumps; first announced during the day.
    public var announcedLate = 0
}
