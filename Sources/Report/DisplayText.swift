/// Text from outside (member names from the IX-F export, evidence quoting files) as pages,
/// charts and repeated table cells show it: at most 256 characters, so one 100 kB name cannot
/// blow a table up; members.csv keeps the full value once.
public enum DisplayText {
    public static let limit = 256

    /// `text`, or its first 255 Unicode scalars and an ellipsis.
    public static func short(_ text: String) -> String {
        var scalars = text.unicodeScalars
        guard scalars.count > limit else { return text }
        scalars = String.UnicodeScalarView(scalars.prefix(limit - 1))
        return String(scalars) + "…"
    }

    /// C0 and C1 control characters (line breaks and tabs included) and DEL: what must never
    /// reach a page or a chart raw.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
