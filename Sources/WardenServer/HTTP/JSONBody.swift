import Foundation
import Hummingbird
import WardenCore

/// Reading and writing JSON bodies with Warden's conventions: ISO 8601 instants, sorted keys,
/// and a problem that names the field when a body does not decode.
enum JSONBody {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted)))
        }
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            if let date = try? Date(
                text, strategy: .iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
            {
                return date
            }
            if let date = try? Date(text, strategy: .iso8601) { return date }
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected an ISO 8601 instant such as 2026-03-01T00:00:00Z")
        }
        return decoder
    }()

    /// Decodes the request body as `T`, or throws a problem naming the field at fault.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, context: WardenRequestContext) async throws -> T {
        var request = request
        let buffer = try await collect(&request, context: context)
        guard buffer.readableBytes > 0 else { throw Problem.badRequest("The request needs a JSON body.") }
        return try decode(T.self, from: buffer)
    }

    static func collect(_ request: inout Request, context: WardenRequestContext) async throws -> ByteBuffer {
        do {
            return try await request.collectBody(upTo: context.maxUploadSize)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw Problem(
                .contentTooLarge, code: "payload-too-large", title: "请求体过大 / Payload too large",
                detail: "The body may be at most \(context.maxUploadSize) bytes.")
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, from buffer: ByteBuffer) throws -> T {
        do {
            return try decoder.decode(T.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw problem(for: error)
        } catch {
            throw Problem.badRequest("The body is not valid JSON: \(error)")
        }
    }

    /// Decodes the body as `T`, or returns `empty` when the request has no body at all.
    static func decode<T: Decodable>(
        _ type: T.Type, from request: Request, context: WardenRequestContext, orIfEmpty empty: T
    ) async throws -> T {
        var request = request
        let buffer = try await collect(&request, context: context)
        guard buffer.readableBytes > 0 else { return empty }
        return try decode(T.self, from: buffer)
    }

    /// `value` encoded as a JSON body.
    static func encode(_ value: some Encodable) throws -> ByteBuffer {
        ByteBuffer(bytes: try encoder.encode(value))
    }

    /// A 200 response with an already encoded JSON body.
    static func response(body: ByteBuffer) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: ResponseBody(byteBuffer: body))
    }

    /// A JSON response with `status`.
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }

    static func problem(for error: DecodingError) -> Problem {
        func path(_ codingPath: [any CodingKey]) -> String {
            var text = ""
            for key in codingPath {
                if let index = key.intValue { text += "[\(index)]" } else { text += text.isEmpty ? key.stringValue : ".\(key.stringValue)" }
            }
            return text
        }
        let violation: FieldViolation
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath + [key])
            violation = FieldViolation(field: field, rule: "required", message: "缺少字段 / '\(field)' is required")
        case .typeMismatch(let type, let context):
            violation = FieldViolation(field: path(context.codingPath), rule: "type", message: "类型错误 / expected \(type)")
        case .valueNotFound(let type, let context):
            violation = FieldViolation(field: path(context.codingPath), rule: "required", message: "不能为空 / expected \(type), found null")
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return Problem.badRequest("The body is not valid JSON.")
            }
            violation = FieldViolation(field: path(context.codingPath), rule: "value", message: "取值无效 / \(context.debugDescription)")
        @unknown default:
            return Problem.badRequest("The body could not be read.")
        }
        return Problem(
            .unprocessableContent, code: "validation-failed", title: "校验失败 / Validation failed",
            detail: "The body does not match the expected shape.", errors: [violation])
    }
}
