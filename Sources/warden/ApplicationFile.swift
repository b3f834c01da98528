import ArgumentParser
import Foundation
import WardenCore

/// Reads an application from a JSON file, naming the line and field of any error.
enum ApplicationFile {
    static func read(_ path: String) throws -> ShopApplication {
        let text = try readFile(path)
        do {
            return try JSONDecoder().decode(ShopApplication.self, from: Data(text.utf8))
        } catch let error as DecodingError {
            throw ValidationError("\(path): \(locate(error, in: text))")
        }
    }

    /// "line N: field: problem" for a decoding error; the line is where the field's key (or, for a
    /// missing key, its parent) first appears in the file.
    static func locate(_ error: DecodingError, in text: String) -> String {
        let (path, problem): ([any CodingKey], String) =
            switch error {
            case .keyNotFound(let key, let context): (context.codingPath, "the required key '\(key.stringValue)' is missing")
            case .typeMismatch(let type, let context): (context.codingPath, "expected \(type)")
            case .valueNotFound(let type, let context): (context.codingPath, "expected \(type), found null")
            case .dataCorrupted(let context): (context.codingPath, context.debugDescription)
            @unknown default: ([], "\(error)")
            }
        let field = path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: ["."])
        let line = lineOf(path.last { $0.intValue == nil }?.stringValue, in: text)
        return "line \(line.map(String.init) ?? "?"): \(field.isEmpty ? "(document)" : field): \(problem)"
    }

    static func lineOf(_ key: String?, in text: String) -> Int? {
        guard let key else { return text.isEmpty ? nil : 1 }
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where line.contains("\"\(key)\"") {
            return index + 1
        }
        return nil
    }
}
