import Foundation

/// A mainland resident identity number (公民身份号码) checked by GB 11643-1999.
///
/// Eighteen characters: a six-digit region code, the eight-digit birth date, a three-digit
/// sequence and an ISO 7064 MOD 11-2 check character (`0`–`9` or `X`).
public struct ResidentIDNumber: Hashable, Sendable {
    /// The number in canonical form (upper-case `X`).
    public let value: String

    /// Why a number was refused.
    public enum Problem: Error, Equatable, Sendable {
        case wrongLength
        case invalidCharacter
        case invalidRegion
        case invalidBirthDate
        case checkDigitMismatch(expected: Character)
    }

    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let checkCharacters: [Character] = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"]

    /// Validates `text`, returning the canonical number or the first problem found.
    public static func parse(_ text: String) -> Result<ResidentIDNumber, Problem> {
        let characters = Array(text.uppercased())
        guard characters.count == 18 else { return .failure(.wrongLength) }
        guard characters.allSatisfy(\.isASCII) else { return .failure(.invalidCharacter) }
        let body = characters.prefix(17).compactMap(\.wholeNumberValue)
        guard body.count == 17, characters[17].isASCII,
            characters[17] == "X" || characters[17].isNumber
        else { return .failure(.invalidCharacter) }
        guard (1...8).contains(body[0]) else { return .failure(.invalidRegion) }
        let year = body[6] * 1000 + body[7] * 100 + body[8] * 10 + body[9]
        let month = body[10] * 10 + body[11]
        let day = body[12] * 10 + body[13]
        guard (1900...2100).contains(year), (1...12).contains(month),
            (1...daysIn(month: month, year: year)).contains(day)
        else { return .failure(.invalidBirthDate) }
        let expected = checkCharacter(for: body)
        guard characters[17] == expected else { return .failure(.checkDigitMismatch(expected: expected)) }
        return .success(ResidentIDNumber(value: String(characters)))
    }

    /// The check character GB 11643 assigns to the first seventeen digits.
    public static func checkCharacter(for digits: [Int]) -> Character {
        let sum = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return checkCharacters[sum % 11]
    }

    private init(value: String) { self.value = value }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
