/// HTML text and attribute values (HTML Living Standard, 13.1.4 "Character references"):
/// `&`, `<`, `>` and both quotes as character references, so a value can sit in an element or
/// a quoted attribute alike; control characters (CR and LF included) and the non-characters
/// U+FFFE and U+FFFF as spaces, so a member name cannot break a line or smuggle a byte.
enum HTML {
    static func escape(_ value: String) -> String {
        var out = ""
        appendEscaped(value, to: &out)
        return out
    }

    static func appendEscaped(_ value: String, to out: inout String) {
        // Most values need nothing: copy them whole.
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 || $0 == 0xEF || $0 == UInt8(ascii: "&")
                || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'") }) {
            out += value
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                out.unicodeScalars.append(DisplayText.isControl(scalar) || scalar.value == 0xFFFE || scalar.value == 0xFFFF ? " " : scalar)
            }
        }
    }
}
