import BGP

extension AttributeInterner {
    /// The interned id of a decoded attribute block: written in compact form straight from the
    /// wire where `WireAttributes.appendCompact` can, built as a `PathAttributes` otherwise.
    public func intern(_ wire: WireAttributes) -> Int32 {
        intern(writing: { wire.appendCompact(to: &$0) }) ?? intern(PathAttributes(wire))
    }
}
