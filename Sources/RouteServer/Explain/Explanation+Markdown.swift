import BGP

extension Explanation {
    /// The explanation as Markdown: the candidates table, the explained route's import rules
    /// and control communities, then one row per receiver. Every value is escaped
    /// (`ScenarioDiff.markdownEscaped`): AS paths and communities come from the data.
    public var markdown: String {
        let e = ScenarioDiff.markdownEscaped
        let route = candidates[explainedRoute]
        var out = "# \(e(prefix)) from AS\(from) on \(e(routeServer))\n\n"
        out += "\(e(implementation)), \(e(mode)) mode, \(e(profile)) community profile, policy \(e(policy)); state at \(rfc3339(stateTime)).\n\n"
        let exported = receivers.filter(\.exported).count
        out += "AS\(from)'s route (session \(e(route.session))\(route.pathID != 0 ? ", path id \(route.pathID)" : "")) reaches "
            + "\(exported) of \(receivers.count) receiver\(receivers.count == 1 ? "" : "s").\n\n"

        out += "## Routes for \(e(prefix))\n\n"
        out += "| Rank | Sender | Session | AS path | Next hop | LOCAL_PREF | MED | Origin | Import | Control communities | Audience | Lost to the best at |\n"
        out += "| ---: | --- | --- | --- | --- | ---: | ---: | --- | --- | --- | --- | --- |\n"
        for (n, c) in candidates.enumerated() {
            let mark = n == explainedRoute ? " (explained)" : ""
            let communities = c.controlCommunities.map(\.community).joined(separator: " ")
            let failed = c.importRules.filter { !$0.passed }.map(\.rule).joined(separator: ", ")
            out += "| \(c.rank.map(String.init) ?? "-") | AS\(c.sender)\(mark) | \(e(c.session))\(c.pathID != 0 ? " #\(c.pathID)" : "") "
                + "| \(e(c.asPath)) | \(e(c.nextHop ?? "none")) | \(c.localPref.map(String.init) ?? "-") | \(c.med.map(String.init) ?? "-") "
                + "| \(e(c.origin ?? "-")) | \(c.accepted ? "accepted" : "rejected: \(e(failed))") | \(e(communities.isEmpty ? "(none)" : communities)) "
                + "| \(e(c.audience)) | \(c.lostAt.map { e("\($0.step): \($0.winnerValue) against \($0.loserValue)") } ?? "") |\n"
        }

        out += "\n## Import of AS\(from)'s route, rule by rule\n\n"
        out += "| Rule | Clause | Verdict |\n| --- | --- | --- |\n"
        for rule in route.importRules {
            out += "| \(e(rule.rule)) | \(e(rule.clause)) | \(rule.passed ? "pass" : "fail: " + e(rule.reasons.joined(separator: "; "))) |\n"
        }
        out += "\n## Control communities of AS\(from)'s route, in the \(e(profile)) profile's order\n\n"
        if route.controlCommunities.isEmpty {
            out += "None: the route is open to every member.\n"
        } else {
            out += "| Step | Community | Form | Reads as |\n| ---: | --- | --- | --- |\n"
            for (n, c) in route.controlCommunities.enumerated() {
                out += "| \(n + 1) | \(e(c.community)) | \(c.form) | \(c.action)\(c.peer.map { " AS\($0)" } ?? "") |\n"
            }
            out += "\nAudience: \(e(route.audience)).\n"
        }

        out += "\n## Receivers\n\n"
        out += "| Receiver | Session | Gets | AS\(from)'s route | Why | Hidden path | What would change it |\n"
        out += "| --- | --- | --- | --- | --- | --- | --- |\n"
        for r in receivers {
            let gets = r.gets.map { "AS\(candidates[$0].sender)" }.joined(separator: ", ")
            let sent = [r.sentPath.map { "path \($0)" }, r.sentNextHop.map { "next hop \($0)" }].compactMap { $0 }
            let yes = sent.isEmpty ? "yes" : "yes, as sent: " + e(sent.joined(separator: ", "))
            out += "| AS\(r.receiver) | \(e(r.session)) | \(gets.isEmpty ? "nothing" : gets) "
                + "| \(r.exported ? yes : "no: \(r.reason.rawValue)") | \(e(r.detail)) | \(r.hiddenPath ? "yes" : "") "
                + "| \(e(r.whatIf.joined(separator: "; "))) |\n"
        }
        return out
    }
}
