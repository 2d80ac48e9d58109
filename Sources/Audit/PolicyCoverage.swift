import Job

extension ImportPolicy {
    /// Why `check` does not run under this policy: the checks that apply a rule of the
    /// import policy run only when the policy has that rule (a policy file that leaves a rule
    /// out does not check it). Nil when the check runs.
    func leavesOut(_ check: Check) -> String? {
        guard case let .importRule(rule) = check.id, !has(rule) else { return nil }
        return "the policy \(name) has no \(rule) rule"
    }
}
