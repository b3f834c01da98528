import Foundation

/// Plausibility checks for the contact and settlement numbers on an application.
public enum ContactNumbers {
    /// A mainland mobile number: eleven digits starting 13–19.
    public static func isMobilePhone(_ text: String) -> Bool {
        let digits = Array(text)
        guard digits.count == 11, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        return digits[0] == "1" && ("3"..."9").contains(digits[1])
    }

    /// A settlement bank account number (结算账户): 8 to 30 digits, spaces allowed between groups.
    public static func isBankAccount(_ text: String) -> Bool {
        let digits = text.filter { $0 != " " }
        return (8...30).contains(digits.count) && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }
}
