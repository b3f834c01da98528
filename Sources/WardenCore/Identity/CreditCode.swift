import Foundation

/// A unified social credit code (统一社会信用代码) checked by GB 32100-2015.
///
/// Eighteen characters from a 31-character alphabet that leaves out I, O, S, V and Z; the last
/// one is a check character computed MOD 31 over the first seventeen. Douyin keys a business
/// subject by this code, so it is also the subject key Warden bars on expulsion.
public struct CreditCode: Hashable, Sendable {
    /// The code in canonical (upper-case) form.
    public let value: String

    /// Why a code was refused.
    public enum Problem: Error, Equatable, Sendable {
        case wrongLength
        case invalidCharacter(Character)
        case checkDigitMismatch(expected: Character)
    }

    static let alphabet: [Character] = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    /// Validates `text`, returning the canonical code or the first problem found.
    public static func parse(_ text: String) -> Result<CreditCode, Problem> {
        let characters = Array(text.uppercased())
        guard characters.count == 18 else { return .failure(.wrongLength) }
        var values: [Int] = []
        for character in characters {
            guard let value = alphabet.firstIndex(of: character) else {
                return .failure(.invalidCharacter(character))
            }
            values.append(value)
        }
        let expected = checkCharacter(for: Array(values.prefix(17)))
        guard characters[17] == expected else { return .failure(.checkDigitMismatch(expected: expected)) }
        return .success(CreditCode(value: String(characters)))
    }

    /// The check character GB 32100 assigns to seventeen code values (each 0...30).
    public static func checkCharacter(for values: [Int]) -> Character {
        let sum = zip(values, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return alphabet[(31 - sum % 31) % 31]
    }

    private init(value: String) { self.value = value }
}
