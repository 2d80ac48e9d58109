/// A state of the BGP finite state machine (RFC 4271 section 8.2.2), by the code MRT's
/// BGP4MP_STATE_CHANGE records carry (RFC 6396 section 4.4.1). A code outside 1-6 is kept as
/// it was read, so a damaged or newer record is shown, never dropped or trapped on.
public enum BGPState: Hashable, Sendable, CustomStringConvertible {
    case idle
    case connect
    case active
    case openSent
    case openConfirm
    case established
    case unknown(UInt16)

    public init(code: UInt16) {
        switch code {
        case 1: self = .idle
        case 2: self = .connect
        case 3: self = .active
        case 4: self = .openSent
        case 5: self = .openConfirm
        case 6: self = .established
        default: self = .unknown(code)
        }
    }

    public var code: UInt16 {
        switch self {
        case .idle: return 1
        case .connect: return 2
        case .active: return 3
        case .openSent: return 4
        case .openConfirm: return 5
        case .established: return 6
        case let .unknown(code): return code
        }
    }

    /// The state's name in lower case, as `sessions.csv` shows it (`opensent`); `state 9`
    /// for a code RFC 4271 does not define.
    public var description: String {
        switch self {
        case .idle: return "idle"
        case .connect: return "connect"
        case .active: return "active"
        case .openSent: return "opensent"
        case .openConfirm: return "openconfirm"
        case .established: return "established"
        case let .unknown(code): return "state \(code)"
        }
    }
}
