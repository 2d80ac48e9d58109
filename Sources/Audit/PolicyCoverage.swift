import Job
import RouteServer

extension ImportPolicy {
    /// Why `check` does not run under this policy: the checks that apply a rule of the
    /// import policy run only when the policy has that rule (a policy file that leaves a rule
    /// out does not check it). Nil when the check runs.
    func leavesOut(_ check: Check) -> String? {
        let present: Bool
        switch check {
        case .bogonPrefix: present = bogonPrefix != nil
        case .prefixTooLong, .prefixTooShort: present = prefixLength != nil
        case .defaultRoute: present = defaultRoute != nil
        case .bogonASN: present = bogonASN != nil
        case .firstAS: present = firstAS != nil
        case .nextHop: present = nextHop != nil
        case .transitFreeASN: present = transitFreeASN != nil
        case .asPathTooLong: present = asPathLength != nil
        case .maxPrefix: present = maxPrefix != nil
        default: present = true
        }
        return present ? nil : "the policy \(name) has no \(check.id) rule"
    }
}
