import Foundation
public import HTTPTypes
public import Hummingbird
public import WardenCore

/// An RFC 9457 problem detail: every error Warden returns over HTTP has this shape.
///
/// `type` is a stable URI per error kind (`/problems/validation-failed`) that clients may switch
/// on; `title` says the kind in words, `detail` this occurrence, `errors` the fields at fault.
public struct Problem: Error, Sendable, Codable, Equatable, HTTPResponseError {
    public var type: String
    public var title: String
    public var statusCode: Int
    public var detail: String?
    public var instance: String?
    public var errors: [FieldViolation]?

    enum CodingKeys: String, CodingKey {
        case type, title, detail, instance, errors
        case statusCode = "status"
    }

    /// Creates a problem of kind `code` (the last segment of its type URI).
    public init(
        _ status: HTTPResponse.Status, code: String, title: String, detail: String? = nil,
        errors: [FieldViolation]? = nil
    ) {
        self.type = "/problems/\(code)"
        self.title = title
        self.statusCode = status.code
        self.detail = detail
        self.errors = errors
    }

    /// The kind's slug: `validation-failed`.
    public var code: String { String(type.dropFirst("/problems/".count)) }

    public var status: HTTPResponse.Status { HTTPResponse.Status(code: statusCode) }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var problem = self
        problem.instance = problem.instance ?? request.uri.path
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = (try? encoder.encode(problem)) ?? Data(#"{"title":"error"}"#.utf8)
        var headers: HTTPFields = [.contentType: "application/problem+json; charset=utf-8"]
        if status == .unauthorized { headers[.wwwAuthenticate] = #"Bearer realm="warden""# }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}

extension Problem {
    static func badRequest(_ detail: String, errors: [FieldViolation]? = nil) -> Problem {
        Problem(.badRequest, code: "malformed-request", title: "请求格式错误 / Malformed request", detail: detail, errors: errors)
    }

    static func unauthenticated(_ detail: String) -> Problem {
        Problem(.unauthorized, code: "unauthenticated", title: "未登录 / Authentication required", detail: detail)
    }

    static func forbidden(_ detail: String) -> Problem {
        Problem(.forbidden, code: "forbidden", title: "无权访问 / Forbidden", detail: detail)
    }

    static func notFound(_ detail: String) -> Problem {
        Problem(.notFound, code: "not-found", title: "不存在 / Not found", detail: detail)
    }

    static func conflict(_ detail: String) -> Problem {
        Problem(.conflict, code: "concurrent-update", title: "并发修改冲突 / Concurrent update", detail: detail)
    }

    static func internalError(_ requestID: String) -> Problem {
        Problem(
            .internalServerError, code: "internal-error", title: "服务器内部错误 / Internal error",
            detail: "The error was logged with request id \(requestID).")
    }

    /// The problem a domain refusal becomes.
    init(_ error: DomainError) {
        switch error {
        case .invalid(let violations):
            self.init(.unprocessableContent, code: error.code, title: "校验失败 / Validation failed", detail: error.message, errors: violations)
        case .illegalTransition:
            self.init(.conflict, code: error.code, title: "状态不允许 / Not allowed in this state", detail: error.message)
        case .forbidden:
            self.init(.forbidden, code: error.code, title: "无权操作 / Forbidden", detail: error.message)
        case .subjectBarred:
            self.init(.forbidden, code: error.code, title: "永久限制入驻 / Subject barred", detail: error.message)
        case .subjectCoolingDown:
            self.init(.forbidden, code: error.code, title: "退店冷静期 / Re-entry cooling-down period", detail: error.message)
        case .nameTaken(let name):
            self.init(
                .conflict, code: error.code, title: "名称已被占用 / Name taken", detail: error.message,
                errors: [FieldViolation(field: "shopName", rule: "unique", message: "店铺名称「\(name)」已被占用 / already taken")])
        case .duplicatePayment:
            self.init(.conflict, code: error.code, title: "重复付款 / Duplicate payment", detail: error.message)
        case .shopNotFound, .listingNotFound:
            self.init(.notFound, code: error.code, title: "不存在 / Not found", detail: error.message)
        case .listingIllegalTransition:
            self.init(.conflict, code: error.code, title: "状态不允许 / Not allowed in this state", detail: error.message)
        case .rightRestricted:
            self.init(.forbidden, code: error.code, title: "权限受限 / Right restricted", detail: error.message)
        }
    }
}

extension Problem {
    /// The problem a refused rulebook registry command becomes; an invalid file names its line and key.
    init(_ error: PolicyError) {
        switch error {
        case .invalidFile(let file):
            self.init(
                .unprocessableContent, code: error.code, title: "规则文件无效 / Invalid rulebook", detail: error.message,
                errors: [
                    FieldViolation(
                        field: file.key.isEmpty ? "(root)" : file.key, rule: "line \(file.line.map(String.init) ?? "?")", message: file.message)
                ])
        case .versionExists:
            self.init(.conflict, code: error.code, title: "版本已存在 / Version exists", detail: error.message)
        case .unknownVersion:
            self.init(.notFound, code: error.code, title: "不存在 / Not found", detail: error.message)
        case .notShadow:
            self.init(.conflict, code: error.code, title: "不是影子版本 / Not a shadow version", detail: error.message)
        case .effectiveTooEarly:
            self.init(
                .unprocessableContent, code: error.code, title: "生效时间过早 / Takes effect too early", detail: error.message,
                errors: [FieldViolation(field: "effectiveFrom", rule: "not-before-now", message: error.message)])
        }
    }
}
