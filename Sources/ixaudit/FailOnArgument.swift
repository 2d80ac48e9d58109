import ArgumentParser
import Audit

/// `--fail-on`: SEVERITY (any finding at or above it) or new:SEVERITY (only findings new
/// since the previous night in the history, for alerting from cron).
struct FailOnArgument: ExpressibleByArgument {
    var severity: Severity
    var onlyNew: Bool

    init?(argument: String) {
        let onlyNew = argument.hasPrefix("new:")
        guard let severity = Severity(rawValue: onlyNew ? String(argument.dropFirst(4)) : argument) else { return nil }
        self.severity = severity
        self.onlyNew = onlyNew
    }

    static var defaultValueDescription: String { "info, notice, warning, error, or new:SEVERITY" }
}
