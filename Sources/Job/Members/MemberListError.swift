import BGP

/// Why a member list could not be used. Each names the file, the field (as a JSON path like
/// `member_list[3].asnum`) and what to do about it.
public enum MemberListError: Error, Hashable, CustomStringConvertible {
    case cannotRead(file: String, reason: String)
    /// The bytes are not JSON at all.
    case invalidJSON(file: String, detail: String)
    /// A field the IX-F schema requires is absent (or null).
    case missing(file: String, field: String)
    /// A field holds the wrong JSON type.
    case wrongType(file: String, field: String, expected: String)
    /// A field has the right type but a value that cannot be right.
    case invalidValue(file: String, field: String, value: String, expected: String)
    case unsupportedVersion(file: String, version: String)
    /// The `if_speed` values of one connection's ports add up past what 64 bits hold.
    case portSpeedsOverflow(file: String, field: String)
    /// One peering address is given to two different members.
    case duplicateAddress(file: String, field: String, address: IPAddress, firstOwner: ASN, secondOwner: ASN)
    /// The export lists several IXPs and nothing says which one is meant.
    case ambiguousIXP(file: String, available: [String])
    /// The requested `ixp_id` is not in the export.
    case unknownIXP(file: String, ixpID: Int, available: [String])

    public var file: String {
        switch self {
        case let .cannotRead(f, _), let .invalidJSON(f, _), let .missing(f, _), let .wrongType(f, _, _),
             let .invalidValue(f, _, _, _), let .portSpeedsOverflow(f, _), let .unsupportedVersion(f, _),
             let .duplicateAddress(f, _, _, _, _),
             let .ambiguousIXP(f, _), let .unknownIXP(f, _, _):
            return f
        }
    }

    public var description: String {
        switch self {
        case let .cannotRead(file, reason):
            return "\(file): cannot read the member list: \(reason); check the path (relative paths in a job file "
                + "are taken from the job file's directory)"
        case let .invalidJSON(file, detail):
            return "\(file): not valid JSON (\(detail)); the member list must be an IX-F Member Export "
                + "(Euro-IX JSON schema 1.0)"
        case let .missing(file, field):
            return "\(file): \(field): missing; the IX-F Member Export schema requires it"
        case let .wrongType(file, field, expected):
            return "\(file): \(field): expected \(expected)"
        case let .invalidValue(file, field, value, expected):
            return "\(file): \(field): \(value) is not \(expected)"
        case let .portSpeedsOverflow(file, field):
            return "\(file): \(field): the ports' if_speed values add up to more than \(Int.max) Mbit/s; "
                + "no connection is that fast, so these values are junk: correct the member list"
        case let .unsupportedVersion(file, version):
            return "\(file): version: \"\(version)\" is not a supported IX-F Member Export schema version; "
                + "expected 1.0 (0.6 to 0.9 have the same shape and are read too)"
        case let .duplicateAddress(file, field, address, first, second):
            return "\(file): \(field): address \(address) is assigned to AS\(second) but already to AS\(first); "
                + "an IXP assigns each peering address once: correct the member list"
        case let .ambiguousIXP(file, available):
            return "\(file): the export lists \(available.count) IXPs (\(available.joined(separator: ", "))); "
                + "say which one with `ixp_id` under `members` in the job file"
        case let .unknownIXP(file, id, available):
            return "\(file): ixp_id \(id) is not in the export's ixp_list (it has \(available.joined(separator: ", ")))"
        }
    }
}
