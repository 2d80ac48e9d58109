import BGP

/// Runs the analyses of docs/rules.md section C over one day and says, for every check of
/// `Check.all`, whether it ran.
public enum Audit {
    public static func run(_ inputs: AuditInputs, onIssue: (String) -> Void = { _ in }) -> AuditResult {
        var available = inputs.available
        var unavailable = inputs.unavailable
        if !available.contains(.everyRouteServer) && unavailable[.everyRouteServer] == nil {
            unavailable[.everyRouteServer] = inputs.routeServerGaps.joined(separator: "; ")
        }
        // The analyses read the day and write nothing of it, so they run on both cores, the
        // longest first: the flows (on this thread: their problems are reported from it), the
        // prefix and attribute sweeps (the latter also finds transit abuse's and the control
        // communities' of route-server use), then the rest. The consistency analysis comes
        // last in two halves, so that neither core waits long for the other at the end.
        // Their findings are joined in one order.
        let hasFlows = available.contains(.flows)
        var traffic: TrafficResult?
        let leaks = LeakAnalysis.parts(inputs, withOtherSweeps: true)
        let consistencyParts = ConsistencyAnalysis.parts(inputs, count: 2)
        let found = withoutActuallyEscaping(onIssue) { onIssue in
            inParallel([{ traffic = hasFlows ? TrafficAnalysis.run(inputs, onIssue: onIssue) : nil; return ([], []) }]
                + (leaks + [{ RouteServerUseAnalysis.sessionAddressFindings(inputs) }]).map { part in { (part(), []) } }
                + consistencyParts)
        }
        let consistency = ConsistencyAnalysis.join(Array(found[(leaks.count + 2)...]))
        let filter = FilterMismatchCheck.run(inputs)
        var findings = consistency.findings + found[1...leaks.count].flatMap(\.findings).sorted(by: Finding.reportOrder)
            + found[leaks.count + 1].findings + filter.findings
        if let result = traffic {
            if result.read.samples == 0 {
                // A night without a single sample was not checked: never "ran, 0".
                available.remove(.flows)
                unavailable[.flows] = "the flow file(s) held no usable sample ("
                    + "\(result.read.lines) lines, \(result.read.skippedLines) skipped); see Data quality"
            } else {
                findings += result.findings
            }
        }
        findings.sort(by: Finding.reportOrder)
        var perCheck: [CheckID: Int] = [:]
        for finding in findings { perCheck[finding.check.id, default: 0] += 1 }
        let checks = Check.all.map { check -> CheckRun in
            if let missing = check.needs.sorted().first(where: { !available.contains($0) }) {
                return CheckRun(check: check, status: .notRun(reason: unavailable[missing] ?? missing.missingReason))
            }
            if check.id == .rsFilterMismatch, let reason = filter.notRun {
                return CheckRun(check: check, status: .notRun(reason: reason))
            }
            if let reason = inputs.policy.leavesOut(check) {
                return CheckRun(check: check, status: .notRun(reason: reason))
            }
            return CheckRun(check: check, status: .ran, findings: perCheck[check.id] ?? 0)
        }
        return AuditResult(findings: findings, checks: checks, consistencyScores: consistency.scores, traffic: traffic)
    }
}

/// What the analyses found.
public struct AuditResult {
    /// Every finding, most severe first (`Finding.reportOrder`).
    public var findings: [Finding]
    /// Every check of `Check.all`, in table order: ran (with its finding count) or not run.
    public var checks: [CheckRun]
    /// Per member: the share of its announcements that are consistent across its sessions
    /// (1 is fully consistent), by ASN.
    public var consistencyScores: [MemberConsistency]
    /// The classified traffic, when flows were given.
    public var traffic: TrafficResult?

    public func findings(in category: Category) -> [Finding] { findings.filter { $0.category == category } }
    public func findings(atLeast severity: Severity) -> [Finding] { findings.filter { $0.severity >= severity } }
}
