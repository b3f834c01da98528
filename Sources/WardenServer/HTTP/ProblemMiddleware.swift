import Hummingbird
import Logging

/// Turns every error that reaches it into `application/problem+json`, so no route can answer
/// with a bare 500 or an HTML page.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let problem as Problem {
            return try problem.response(from: request, context: context)
        } catch let error as HTTPError {
            let problem = Problem(
                error.status, code: Self.code(for: error.status.code), title: error.status.reasonPhrase,
                detail: error.body)
            return try problem.response(from: request, context: context)
        } catch let error as any HTTPResponseError {
            let problem = Problem(error.status, code: Self.code(for: error.status.code), title: error.status.reasonPhrase)
            return try problem.response(from: request, context: context)
        } catch {
            context.logger.error("unhandled error", metadata: ["error": "\(String(reflecting: error))"])
            return try Problem.internalError(context.id).response(from: request, context: context)
        }
    }

    static func code(for status: Int) -> String {
        switch status {
        case 400: "malformed-request"
        case 401: "unauthenticated"
        case 403: "forbidden"
        case 404: "not-found"
        case 405: "method-not-allowed"
        case 413: "payload-too-large"
        default: "http-\(status)"
        }
    }
}
