/// A mapping of a YAML configuration file: its node and its entries in file order.
struct YAMLMapping {
    let node: YAMLNode
    let entries: [(key: String, value: YAMLNode)]

    /// The value of `key`; nil when it is absent or null.
    subscript(key: String) -> YAMLNode? {
        guard let entry = entries.first(where: { $0.key == key }), !YAMLNode.isNull(entry.value.node) else { return nil }
        return entry.value
    }

    /// The value of `key`; absent or null is an error at the mapping's line.
    func required(_ key: String, expected: String) throws(ConfigurationFileError) -> YAMLNode {
        guard let value = self[key] else { throw missing(key, expected: expected) }
        return value
    }

    /// The items of the required list `key`; an empty list counts as missing.
    func requiredList(_ key: String, expected: String) throws(ConfigurationFileError) -> [YAMLNode] {
        let list = try required(key, expected: expected)
        let items = try list.list(expected: expected)
        guard !items.isEmpty else { throw .missing(list.location, expected: expected) }
        return items
    }

    /// The text of the required `key`.
    func string(_ key: String, expected: String) throws(ConfigurationFileError) -> String {
        try required(key, expected: expected).string(expected: expected)
    }

    func missing(_ key: String, expected: String) -> ConfigurationFileError {
        .missing(ConfigurationFileError.Location(file: node.file, line: node.line, field: node.path(key)), expected: expected)
    }
}
