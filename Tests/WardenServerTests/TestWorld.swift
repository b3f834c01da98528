import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
import WardenCore
import WardenServer
import WardenStore
import WardenStorePostgres
import WardenStoreSQLite

/// The stores the HTTP suites run against: the API must behave the same on both.
enum StoreKind: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

    var description: String { rawValue }

    /// The kinds available in this run: PostgreSQL only beside a cluster (scripts/with-postgres.sh).
    static var available: [StoreKind] { PostgresCluster.enabled ? allCases : [.sqlite] }
}

/// A Warden over a real SQLite file in a temporary directory, with a clock the test moves and
/// accounts with known tokens.
struct TestWorld: Sendable {
    let directory: URL
    let store: AnyWardenStore
    let clock: ManualClock
    let dependencies: WardenDependencies<AnyWardenStore>
    /// The running PostgreSQL pool and database, when the world is on PostgreSQL.
    private let postgres: (pool: Task<Void, Never>, database: String, admin: String)?

    static let adminToken = "wdn_test_admin"
    static let reviewerToken = "wdn_test_reviewer"
    static let systemToken = "wdn_test_system"
    static let merchantAToken = "wdn_test_merchant_a"
    static let merchantBToken = "wdn_test_merchant_b"

    static let merchantA = PrincipalID(rawValue: "usr_merchant_a")
    static let merchantB = PrincipalID(rawValue: "usr_merchant_b")

    /// 2026-03-01T00:00:00Z
    static let start = Date(timeIntervalSince1970: 1_772_323_200)

    init(_ kind: StoreKind = .sqlite, jobPollInterval: Duration = .milliseconds(20)) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("warden-http-\(UUID().uuidString)")
        switch kind {
        case .sqlite:
            store = AnyWardenStore(try SQLiteStore(path: directory.appendingPathComponent("warden.sqlite").path))
            postgres = nil
        case .postgres:
            let admin = try #require(PostgresCluster.url, "run through scripts/with-postgres.sh")
            let name = "warden_http_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""))"
            try psql(admin, "CREATE DATABASE \(name)")
            var logger = Logger(label: "warden.test.postgres")
            logger.logLevel = .error
            let url = admin.replacingOccurrences(of: #"/[^/]*$"#, with: "/\(name)", options: .regularExpression)
            let postgresStore = try PostgresStore(url: url, logger: logger, maximumConnections: 10)
            store = AnyWardenStore(postgresStore)
            postgres = (Task { try? await postgresStore.run() }, name, admin)
        }
        try await store.migrate()
        clock = ManualClock(Self.start)
        var logger = Logger(label: "warden.test")
        logger.logLevel = .warning
        dependencies = try WardenDependencies(
            store: store, clock: clock, rulebook: try Rulebook.bundledDefault(), categories: try CategoryTable.bundledDefault(),
            logger: logger, jobPollInterval: jobPollInterval)
        let access = AccessService(store: store, clock: clock)
        let accounts: [(Role, String, String)] = [
            (.admin, "usr_admin", Self.adminToken), (.reviewer, "usr_reviewer", Self.reviewerToken),
            (.system, "usr_system", Self.systemToken), (.merchant, Self.merchantA.rawValue, Self.merchantAToken),
            (.merchant, Self.merchantB.rawValue, Self.merchantBToken),
        ]
        for (role, id, token) in accounts {
            _ = try await access.createAccount(role: role, name: id, by: .system, id: PrincipalID(rawValue: id), token: token)
        }
    }

    /// The application, with its job runner, as the executable builds it.
    var application: some ApplicationProtocol { buildApplication(dependencies, host: "127.0.0.1", port: 0) }

    func cleanUp() {
        try? FileManager.default.removeItem(at: directory)
        if let postgres {
            postgres.pool.cancel()
            try? psql(postgres.admin, "DROP DATABASE \(postgres.database) WITH (FORCE)")
        }
    }
}

/// A response with its body decoded as JSON.
struct JSONResponse: Sendable {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let text: String

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
            return try (try? withFraction.parse(text)) ?? Date.ISO8601FormatStyle().parse(text)
        }
        return try decoder.decode(T.self, from: Data(text.utf8))
    }

    var problem: Problem? { try? decode(Problem.self) }
    var contentType: String? { headers[.contentType] }
}

