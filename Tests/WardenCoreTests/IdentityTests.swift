import Foundation
import Testing
import WardenCore

@Suite struct ResidentIDNumberTests {
    @Test(arguments: ["11010519491231002X", "11010519491231002x", "110101199003074477", "440304198506121230"])
    func acceptsValidNumbers(_ number: String) throws {
        let parsed = try ResidentIDNumber.parse(number).get()
        #expect(parsed.value == number.uppercased())
    }

    @Test func refusesWrongCheckDigit() {
        #expect(ResidentIDNumber.parse("110105194912310021") == .failure(.checkDigitMismatch(expected: "X")))
    }

    @Test func refusesImpossibleBirthDate() {
        // 30 February.
        #expect(ResidentIDNumber.parse("110105194902300021") == .failure(.invalidBirthDate))
    }

    @Test(arguments: ["", "11010519491231002", "11010519491231002XX"])
    func refusesWrongLength(_ number: String) {
        #expect(ResidentIDNumber.parse(number) == .failure(.wrongLength))
    }

    @Test func refusesFullWidthDigits() {
        // A barred person must not come back by typing the same number in full-width digits.
        #expect(ResidentIDNumber.parse("１10101199003074477") == .failure(.invalidCharacter))
        let subject = SubjectInfo(
            type: .individual, name: "x", idNumber: "１１0101199003074477", legalRepresentative: "x", phone: "13800138000", address: "xxxxx",
            bankAccount: "12345678")
        #expect(subject.subjectKey == "110101199003074477")
    }

    @Test func refusesLettersInTheBody() {
        #expect(ResidentIDNumber.parse("1101051949123A002X") == .failure(.invalidCharacter))
    }

    @Test func checkCharacterFollowsTheStandard() {
        // GB 11643's worked example: 11010519491231002 → X.
        #expect(ResidentIDNumber.checkCharacter(for: "11010519491231002".compactMap(\.wholeNumberValue)) == "X")
    }
}

@Suite struct CreditCodeTests {
    @Test(arguments: ["92330106MA2H0XY017", "91440300MA5DC6QX1K", "91110000MA01ABCD2Q", "91310000MA1FL0EE8D"])
    func acceptsValidCodes(_ code: String) throws {
        #expect(try CreditCode.parse(code).get().value == code)
        #expect(try CreditCode.parse(code.lowercased()).get().value == code)
    }

    @Test func refusesWrongCheckCharacter() {
        #expect(CreditCode.parse("91440300MA5DC6QX1C") == .failure(.checkDigitMismatch(expected: "K")))
    }

    @Test(arguments: ["I", "O", "Z", "S", "V"])
    func refusesLettersOutsideTheAlphabet(_ letter: String) {
        #expect(CreditCode.parse("9144030\(letter)MA5DC6QX1K") == .failure(.invalidCharacter(Character(letter))))
    }

    @Test func refusesWrongLength() {
        #expect(CreditCode.parse("91440300MA5DC6QX1") == .failure(.wrongLength))
    }

    @Test func everySingleCharacterChangeIsCaught() throws {
        // MOD 31 catches every single substitution: change each position to each other value.
        let valid = Array("91440300MA5DC6QX1K")
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        for position in 0..<17 {
            for replacement in alphabet where replacement != valid[position] {
                var changed = valid
                changed[position] = replacement
                #expect((try? CreditCode.parse(String(changed)).get()) == nil)
            }
        }
    }
}

@Suite struct ContactNumberTests {
    @Test func mobilePhones() {
        #expect(ContactNumbers.isMobilePhone("13800138000"))
        #expect(!ContactNumbers.isMobilePhone("12800138000"))
        #expect(!ContactNumbers.isMobilePhone("1380013800"))
        #expect(!ContactNumbers.isMobilePhone("1380013800a"))
    }

    @Test func bankAccounts() {
        #expect(ContactNumbers.isBankAccount("6222 0202 0011 2233 445"))
        #expect(!ContactNumbers.isBankAccount("1234567"))
        #expect(!ContactNumbers.isBankAccount("62220202001122X3445"))
    }
}
