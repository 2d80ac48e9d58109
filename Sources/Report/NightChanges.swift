import Audit
import BGP

/// What changed since the previous recorded night, as the history gives it: a plain value,
/// so that the pages and findings.csv need no database to show it.
public struct NightChanges: Sendable {
    /// A finding's place in the history, as of this night.
    public struct Standing: Hashable, Sendable {
        /// Absent from the previous night (or there is none): new; present then: ongoing.
        public var isNew: Bool
        /// The earliest recorded night up to this one with the finding.
        public var firstSeenNight: String
        /// How many recorded nights up to this one had it, this one included.
        public var nights: Int

        public init(isNew: Bool, firstSeenNight: String, nights: Int) {
            self.isNew = isNew
            self.firstSeenNight = firstSeenNight
            self.nights = nights
        }

        public var status: String { isNew ? "new" : "ongoing" }
    }

    /// A finding of the previous night that this night does not have, as the history kept it.
    public struct Resolved: Hashable, Sendable {
        public var identity: FindingIdentity
        public var severity: Severity
        public var memberName: String
        public var prefix: String?
        public var otherMember: UInt32?
        public var source: String

        public init(identity: FindingIdentity, severity: Severity, memberName: String, prefix: String?, otherMember: UInt32?,
                    source: String) {
            self.identity = identity
            self.severity = severity
            self.memberName = memberName
            self.prefix = prefix
            self.otherMember = otherMember
            self.source = source
        }
    }

    public var night: String
    /// The latest recorded night before this one's date; nil when this is the first.
    public var previousNight: String?
    /// Every finding of this night by its identity.
    public var standing: [FindingIdentity: Standing]
    /// The previous night's findings this night does not have, most severe first.
    public var resolved: [Resolved]

    public init(night: String, previousNight: String?, standing: [FindingIdentity: Standing], resolved: [Resolved]) {
        self.night = night
        self.previousNight = previousNight
        self.standing = standing
        self.resolved = resolved
    }

    public func standing(of finding: Finding) -> Standing? { standing[finding.identity] }

    /// The findings new since the previous night. None when there is no previous night: a
    /// first night is the baseline, nothing to alert on.
    public func newFindings(_ findings: [Finding]) -> [Finding] {
        guard previousNight != nil else { return [] }
        return findings.filter { standing[$0.identity]?.isNew ?? false }
    }

    /// The same changes restricted to one member's findings, for its review page.
    public func about(member asn: ASN) -> NightChanges {
        NightChanges(night: night, previousNight: previousNight, standing: standing.filter { $0.key.member == asn.rawValue },
                     resolved: resolved.filter { $0.identity.member == asn.rawValue })
    }
}
