import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
import WardenCore
import WardenServer
import WardenStore
import WardenStoreSQLite

/// The OpenAPI document served at `/openapi.json` describes exactly the routes `buildRouter` registers, and how they are guarded.
@Suite struct OpenAPIDocumentTests {
    /// One operation: an upper-case HTTP method and a path in OpenAPI's `{name}` form.
    struct Endpoint: Hashable, Comparable, CustomStringConvertible {
        var method: String
        var path: String

        var description: String { "\(method) \(path)" }

        static func < (lhs: Endpoint, rhs: Endpoint) -> Bool { (lhs.path, lhs.method) < (rhs.path, rhs.method) }
    }

    /// What every test reads: the router's operations and the document the running application serves.
    struct Fixture {
        var routes: Set<Endpoint>
        var document: [String: Any]
    }

    /// The keys of an OpenAPI path item that are operations.
    static let methods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    // MARK: - Tests

    @Test func documentIsOpenAPI31() async throws {
        let fixture = try await Self.fixture()
        #expect(fixture.document["openapi"] as? String == "3.1.0")
        let info = try #require(fixture.document["info"] as? [String: Any], "the document has no info object")
        #expect(info["title"] as? String == "Warden API")
    }

    @Test func documentNamesEveryRouteAndNoOther() async throws {
        let fixture = try await Self.fixture()
        let documented = try Set(Self.operations(in: fixture.document).keys)
        let missing = fixture.routes.subtracting(documented).sorted().map(\.description).joined(separator: ", ")
        let extra = documented.subtracting(fixture.routes).sorted().map(\.description).joined(separator: ", ")
        #expect(!fixture.routes.isEmpty)
        #expect(
            fixture.routes == documented,
            "missing from openapi.json: [\(missing)]; documented but not registered by the router: [\(extra)]")
    }

    @Test func apiOperationsRequireTheBearerToken() async throws {
        let document = try await Self.fixture().document
        let components = try #require(document["components"] as? [String: Any], "the document has no components")
        let schemes = try #require(components["securitySchemes"] as? [String: [String: Any]], "the document has no security schemes")
        let bearer = Set(
            schemes.filter { entry in
                (entry.value["type"] as? String) == "http" && (entry.value["scheme"] as? String)?.lowercased() == "bearer"
            }.keys)
        try #require(!bearer.isEmpty, "the document declares no HTTP bearer security scheme")
        let topLevel = document["security"] as? [[String: Any]]
        for (endpoint, operation) in try Self.operations(in: document) {
            let requirements = (operation["security"] as? [[String: Any]]) ?? topLevel ?? []
            if endpoint.path == "/api/v1" || endpoint.path.hasPrefix("/api/v1/") {
                let guarded = !requirements.isEmpty && requirements.allSatisfy { !bearer.isDisjoint(with: $0.keys) }
                #expect(guarded, "\(endpoint) is not covered by the bearer security requirement")
            } else {
                let open = requirements.isEmpty || requirements.contains { $0.isEmpty }
                #expect(open, "\(endpoint) is served without authentication, but the document requires a token")
            }
        }
    }

    @Test func parametersMatchTheRoutes() async throws {
        let document = try await Self.fixture().document
        for endpoint in try Self.operations(in: document).keys {
            let parameters = Self.parameters(of: endpoint, in: document)
            let declared = Set(parameters.filter { ($0["in"] as? String) == "path" }.compactMap { $0["name"] as? String })
            let captured = Set(
                endpoint.path.split(separator: "/")
                    .filter { $0.hasPrefix("{") && $0.hasSuffix("}") }
                    .map { String($0.dropFirst().dropLast()) })
            #expect(declared == captured, "\(endpoint) declares path parameters \(declared.sorted()) for \(captured.sorted())")
            if endpoint.path.hasPrefix("/api/v1/shops"), endpoint.method == "POST" || endpoint.method == "PUT" {
                let idempotent = parameters.contains { parameter in
                    (parameter["in"] as? String) == "header" && (parameter["name"] as? String)?.lowercased() == "idempotency-key"
                }
                #expect(idempotent, "\(endpoint) does not document the Idempotency-Key header")
            }
        }
    }

    // MARK: - Helpers

    /// Builds the real router over a fresh SQLite store and fetches `/openapi.json` through the running application.
    static func fixture() async throws -> Fixture {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warden-openapi-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("warden.sqlite").path)
        try await store.migrate()
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let rulebook = try Rulebook.bundledDefault()
        let categories = try CategoryTable.bundledDefault()
        let dependencies = try WardenDependencies(
            store: store, clock: SystemClock(), rulebook: rulebook, categories: categories, logger: logger)
        let router = buildRouter(dependencies)
        let routes = Set(router.routes.map { route in Endpoint(method: route.method.rawValue, path: openAPIPath("\(route.path)")) })

        let app = Application(router: router, logger: logger)
        let response = try await app.test(.router) { client in
            try await client.execute(uri: "/openapi.json", method: .get) { response in response }
        }
        #expect(response.status == .ok)
        let object = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))
        let document = try #require(object as? [String: Any], "/openapi.json is not a JSON object")
        return Fixture(routes: routes, document: document)
    }

    /// `/shops/:id` in OpenAPI's form `/shops/{id}`; a path already in that form is unchanged.
    static func openAPIPath(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false)
            .map { segment in segment.hasPrefix(":") ? "{\(segment.dropFirst())}" : String(segment) }
            .joined(separator: "/")
    }

    /// Every operation the document describes, with its operation object.
    static func operations(in document: [String: Any]) throws -> [Endpoint: [String: Any]] {
        let paths = try #require(document["paths"] as? [String: [String: Any]], "the document has no paths")
        var found: [Endpoint: [String: Any]] = [:]
        for (path, item) in paths {
            for (key, value) in item where methods.contains(key) {
                found[Endpoint(method: key.uppercased(), path: path)] = (value as? [String: Any]) ?? [:]
            }
        }
        return found
    }

    /// The parameters that apply to `endpoint`: its path item's and its operation's own, with `$ref`s resolved.
    static func parameters(of endpoint: Endpoint, in document: [String: Any]) -> [[String: Any]] {
        let components = (document["components"] as? [String: Any])?["parameters"] as? [String: [String: Any]] ?? [:]
        let item = (document["paths"] as? [String: [String: Any]])?[endpoint.path] ?? [:]
        let operation = item[endpoint.method.lowercased()] as? [String: Any]
        let listed = ((item["parameters"] as? [[String: Any]]) ?? []) + ((operation?["parameters"] as? [[String: Any]]) ?? [])
        return listed.compactMap { (parameter: [String: Any]) -> [String: Any]? in
            guard let reference = parameter["$ref"] as? String else { return parameter }
            return components[reference.components(separatedBy: "/").last ?? ""]
        }
    }
}
