import Hummingbird
import WardenCore

extension Request {
    /// The `status` query parameter as a `Status`, `nil` when absent; an unknown value is a 422
    /// naming the field.
    func statusParameter<Status: RawRepresentable>(_ type: Status.Type) throws -> Status? where Status.RawValue == String {
        guard let status = uri.queryParameters["status"] else { return nil }
        guard let parsed = Status(rawValue: String(status)) else {
            throw Problem(
                .unprocessableContent, code: "validation-failed", title: "校验失败 / Validation failed",
                errors: [FieldViolation(field: "status", rule: "value", message: "未知状态 / unknown status '\(status)'")])
        }
        return parsed
    }

    /// The `limit` query parameter, 1–500, or `fallback` when absent; out of range is a 422.
    func limitParameter(default fallback: Int = 100) throws -> Int {
        guard let limit = uri.queryParameters["limit"] else { return fallback }
        guard let parsed = Int(String(limit)), (1...500).contains(parsed) else {
            throw Problem(
                .unprocessableContent, code: "validation-failed", title: "校验失败 / Validation failed",
                errors: [FieldViolation(field: "limit", rule: "range", message: "取值1–500 / limit must be 1–500")])
        }
        return parsed
    }
}
