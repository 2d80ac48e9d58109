import BGP

/// What makes a finding the same finding from one night to the next: the check, the member,
/// and the finding's key. The key is what the finding is about beyond the member: its
/// prefix and its other member when it has them, and its session when the source names one
/// (the session checks report each session apart, with the same prefix). A source that is
/// only route-server labels (`rs1;rs2`) is left out when there is anything else: it lists
/// where the finding was seen, which can change without the finding changing. Evidence,
/// counts and times are never part of it: they change every night.
public struct FindingIdentity: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var check: String
    /// The member's ASN; 0 when the finding names no member.
    public var member: UInt32
    public var key: String

    public init(check: String, member: UInt32, key: String) {
        self.check = check
        self.member = member
        self.key = key
    }

    public static func < (a: FindingIdentity, b: FindingIdentity) -> Bool {
        (a.check, a.member, a.key) < (b.check, b.member, b.key)
    }

    public var description: String { "\(check) AS\(member) \(key)" }
}

extension Finding {
    public var identity: FindingIdentity {
        var parts: [String] = []
        if let prefix { parts.append(prefix.description) }
        if let otherMember { parts.append("AS\(otherMember)") }
        let isSession = source.contains(" ") && !source.contains(";")
        if isSession || (parts.isEmpty && !source.isEmpty) { parts.append(source) }
        return FindingIdentity(check: check.id.description, member: member?.rawValue ?? 0, key: parts.joined(separator: " "))
    }
}
