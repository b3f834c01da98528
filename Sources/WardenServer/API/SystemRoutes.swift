import Foundation
import Hummingbird
import Prometheus
import WardenStore

/// Unauthenticated operational routes: health, Prometheus metrics and the OpenAPI document.
struct SystemRoutes<Store: WardenStore>: Sendable {
    let store: Store
    let registry: PrometheusCollectorRegistry

    struct Health: Codable, Sendable {
        var status: String
        var store: String
    }

    func add(to router: Router<WardenRequestContext>) {
        router.get("health") { _, _ in
            do {
                _ = try await store.log(after: .max, limit: 1)
                return try JSONBody.response(Health(status: "ok", store: "ok"))
            } catch {
                return try JSONBody.response(Health(status: "degraded", store: "unavailable"), status: .serviceUnavailable)
            }
        }
        router.get("metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
        router.get("openapi.json") { _, _ in
            guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"), let data = try? Data(contentsOf: url) else {
                throw Problem.notFound("The OpenAPI document is missing from this build.")
            }
            return Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        }
    }
}
