import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization
import Testing

/// Kills the real `warden serve` process with SIGKILL in the middle of a burst of writes, starts
/// it again on the same SQLite file, and checks that every acknowledged write is there exactly
/// once and nothing is half-applied.
@Suite(.serialized) struct CrashTests {
    @Test func killNineMidBurstLosesNoAcknowledgedWrite() async throws {
        let warden = try #require(WardenProcess.binary(), "the warden executable must be built (swift build --build-tests builds it)")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warden-crash-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = "sqlite:" + directory.appendingPathComponent("warden.sqlite").path
        let issued = try WardenProcess.runToEnd(warden, ["user", "add", "--role", "merchant", "--name", "崩溃测试", "--database", database])
        let token = try #require(issued.split(separator: "\n").first { $0.hasPrefix("token\t") }.map { String($0.dropFirst(6)) })

        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        defer { _ = client.shutdown() }

        // First life: a burst of creates from four writers, killed once enough are acknowledged.
        let first = try await WardenProcess.start(warden, database: database, client: client)
        let acknowledged = AcknowledgedWrites()
        let burst = Task {
            await withTaskGroup(of: Void.self) { group in
                for writer in 0..<4 {
                    group.addTask {
                        for index in 0..<10_000 {
                            let key = "crash-\(writer)-\(index)"
                            acknowledged.attempt(key)
                            guard let id = try? await createShop(client, port: first.port, token: token, key: key, name: "崩溃店\(writer)号\(index)")
                            else { return }
                            acknowledged.record(key, id: id)
                        }
                    }
                }
            }
        }
        while acknowledged.count < 120 { try await Task.sleep(for: .milliseconds(5)) }
        first.kill()
        await burst.value
        let acked = acknowledged.snapshot
        #expect(acked.count >= 120)

        // Second life on the same file.
        let server = try await WardenProcess.start(warden, database: database, client: client)
        defer { server.kill() }
        for (key, id) in acked {
            let history = try await get(client, port: server.port, token: token, path: "/api/v1/shops/\(id)/history")
            #expect(history.status == .ok, "acknowledged \(key) → \(id) is missing")
            let events = try JSONDecoder().decode(EventTypes.self, from: Data(history.body.utf8)).events.map(\.type)
            #expect(events == ["applicationDrafted"], "\(id) must have exactly one draft event")
        }
        // Retrying every attempted key, acknowledged or not, yields exactly one shop per key.
        var ids: [String: String] = [:]
        for key in acknowledged.attempted {
            let writer = key.split(separator: "-")[1]
            let index = key.split(separator: "-")[2]
            let id = try #require(try await createShop(client, port: server.port, token: token, key: key, name: "崩溃店\(writer)号\(index)"))
            if let first = acked[key] { #expect(id == first, "retry of acknowledged \(key) must return the same shop") }
            ids[key] = id
        }
        #expect(Set(ids.values).count == acknowledged.attempted.count)
        let list = try await get(client, port: server.port, token: token, path: "/api/v1/shops?limit=500")
        #expect(list.body.components(separatedBy: "\"status\":\"applying\"").count - 1 == min(500, acknowledged.attempted.count))
        server.kill()

        // The projections still equal the fold of the log: no write was half-applied.
        let check = try WardenProcess.runToEnd(warden, ["rebuild", "--check", "--database", database])
        #expect(check.contains("projections identical to the log"), "\(check)")
    }
}

/// The keys a burst tried and the shop ids the server acknowledged.
final class AcknowledgedWrites: Sendable {
    private let state = Mutex<(attempted: [String], acked: [String: String])>(([], [:]))
    func attempt(_ key: String) { state.withLock { $0.attempted.append(key) } }
    func record(_ key: String, id: String) { state.withLock { $0.acked[key] = id } }
    var count: Int { state.withLock { $0.acked.count } }
    var snapshot: [String: String] { state.withLock { $0.acked } }
    var attempted: [String] { state.withLock { $0.attempted } }
}

/// The event types of a history answer.
struct EventTypes: Decodable {
    struct Event: Decodable {
        var type: String
    }
    var events: [Event]
}

struct HTTPResult {
    var status: HTTPResponseStatus
    var body: String
}

func get(_ client: HTTPClient, port: Int, token: String, path: String) async throws -> HTTPResult {
    var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
    request.headers.add(name: "Authorization", value: "Bearer \(token)")
    let response = try await client.execute(request, timeout: .seconds(10))
    return HTTPResult(status: response.status, body: String(buffer: try await response.body.collect(upTo: 1 << 24)))
}

/// Creates a shop with an idempotency key; the shop id when the server acknowledged it.
func createShop(_ client: HTTPClient, port: Int, token: String, key: String, name: String) async throws -> String? {
    var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/v1/shops")
    request.method = .POST
    request.headers.add(name: "Authorization", value: "Bearer \(token)")
    request.headers.add(name: "Idempotency-Key", value: key)
    request.headers.add(name: "Content-Type", value: "application/json")
    let body = """
        {"subject":{"type":"individualBusiness","name":"崩溃测试个体户","idNumber":"92330106MA2H0XY017","legalRepresentative":"王小明",
        "legalRepresentativeID":"110101199003074477","phone":"13800138000","address":"浙江省杭州市西湖区文三路100号",
        "bankAccount":"6222020200112233445"},"shopType":"ordinary","shopName":"\(name)","mainCategory":"apparel",
        "otherCategories":[],"brands":[],"channels":["douyin"]}
        """
    request.body = .bytes(ByteBuffer(string: body))
    let response = try await client.execute(request, timeout: .seconds(10))
    let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
    guard response.status == .created || response.status == .ok else { return nil }
    guard let range = text.range(of: #""id":""#) else { return nil }
    let rest = text[range.upperBound...]
    return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
}
