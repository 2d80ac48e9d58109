import BGP
import Job

extension ScenarioDiff {
    /// The per-member summary as Markdown: a heading, the scenario's description, the totals,
    /// one table row per member with a changed route (routes gained and lost as sender, with
    /// the number of receivers, and as receiver), then the notes of how it applied. Member
    /// names, the scenario's name and description and the notes come from outside and are
    /// escaped (`markdownEscaped`).
    public func markdownSummary() -> String {
        let e = Self.markdownEscaped
        var out = "# Scenario \(e(scenario))\n\n"
        if !description.isEmpty { out += "\(e(description))\n\n" }
        let mode = modeBefore == modeAfter ? "export mode \(modeAfter)" : "export mode \(modeBefore) -> \(modeAfter)"
        out += "Route server \(e(routeServer)), \(mode): \(rows.count) route\(rows.count == 1 ? "" : "s") changed "
            + "(\(gained) gained, \(lost) lost, \(changed) with another path), \(members.count) member\(members.count == 1 ? "" : "s") affected.\n\n"
        if members.isEmpty {
            out += "No member gains or loses a route.\n"
        } else {
            out += "| Member | Name | Sent: gained | Sent: lost | Receivers gained | Receivers lost | Received: gained | Received: lost | Other path |\n"
            out += "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
            for m in members {
                out += "| AS\(m.asn) | \(e(m.name)) | \(m.gainedAsSender) | \(m.lostAsSender) | \(m.receiversGained) | \(m.receiversLost) "
                    + "| \(m.gainedAsReceiver) | \(m.lostAsReceiver) | \(m.changedAsSender + m.changedAsReceiver) |\n"
            }
            out += "\nSent: routes of the member that receivers gained or lost (one per prefix and receiver); "
                + "Receivers: how many distinct receivers; Received: routes the member gained or lost (one per sender and prefix); "
                + "Other path: routes still received but with another AS path or number of paths (as sender and as receiver).\n"
        }
        if !notes.isEmpty {
            out += "\n## Notes\n\n"
            for n in notes { out += "- \(e(n))\n" }
        }
        return out
    }

    /// Text made safe for a Markdown paragraph or table cell: every character that Markdown
    /// (CommonMark, GitHub tables) could read as markup is backslash-escaped (`\ | * _ ` < > [ ]
    /// # ~ & ! { }` and a leading `- + =`), line breaks and tabs become spaces.
    public static func markdownEscaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for (n, ch) in text.enumerated() {
            switch ch {
            case "\\", "|", "*", "_", "`", "<", ">", "[", "]", "#", "~", "&", "!", "{", "}":
                out.append("\\")
                out.append(ch)
            case "-", "+", "=":
                if n == 0 { out.append("\\") }
                out.append(ch)
            case "\n", "\r", "\t", "\r\n":
                out.append(" ")
            default:
                out.append(ch)
            }
        }
        return out
    }
}
