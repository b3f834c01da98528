import Foundation
public import PostgresNIO

extension PostgresClient.Configuration {
    /// A configuration from a `postgres://user[:password]@host[:port]/database` URL.
    ///
    /// TLS is off unless `?sslmode=require` is given: Warden's own deployments reach PostgreSQL
    /// over loopback or a private network.
    public init(url text: String) throws(PostgresURLError) {
        guard let url = URLComponents(string: text), url.scheme == "postgres" || url.scheme == "postgresql" else {
            throw PostgresURLError(url: text, reason: "expected postgres://user@host:port/database")
        }
        guard let host = url.host, !host.isEmpty else { throw PostgresURLError(url: text, reason: "the host is missing") }
        guard let user = url.user, !user.isEmpty else { throw PostgresURLError(url: text, reason: "the user is missing") }
        let database = String(url.path.drop { $0 == "/" })
        guard !database.isEmpty else { throw PostgresURLError(url: text, reason: "the database name is missing") }
        let requireTLS = url.queryItems?.contains { $0.name == "sslmode" && $0.value == "require" } ?? false
        self.init(
            host: host, port: url.port ?? 5432, username: user, password: url.password, database: database,
            tls: requireTLS ? .require(.makeClientConfiguration()) : .disable)
    }
}

/// A `--database` URL that does not name a PostgreSQL database.
public struct PostgresURLError: Error, CustomStringConvertible, Sendable {
    public var url: String
    public var reason: String
    public var description: String { "invalid PostgreSQL URL '\(url)': \(reason)" }
}
