import BGP

/// `communities.reject_tags` of the job file: a preset name, or a mapping.
///
/// ```yaml
/// reject_tags: arouteserver            # RS:65520:code with arouteserver's codes
/// reject_tags: ixp-manager             # RS:1101:code with IXP Manager's codes
/// reject_tags:                          # values of the IXP's own
///   preset: arouteserver               # optional: start from a preset's codes
///   community: "8960:65520:code"       # the tag; the third field is the code
///   codes: {"8": transit-free-asn, "13": [prefix-too-long, prefix-too-short], "9": other}
/// ```
///
/// A code's value is a rule of the import policy, a list of them, or `other` (a reason the
/// policy has no rule for). A code given replaces the preset's meaning of it.
enum RejectTagsReader {
    static let presetExpected = "a reject-tag preset: " + RejectTags.presetNames.joined(separator: " or ")
        + ", or a mapping with preset, community and codes"
    static let communityExpected = "the tag as a large community whose last field is code, like 8960:65520:code"
    static let ruleExpected = "a rule of the import policy (" + ImportRule.allCases.map(\.rawValue).joined(separator: ", ")
        + "), a list of them, or other (a reason the policy has no rule for)"

    static func read(_ node: YAMLNode, routeServerASN rs: ASN) throws(ConfigurationFileError) -> RejectTags {
        if let text = node.text {
            guard let preset = RejectTags.preset(text, routeServerASN: rs) else { throw node.invalid(presetExpected) }
            return preset
        }
        let fields = try node.mapping(allowed: ["preset", "community", "codes"], expected: presetExpected)
        var tags: RejectTags
        if let presetNode = fields["preset"] {
            tags = try presetNode.value(expected: "a reject-tag preset: " + RejectTags.presetNames.joined(separator: " or ")) {
                RejectTags.preset($0, routeServerASN: rs)
            }
        } else {
            tags = RejectTags(global: rs.rawValue, local1: 0, codes: [:])
            guard fields["community"] != nil else { throw fields.missing("community", expected: communityExpected) }
        }
        if let community = fields["community"] {
            let (global, local1) = try community.value(expected: communityExpected) { text -> (UInt32, UInt32)? in
                let parts = text.split(separator: ":", omittingEmptySubsequences: false)
                guard parts.count == 3, parts[2] == "code", let g = UInt32(parts[0]), let l = UInt32(parts[1]) else { return nil }
                return (g, l)
            }
            tags.global = global
            tags.local1 = local1
            tags.name = "custom"
        }
        if let codes = fields["codes"] {
            let entries = try codes.mapping(allowed: nil, expected: "a mapping of codes (numbers) to rules")
            for (key, value) in entries.entries {
                guard let code = UInt32(key) else {
                    throw .invalid(value.location, expected: "reject codes as numbers up to 4294967295 (not '\(key)')")
                }
                tags.codes[code] = try rules(value)
            }
            tags.name = "custom"
        }
        return tags
    }

    private static func rules(_ node: YAMLNode) throws(ConfigurationFileError) -> [ImportRule] {
        func one(_ node: YAMLNode) throws(ConfigurationFileError) -> [ImportRule] {
            try node.value(expected: ruleExpected) { text -> [ImportRule]? in
                text == "other" ? [] : ImportRule(rawValue: text).map { [$0] }
            }
        }
        if node.text != nil { return try one(node) }
        var out: [ImportRule] = []
        for item in try node.list(expected: ruleExpected) { out += try one(item) }
        return out
    }
}
