import BGP

extension AttributeInterner {
    /// The interned id of a decoded attribute block, in its compact form
    /// (`WireAttributes.appendCompactForm`).
    public func intern(_ wire: WireAttributes) -> Int32 {
        var bytes: [UInt8] = []
        wire.appendCompactForm(to: &bytes)
        return bytes.withUnsafeBytes { intern(compact: $0) }
    }
}
