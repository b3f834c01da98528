import Foundation

/// The facts the law requires of a product (产品质量法: product name, manufacturer name and
/// address), checked for presence and plausibility: a listing missing one, or filling it with a
/// placeholder, is a 三无 (no name, no maker, no address) finding.
public enum ProductFacts {
    /// The attribute keys the facts are read from.
    public static let productName = "productName"
    public static let manufacturerName = "manufacturerName"
    public static let manufacturerAddress = "manufacturerAddress"

    /// Values that fill a field without saying anything.
    static let placeholders: Set<String> = [
        "无", "暂无", "没有", "不详", "未知", "见详情", "详见详情", "详见包装", "见包装", "见图", "如图", "见描述", "其他", "其它",
        "na", "n/a", "none", "null", "-", "--", "/", ".", "0",
    ]

    /// Place words an address names at least one of (province, region, municipality, city, county).
    static let regions = ["省", "自治区", "市", "县", "特别行政区", "北京", "上海", "天津", "重庆", "香港", "澳门", "台湾"]

    /// Words that place an address down to a street or a building.
    static let streets = ["路", "街", "道", "号", "村", "镇", "乡", "巷", "弄", "大厦", "园区", "工业区", "开发区", "楼", "室", "栋", "幢"]

    /// The 三无 findings for a listing's attributes; none when the facts are present and plausible.
    public static func findings(_ attributes: [String: String]) -> [ScreeningFinding] {
        var findings: [ScreeningFinding] = []
        func finding(_ field: String, _ technique: String, _ value: String) {
            findings.append(
                ScreeningFinding(
                    violation: "three-no-product", category: "three-no", term: field, span: [0, value.unicodeScalars.count],
                    technique: technique, techniques: [technique], decision: .review))
        }
        for field in [productName, manufacturerName, manufacturerAddress] {
            let value = (attributes[field] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if value.isEmpty {
                finding(field, "missing", value)
            } else if placeholders.contains(value.lowercased()) || value.count < 2 {
                finding(field, "placeholder", value)
            } else if field == manufacturerAddress && !isPlausibleAddress(value) {
                finding(field, "implausible", value)
            }
        }
        return findings
    }

    /// Whether `address` names a region and a street or building.
    public static func isPlausibleAddress(_ address: String) -> Bool {
        regions.contains { address.contains($0) } && streets.contains { address.contains($0) } && address.count >= 6
    }
}
