import Foundation

/// The JSON form of events and projections in every store: sorted keys, so equal values store
/// equal text, and the same bytes in SQLite and PostgreSQL.
///
/// Encoding goes through ``SortedJSONEncoder``, which writes what Foundation's `JSONEncoder`
/// with sorted keys and unescaped slashes wrote, without its intermediate tree (decision 0027);
/// decoding is Foundation's `JSONDecoder`.
public enum JSONCoding {
    public static func encode(_ value: some Encodable) throws(StoreError) -> String {
        do {
            return String(decoding: try SortedJSONEncoder.encode(value), as: UTF8.self)
        } catch {
            throw .corrupt("cannot encode \(type(of: value)): \(error)")
        }
    }

    public static func decode<T: Decodable>(_ type: T.Type, from text: String) throws(StoreError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        } catch {
            throw .corrupt("cannot decode \(T.self): \(error)")
        }
    }
}
