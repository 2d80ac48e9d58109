import Foundation

/// Where the history is kept: an SQLite file (the default) or a PostgreSQL database named by
/// a connection URL (`postgres://` or `postgresql://`, as libpq reads them).
public enum HistoryLocation: Hashable, Sendable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String)

    /// A URL with a PostgreSQL scheme is a server; anything else is a file path.
    public init(_ text: String) {
        let lower = text.lowercased()
        if lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://") {
            self = .postgres(url: text)
        } else {
            self = .sqlite(path: text)
        }
    }

    public static func isURL(_ text: String) -> Bool {
        if case .postgres = HistoryLocation(text) { return true }
        return false
    }

    /// As messages show it: a URL's password is never printed.
    public var description: String {
        switch self {
        case let .sqlite(path): return path
        case let .postgres(url): return Self.redacted(url)
        }
    }

    /// `postgres://user:secret@host/db` as `postgres://user:***@host/db`.
    static func redacted(_ url: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        let rest = url[scheme.upperBound...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        guard let at = rest[..<authorityEnd].lastIndex(of: "@"),
              let colon = rest[..<at].firstIndex(of: ":") else { return url }
        return String(url[..<rest.index(after: colon)]) + "***" + String(url[at...])
    }
}