extension TestClientProtocol {
    /// Sends a request with a bearer token and an optional JSON body.
    func call(
        _ method: HTTPRequest.Method, _ path: String, token: String?, json: String? = nil, idempotencyKey: String? = nil
    ) async throws -> JSONResponse {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        if json != nil { headers[.contentType] = "application/json" }
        if let idempotencyKey, let name = HTTPField.Name("Idempotency-Key") { headers[name] = idempotencyKey }
        let response = try await execute(uri: path, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
        return JSONResponse(status: response.status, headers: response.headers, text: String(buffer: response.body))
    }

    /// Sends a request with an encodable body.
    func call(
        _ method: HTTPRequest.Method, _ path: String, token: String?, body: some Encodable, idempotencyKey: String? = nil
    ) async throws -> JSONResponse {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let json = String(decoding: try encoder.encode(body), as: UTF8.self)
        return try await call(method, path, token: token, json: json, idempotencyKey: idempotencyKey)
    }
}

/// The parts of the API's answers the tests read.
struct ShopResult: Decodable {
    struct Shop: Decodable {
        struct Deposit: Decodable {
            var requiredCents: Int64
            var balanceCents: Int64
            var paidInCents: Int64
            var refundedCents: Int64
            var forfeitedCents: Int64
        }
        var id: String
        var status: String
        var name: String
        var version: Int
        var deposit: Deposit
        var enabledChannels: [String]
        var suspendedUntil: Date?
        var reopenAllowedFrom: Date?
    }
    struct Event: Decodable {
        var type: String
        var version: Int
        var principal: String
        var role: String
        var idempotencyKey: String
        var ruleVersion: String?
        var reason: String?
    }
    var shop: Shop
    var events: [Event]
    var replayed: Bool
}

struct ShopList: Decodable {
    var shops: [ShopResult.Shop]
    var next: String?
}

struct History: Decodable {
    var shopId: String
    var events: [ShopResult.Event]
}

/// Application bodies for the tests.
enum Applications {
    static func ordinary(name: String = "小王服装店", subjectKey: String = "92330106MA2H0XY017", category: String = "apparel") -> ShopApplication {
        ShopApplication(
            subject: SubjectInfo(
                type: .individualBusiness, name: "杭州小王服饰店", idNumber: subjectKey, legalRepresentative: "王小明",
                legalRepresentativeID: "110101199003074477", phone: "13800138000", address: "浙江省杭州市西湖区文三路100号",
                bankAccount: "6222020200112233445"),
            shopType: .ordinary, shopName: name, mainCategory: category, channels: [.douyin, .toutiao])
    }
}

extension TestClientProtocol {
    /// Drafts, submits, approves, signs and pays: an open shop of merchant A's.
    func openShop(
        name: String = "小王服装店", token: String = TestWorld.merchantAToken, subjectKey: String = "92330106MA2H0XY017",
        brands: [BrandQualification] = []
    ) async throws -> ShopResult {
        var application = Applications.ordinary(name: name, subjectKey: subjectKey)
        application.brands = brands
        let created = try await call(.post, "/api/v1/shops", token: token, body: application)
        try #require(created.status == .created, "\(created.text)")
        let id = try created.decode(ShopResult.self).shop.id
        try #require(try await call(.post, "/api/v1/shops/\(id)/submit", token: token).status == .ok)
        let approved = try await call(.post, "/api/v1/shops/\(id)/approve", token: TestWorld.reviewerToken, json: "{}")
        try #require(approved.status == .ok, "\(approved.text)")
        try #require(try await call(.post, "/api/v1/shops/\(id)/contract", token: token, json: #"{"contractVersion":"2026.1"}"#).status == .ok)
        let required = try approved.decode(ShopResult.self).shop.deposit.requiredCents
        let paid = try await call(
            .post, "/api/v1/shops/\(id)/deposit/payments", token: TestWorld.systemToken,
            json: #"{"amountCents":\#(required),"reference":"pay-\#(id)"}"#)
        try #require(paid.status == .ok, "\(paid.text)")
        return try paid.decode(ShopResult.self)
    }
}
