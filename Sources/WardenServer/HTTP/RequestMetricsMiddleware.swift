import Hummingbird
import Prometheus

/// Counts requests by method, route and status, and times them, into a Prometheus registry.
///
/// It writes to the registry it is given, not to a global metrics system, so tests and several
/// applications in one process keep their figures apart.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let registry: PrometheusCollectorRegistry

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            record(request, context: context, status: (error as? any HTTPResponseError)?.status.code ?? 500, start: start)
            throw error
        }
        record(request, context: context, status: response.status.code, start: start)
        return response
    }

    private func record(_ request: Request, context: Context, status: Int, start: ContinuousClock.Instant) {
        let route = context.endpointPath ?? "unmatched"
        let labels = [("method", request.method.rawValue), ("route", route), ("status", String(status))]
        registry.makeCounter(descriptor: RequestMetrics.requests, labels: labels).increment()
        registry.makeDurationHistogram(
            descriptor: RequestMetrics.duration, labels: [("route", route)],
            buckets: [.milliseconds(1), .milliseconds(5), .milliseconds(20), .milliseconds(100), .milliseconds(500), .seconds(2)]
        ).record(ContinuousClock.now - start)
    }
}

/// The names and help texts of the request metrics, as `/metrics` shows them, made once rather
/// than on every request.
enum RequestMetrics {
    // nonisolated(unsafe): `MetricNameDescriptor` is not marked Sendable, but it holds only
    // `let` strings, so sharing these immutable values between threads is safe.

    /// `warden_http_requests_total`.
    nonisolated(unsafe) static let requests = MetricNameDescriptor(
        namespace: "warden", subsystem: "http", metricName: "requests", unitName: "total",
        helpText: "HTTP requests answered, by method, route and status.")

    /// `warden_http_request_duration_seconds`.
    nonisolated(unsafe) static let duration = MetricNameDescriptor(
        namespace: "warden", subsystem: "http", metricName: "request_duration", unitName: "seconds",
        helpText: "Time to answer an HTTP request, by route.")
}
