import Foundation
import Yams

/// A problem in a policy file (rulebook or category table), located by file, line and key.
public struct PolicyFileError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file's path or name as given to the loader.
    public var file: String
    /// The 1-based line of the offending node, when known.
    public var line: Int?
    /// The dotted key path of the offending value: `naming.maxLength`, `categories[3].deposit`.
    public var key: String
    public var message: String

    public init(file: String, line: Int?, key: String, message: String) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    public var description: String {
        "\(file):\(line.map(String.init) ?? "?"): \(key.isEmpty ? "(root)" : key): \(message)"
    }
}

/// Loads YAML policy files into typed values, reporting every error with its line and key.
public enum PolicyFile {
    /// Decodes `yaml` as `T`, then runs `validate`, whose findings are located in the file.
    ///
    /// - Parameters:
    ///   - validate: returns `(keyPath, message)` for each semantic problem; key paths use the
    ///     same dotted form as ``PolicyFileError/key``.
    public static func load<T: Decodable>(
        _ type: T.Type, yaml: String, file: String,
        validate: (T) -> [(key: String, message: String)] = { _ in [] }
    ) throws(PolicyFileError) -> T {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: yaml) else {
                throw PolicyFileError(file: file, line: 1, key: "", message: "the file is empty")
            }
            root = node
        } catch let error as PolicyFileError {
            throw error
        } catch let error as YamlError {
            throw PolicyFileError(file: file, line: line(of: error), key: "", message: "not valid YAML: \(error)")
        } catch {
            throw PolicyFileError(file: file, line: nil, key: "", message: "not valid YAML: \(error)")
        }
        let value: T
        do {
            value = try YAMLDecoder().decode(T.self, from: root)
        } catch let error as DecodingError {
            let (path, message) = describe(error)
            throw PolicyFileError(file: file, line: locate(path, in: root), key: dotted(path), message: message)
        } catch {
            throw PolicyFileError(file: file, line: nil, key: "", message: "\(error)")
        }
        if let first = validate(value).first {
            let path = parse(first.key)
            throw PolicyFileError(file: file, line: locate(path, in: root), key: first.key, message: first.message)
        }
        return value
    }

    // MARK: - Locating keys

    enum PathComponent: Equatable {
        case key(String)
        case index(Int)
    }

    static func describe(_ error: DecodingError) -> ([PathComponent], String) {
        switch error {
        case .keyNotFound(let key, let context):
            return (components(context.codingPath), "the required key '\(key.stringValue)' is missing")
        case .typeMismatch(let type, let context):
            return (components(context.codingPath), "expected \(readable(type)): \(context.debugDescription)")
        case .valueNotFound(let type, let context):
            return (components(context.codingPath), "expected \(readable(type)), found nothing")
        case .dataCorrupted(let context):
            return (components(context.codingPath), context.debugDescription)
        @unknown default:
            return ([], "\(error)")
        }
    }

    static func readable(_ type: Any.Type) -> String {
        let name = String(describing: type)
        switch name {
        case "Int", "Int64", "Money": return "a whole number"
        case "String": return "text"
        case "Bool": return "true or false"
        case "Date": return "a timestamp"
        default: return name
        }
    }

    static func components(_ path: [any CodingKey]) -> [PathComponent] {
        path.map { key in key.intValue.map(PathComponent.index) ?? .key(key.stringValue) }
    }

    static func dotted(_ path: [PathComponent]) -> String {
        var text = ""
        for component in path {
            switch component {
            case .key(let key): text += text.isEmpty ? key : ".\(key)"
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }

    static func parse(_ dotted: String) -> [PathComponent] {
        var result: [PathComponent] = []
        for part in dotted.split(separator: ".") {
            var name = Substring(part)
            var indices: [Int] = []
            while let open = name.lastIndex(of: "["), name.hasSuffix("]") {
                if let index = Int(name[name.index(after: open)..<name.index(before: name.endIndex)]) {
                    indices.insert(index, at: 0)
                }
                name = name[..<open]
            }
            if !name.isEmpty { result.append(.key(String(name))) }
            result.append(contentsOf: indices.map(PathComponent.index))
        }
        return result
    }

    /// The line of the deepest node along `path` that exists in the document.
    static func locate(_ path: [PathComponent], in root: Node) -> Int? {
        var node = root
        var line = root.mark?.line
        for component in path {
            let next: Node?
            switch component {
            case .key(let key): next = node.mapping?[Node(key)]
            case .index(let index):
                if let sequence = node.sequence, index < sequence.count { next = sequence[index] } else { next = nil }
            }
            guard let next else { break }
            node = next
            line = next.mark?.line ?? line
        }
        return line
    }

    static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return mark.line
        default:
            return nil
        }
    }
}
