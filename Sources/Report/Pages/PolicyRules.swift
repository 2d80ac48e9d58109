import Audit

/// The rules a peering review goes through (docs/rules.md sections A and B), each with the
/// checks that test it. A rule no check tests is shown as not checked, never as passed.
public struct PolicyRule: Hashable, Sendable {
    public let clause: String
    public var title: String
    /// The checks whose clause list names this rule. Found once, when the rule is made: the
    /// report's 800 review pages each go through every rule.
    public let checks: [Check]

    public init(_ clause: String, _ title: String) {
        self.clause = clause
        self.title = title
        checks = Check.all.filter { check in
            check.clause.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.contains(clause)
        }
    }
}

public enum PolicyRules {
    /// SmartHub IX service schedule, member obligations (docs/rules.md section A).
    public static let smartHub: [PolicyRule] = [
        PolicyRule("S1", "Consistent announcements across all peering sessions (RS1, RS2, bilateral)"),
        PolicyRule("S2", "BGP-4 only; public ASNs in sessions"),
        PolicyRule("S3", "Aggregate routes where possible"),
        PolicyRule("S4", "No abuse: no default at the IX or a member, no next-hop resetting, no routes or next hop to non-members, no leaks"),
        PolicyRule("S5", "Traffic only to destinations the member advertised over the IX"),
        PolicyRule("S6", "No transit across the IX"),
        PolicyRule("S7", "Peering addresses are those the IX assigned"),
    ]

    /// PEG Tech (AS54600) peering policy, technical requirements (docs/rules.md section B).
    public static let pegTech: [PolicyRule] = [
        PolicyRule("P1", "Public ASN from an RIR"),
        PolicyRule("P2", "IPv4: nothing more specific than /24"),
        PolicyRule("P3", "A consistent set of prefixes at all points of interconnection"),
        PolicyRule("P4", "Traffic only to prefixes the other network announced"),
        PolicyRule("P5", "No default or static route pointed at the other network"),
        PolicyRule("P6", "Max-prefix: 1000 per IPv4 session, 150 per IPv6 session"),
        PolicyRule("P7", "Prefixes registered in an IRR database; accurate PeeringDB record"),
        PolicyRule("P8", "Outbound traffic no more than twice inbound (2:1)"),
    ]

    /// The rule set a policy preset reviews against: PEG Tech's for `peg-tech`, SmartHub's
    /// otherwise.
    public static func forPolicy(_ name: String) -> (title: String, rules: [PolicyRule]) {
        name == "peg-tech" ? ("PEG Tech (AS54600) peering policy", pegTech) : ("SmartHub IX member obligations", smartHub)
    }
}
